import { afterEach, describe, expect, it } from 'vitest';
import { formatDate } from '../../src/lib/format.ts';
import { dateInWords, numberToWords } from '../../src/lib/words.ts';

describe('Indonesian words (terbilang)', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = zone;
  });

  it('numberToWords says 0 as nol, 10 as sepuluh, 11 as sebelas, 100 as seratus and 1000 as seribu', () => {
    expect(numberToWords(0)).toBe('nol');
    expect(numberToWords(1)).toBe('satu');
    expect(numberToWords(10)).toBe('sepuluh');
    expect(numberToWords(11)).toBe('sebelas');
    expect(numberToWords(100)).toBe('seratus');
    expect(numberToWords(1000)).toBe('seribu');
    expect(numberToWords(1111)).toBe('seribu seratus sebelas');
  });

  it('numberToWords builds teens with belas and tens with puluh', () => {
    expect(numberToWords(12)).toBe('dua belas');
    expect(numberToWords(19)).toBe('sembilan belas');
    expect(numberToWords(20)).toBe('dua puluh');
    expect(numberToWords(24)).toBe('dua puluh empat');
    expect(numberToWords(99)).toBe('sembilan puluh sembilan');
    expect(numberToWords(115)).toBe('seratus lima belas');
    expect(numberToWords(900)).toBe('sembilan ratus');
  });

  it('numberToWords composes ribu, juta and miliar, saying satu before juta and miliar but se- before ribu', () => {
    expect(numberToWords(2026)).toBe('dua ribu dua puluh enam');
    expect(numberToWords(11_000)).toBe('sebelas ribu');
    expect(numberToWords(100_000)).toBe('seratus ribu');
    expect(numberToWords(250_000)).toBe('dua ratus lima puluh ribu');
    expect(numberToWords(1_000_000)).toBe('satu juta');
    expect(numberToWords(1_001_000)).toBe('satu juta seribu');
    expect(numberToWords(1_500_000)).toBe('satu juta lima ratus ribu');
    expect(numberToWords(1_000_000_000)).toBe('satu miliar');
    expect(numberToWords(999_999_999_999)).toBe(
      'sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh sembilan juta ' +
        'sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan',
    );
  });

  it('numberToWords refuses negative and fractional numbers', () => {
    expect(() => numberToWords(-1)).toThrow(RangeError);
    expect(() => numberToWords(1.5)).toThrow(RangeError);
  });

  it('dateInWords says the weekday, the day and the year in words and the month by name', () => {
    expect(dateInWords('2024-12-24')).toBe('Selasa, dua puluh empat Desember dua ribu dua puluh empat');
    expect(dateInWords('2025-10-27')).toBe('Senin, dua puluh tujuh Oktober dua ribu dua puluh lima');
    expect(dateInWords('2026-01-01')).toBe('Kamis, satu Januari dua ribu dua puluh enam');
    expect(dateInWords('2024-02-29')).toBe('Kamis, dua puluh sembilan Februari dua ribu dua puluh empat');
    expect(dateInWords('2026-11-11')).toBe('Rabu, sebelas November dua ribu dua puluh enam');
  });

  it('dateInWords gives the same weekday whatever time zone the server runs in', () => {
    for (const tz of ['Pacific/Kiritimati', 'Asia/Jakarta', 'UTC', 'Pacific/Pago_Pago']) {
      process.env.TZ = tz;
      expect(dateInWords('2024-12-24')).toBe('Selasa, dua puluh empat Desember dua ribu dua puluh empat');
    }
  });

  it('dateInWords refuses what is not a calendar date', () => {
    expect(() => dateInWords('24-12-2024')).toThrow(RangeError);
    expect(() => dateInWords('2025-02-30')).toThrow(RangeError);
  });

  it('the long date in digits comes from formatDate: 24 Desember 2024', () => {
    expect(formatDate('2024-12-24')).toBe('24 Desember 2024');
  });
});
