import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/web/errors.ts';
import { decimal, isoDate, parseDecimal, parseForm, text } from '../../src/web/forms.ts';

describe('parseDecimal reads numbers as officers type them', () => {
  it.each([
    ['2,5', 2.5], ['2.5', 2.5], ['12', 12], [' 0,75 ', 0.75], ['1.234,5', 1234.5], ['1.234.567', 1234567], [',5', 0.5], ['-3,25', -3.25],
  ])('%s → %s', (input, expected) => expect(parseDecimal(input)).toBe(expected));

  it.each(['', 'abc', '2,5,5', '1e309', 'NaN', 'Infinity', '1,2.3', '12.34.5', '2 kg', '0x10', '--1'])('refuses %j', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });
});

describe('parseForm', () => {
  const schema = z.object({ name: text('Nama', 10), weight: decimal('Berat', { min: 0.001, max: 5000 }), day: isoDate('Tanggal') });

  it('returns typed values, trimmed, with the decimal comma read', () => {
    expect(parseForm(schema, { name: '  Terong ', weight: '2,5', day: '2026-11-22' })).toEqual({ name: 'Terong', weight: 2.5, day: '2026-11-22' });
  });

  it('throws one Indonesian message per field', () => {
    try {
      parseForm(schema, { name: '', weight: '2,5,5', day: '2026-02-30' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors).toEqual({
        name: 'Nama wajib diisi.',
        weight: 'Berat harus berupa angka, misalnya 2,5.',
        day: 'Tanggal bukan tanggal yang benar.',
      });
    }
  });

  it('refuses out-of-range numbers and too-long text, and survives odd shapes', () => {
    expect(() => parseForm(schema, { name: 'x'.repeat(11), weight: '0', day: '2026-01-01' })).toThrow(ValidationError);
    expect(() => parseForm(schema, { name: ['a', 'b'], weight: { x: 1 }, day: null })).toThrow(ValidationError);
    expect(() => parseForm(schema, undefined)).toThrow(ValidationError);
  });
});
