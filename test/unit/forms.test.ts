import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/lib/errors.ts';
import {
  decimal,
  isoDate,
  multilineText,
  optionalMultilineText,
  optionalText,
  parseDecimal,
  parseForm,
  text,
} from '../../src/web/forms.ts';

describe('parseDecimal reads numbers as officers type them', () => {
  it.each([
    ['2,5', 2.5],
    ['2.5', 2.5],
    ['12', 12],
    [' 0,75 ', 0.75],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    [',5', 0.5],
    ['-3,25', -3.25],
  ])('%s → %s', (input, expected) => expect(parseDecimal(input)).toBe(expected));

  it.each(['', 'abc', '2,5,5', '1e309', 'NaN', 'Infinity', '1,2.3', '12.34.5', '2 kg', '0x10', '--1'])('refuses %j', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });
});

describe('parseForm', () => {
  const schema = z.object({ name: text('Nama', 10), weight: decimal('Berat', { min: 0.001, max: 5000 }), day: isoDate('Tanggal') });

  it('returns typed values, trimmed, with the decimal comma read', () => {
    expect(parseForm(schema, { name: '  Terong ', weight: '2,5', day: '2026-11-22' })).toEqual({
      name: 'Terong',
      weight: 2.5,
      day: '2026-11-22',
    });
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

describe('text fields refuse control characters and bidi overrides', () => {
  const CONTROL = 'Nama lengkap berisi karakter yang tidak diizinkan (karakter kendali atau pembalik arah teks).';
  const ONE_LINE = 'Nama lengkap harus ditulis dalam satu baris (tanpa ganti baris atau tab).';
  const errorOf = (schema: z.ZodType, value: unknown) => {
    try {
      parseForm(z.object({ v: schema }), { v: value });
      return null;
    } catch (err) {
      return (err as ValidationError).fieldErrors.v;
    }
  };

  it.each(['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009fb', 'Siti \u202eanimA', 'a\u202ab', 'a\u2066b', 'a\u2069b'])(
    'a one-line field refuses %j with an Indonesian message',
    (v) => {
      expect(errorOf(text('Nama lengkap'), v)).toBe(CONTROL);
      expect(errorOf(optionalText('Nama lengkap'), v)).toBe(CONTROL);
    },
  );

  it.each(['catatan biasa\n=1+1', 'a\r\nb', 'a\rb', 'a\tb'])('a one-line field refuses the line break or tab in %j', (v) => {
    expect(errorOf(text('Nama lengkap'), v)).toBe(ONE_LINE);
    expect(errorOf(optionalText('Nama lengkap'), v)).toBe(ONE_LINE);
  });

  it('ordinary text, accents, emoji and right-to-left script are accepted; spaces and line breaks around it are trimmed', () => {
    for (const v of ['Siti Aminah', 'Ngatini bin Karto-Sumarto', 'Jl. Pemuda No. 12/3, RT 002/004', 'José 👨‍👩‍👧 كلمة']) {
      expect(errorOf(text('Nama lengkap'), v), v).toBeNull();
      expect(parseForm(z.object({ v: text('Nama lengkap') }), { v: ` ${v}\r\n` }).v).toBe(v);
    }
    expect(parseForm(z.object({ v: optionalText('Catatan') }), { v: ' \t\n ' }).v).toBeNull();
  });

  it('a multi-line field keeps LF, turns CRLF into LF, and refuses a bare CR, a tab and other control characters', () => {
    const notes = z.object({ v: multilineText('Catatan', 100) });
    expect(parseForm(notes, { v: 'baris satu\r\nbaris dua\nbaris tiga\r\n' }).v).toBe('baris satu\nbaris dua\nbaris tiga');
    for (const v of ['a\rb', 'a\tb', 'a\u0000b', 'a\u202eb']) {
      expect(errorOf(multilineText('Catatan'), v), JSON.stringify(v)).toBe(
        'Catatan berisi karakter yang tidak diizinkan (karakter kendali atau pembalik arah teks).',
      );
    }
    expect(errorOf(multilineText('Catatan'), ' ')).toBe('Catatan wajib diisi.');
    expect(parseForm(z.object({ v: optionalMultilineText('Catatan') }), { v: '' }).v).toBeNull();
    expect(parseForm(z.object({ v: optionalMultilineText('Catatan') }), { v: 'a\r\n=1' }).v).toBe('a\n=1');
    // The length counts a line break once, as stored.
    expect(errorOf(optionalMultilineText('Catatan', 3), 'a\r\nb')).toBeNull();
    expect(errorOf(optionalMultilineText('Catatan', 3), 'ab\r\nc')).toBe('Catatan paling banyak 3 karakter.');
  });
});

describe('the page to return to after login', () => {
  it('is a path on this site only: never another host, however it is spelled', async () => {
    const { safeReturnTo } = await import('../../src/features/auth/auth.routes.ts');
    for (const ok of ['/', '/recipients?category=lembaga', '/distributions/12#cetak']) expect(safeReturnTo(ok), ok).toBe(ok);
    for (const bad of [
      undefined,
      '',
      'https://jahat.example',
      '//jahat.example',
      '/\\jahat.example',
      '/\t/jahat.example',
      '\\\\jahat.example',
      'javascript:alert(1)',
    ]) {
      expect(safeReturnTo(bad), String(bad)).toBe('/');
    }
  });
});
