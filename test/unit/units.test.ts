// What a unit's name says it is (src/features/units/units.service.ts), as officers write it.
import { describe, expect, it } from 'vitest';
import { uptTypeOf } from '../../src/features/units/units.service.ts';

describe('the kind of a UPT from its name', () => {
  it('reads the short and the full names, in any case', () => {
    expect(uptTypeOf('Rutan Kelas IIB Blora')).toBe('rutan');
    expect(uptTypeOf('RUMAH TAHANAN NEGARA KELAS IIB BLORA')).toBe('rutan');
    expect(uptTypeOf('Lapas Kelas IIA Pati')).toBe('lapas');
    expect(uptTypeOf('Lembaga  Pemasyarakatan Kelas I Semarang')).toBe('lapas');
    expect(uptTypeOf('Lapas Terbuka Kendal')).toBe('lapas_terbuka');
    expect(uptTypeOf('LEMBAGA PEMASYARAKATAN TERBUKA KELAS IIB KENDAL')).toBe('lapas_terbuka');
    expect(uptTypeOf('LPKA Kelas I Kutoarjo')).toBe('lpka');
    expect(uptTypeOf('Lembaga Pembinaan Khusus Anak Kelas I Kutoarjo')).toBe('lpka');
    expect(uptTypeOf('Bapas Kelas II Pati')).toBe('bapas');
    expect(uptTypeOf('Kantor Wilayah Jawa Tengah')).toBe('lainnya');
  });
});
