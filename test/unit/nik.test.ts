import { describe, expect, it } from 'vitest';
import { cleanNik, isValidNik, maskNik, nikProblem } from '../../src/lib/nik.ts';

describe('maskNik', () => {
  it('shows the first four and last four digits with eight bullets between', () => {
    expect(maskNik('3316015708900001')).toBe('3316••••••••0001');
  });

  it('gives an empty string for no NIK', () => {
    expect(maskNik(null)).toBe('');
    expect(maskNik(undefined)).toBe('');
    expect(maskNik('')).toBe('');
  });

  it('never lets a short value through unmasked', () => {
    expect(maskNik('12345')).toBe('••••••••');
  });
});

describe('nikProblem', () => {
  it('accepts a man born on 17 August 1990 and a woman born on the same day (day + 40)', () => {
    expect(nikProblem('3316011708900001')).toBeNull();
    expect(nikProblem('3316015708900001')).toBeNull();
    expect(isValidNik('3316015708900001')).toBe(true);
  });

  it('accepts 29 February only in a year divisible by four', () => {
    expect(nikProblem('3316012902000001')).toBeNull();
    expect(nikProblem('3316016902040001')).toBeNull();
    expect(nikProblem('3316012902010001')).toMatch(/tanggal lahir/);
  });

  it('refuses anything that is not 16 digits, saying how many were typed', () => {
    expect(nikProblem('331601170890001')).toBe('NIK harus tepat 16 angka; yang diketik 15 angka.');
    expect(nikProblem('33160117089000011')).toBe('NIK harus tepat 16 angka; yang diketik 17 angka.');
    expect(nikProblem('3316O11708900001')).toBe('NIK hanya boleh berisi angka.');
  });

  it('refuses region code 000000', () => {
    expect(nikProblem('0000001708900001')).toMatch(/kode wilayah/);
  });

  it('refuses digits 7 to 12 that are no birth date', () => {
    for (const nik of [
      '3316010008900001',
      '3316013208900001',
      '3316017208900001',
      '3316011713900001',
      '3316013104900001',
      '3316014000900001',
    ]) {
      expect(nikProblem(nik), nik).toMatch(/angka ke-7 sampai ke-12 harus tanggal lahir/);
    }
  });

  it('cleanNik drops the spaces of a copied number', () => {
    expect(cleanNik(' 3316 0157 0890 0001 ')).toBe('3316015708900001');
  });
});
