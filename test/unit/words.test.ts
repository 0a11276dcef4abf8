import { describe, expect, it } from 'vitest';
import { dateInWords, numberToWords } from '../../src/lib/words.ts';

describe('Indonesian words', () => {
  it('numberToWords says the special forms: nol, sebelas, sepuluh, seratus, seribu', () => {
    expect(numberToWords(0)).toBe('nol');
    expect(numberToWords(10)).toBe('sepuluh');
    expect(numberToWords(11)).toBe('sebelas');
    expect(numberToWords(15)).toBe('lima belas');
    expect(numberToWords(100)).toBe('seratus');
    expect(numberToWords(1000)).toBe('seribu');
    expect(numberToWords(1111)).toBe('seribu seratus sebelas');
  });

  it('numberToWords composes tens, hundreds, thousands and millions', () => {
    expect(numberToWords(24)).toBe('dua puluh empat');
    expect(numberToWords(2026)).toBe('dua ribu dua puluh enam');
    expect(numberToWords(250_000)).toBe('dua ratus lima puluh ribu');
    expect(numberToWords(1_000_000)).toBe('satu juta');
    expect(numberToWords(1_500_000)).toBe('satu juta lima ratus ribu');
    expect(() => numberToWords(-1)).toThrow();
  });

  it('dateInWords gives the weekday from the calendar date, whatever the time zone', () => {
    expect(dateInWords('2024-12-24')).toBe('Selasa, dua puluh empat Desember dua ribu dua puluh empat');
    expect(dateInWords('2025-10-27')).toBe('Senin, dua puluh tujuh Oktober dua ribu dua puluh lima');
    expect(dateInWords('2026-01-01')).toBe('Kamis, satu Januari dua ribu dua puluh enam');
  });
});
