import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatKg, formatNumber, formatRupiah } from '../../src/lib/format.ts';
import { isIsoDate, previousDay, wibDate } from '../../src/lib/time.ts';

describe('WIB dates', () => {
  it('a UTC evening is already the next day in Jakarta', () => {
    expect(wibDate(new Date('2026-11-22T16:59:59Z'))).toBe('2026-11-22');
    expect(wibDate(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });

  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26-2-3')).toBe(false);
    expect(previousDay('2025-03-01')).toBe('2025-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
  });
});

describe('Indonesian formats', () => {
  it('formats numbers, kilograms and rupiah the Indonesian way', () => {
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatKg(1234500)).toBe('1.234,5 kg');
    expect(formatKg(2500)).toBe('2,5 kg');
    expect(formatRupiah(1500000).replace(/\s/g, ' ')).toBe('Rp 1.500.000');
  });

  it('formats dates in WIB whatever the server zone', () => {
    expect(formatDate('2024-12-24')).toBe('24 Desember 2024');
    expect(formatDateTime('2026-11-22T17:30:00Z')).toBe('23/11/2026, 00.30 WIB');
  });
});
