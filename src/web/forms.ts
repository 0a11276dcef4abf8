// The one form-handling path: Zod parses the body with Indonesian messages; a failure becomes a
// ValidationError, which the error handler turns into the same form, values kept, status 422.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isCommonPassword } from '../lib/common-passwords.ts';
import { isIsoDate, wibDate } from '../lib/time.ts';
import { ValidationError } from '../lib/errors.ts';

z.config(z.locales.id());

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    fieldErrors[key] ??= issue.message;
  }
  throw new ValidationError(fieldErrors);
}

/** Form values trimmed; an absent field is an empty string. */
const str = z.preprocess(
  (v) => (Array.isArray(v) ? v[0] : (v ?? '')),
  z.string().transform((s) => s.trim()),
);

/** As `str`, with a textarea's CRLF line breaks stored as LF. */
const lines = z.preprocess(
  (v) => (Array.isArray(v) ? v[0] : (v ?? '')),
  z.string().transform((s) => s.replace(/\r\n/g, '\n').trim()),
);

/**
 * Control characters (C0, DEL, C1) and the bidi embeddings, overrides and isolates that make text
 * read differently from what is stored (a name shown backwards on a receipt, a hidden line in a CSV).
 * Line breaks and tab are C0 too: only a multi-line field lets LF through.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;

/** Why typed text may not be stored as it is, or null. */
export function textProblem(label: string, s: string, opts: { multiline?: boolean } = {}): string | null {
  if (!opts.multiline && LINE_BREAK_OR_TAB.test(s)) return `${label} harus ditulis dalam satu baris (tanpa ganti baris atau tab).`;
  if (CONTROL.test(opts.multiline ? s.replace(/\n/g, '') : s)) {
    return `${label} berisi karakter yang tidak diizinkan (karakter kendali atau pembalik arah teks).`;
  }
  return null;
}

function plain(label: string, max: number, opts: { required: boolean; multiline?: boolean }) {
  let s = z.string();
  if (opts.required) s = s.min(1, `${label} wajib diisi.`);
  return s.max(max, `${label} paling banyak ${max} karakter.`).superRefine((v, ctx) => {
    const problem = textProblem(label, v, opts);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A required one-line text field (an <input>), e.g. `text('Nama lengkap', 120)`. */
export function text(label: string, max = 200) {
  return str.pipe(plain(label, max, { required: true }));
}

/** An optional one-line text field: empty becomes null. */
export function optionalText(label: string, max = 200) {
  return str.pipe(plain(label, max, { required: false }).transform((s) => (s === '' ? null : s)));
}

/** A required multi-line text field (a <textarea>): line breaks kept as LF. */
export function multilineText(label: string, max = 1000) {
  return lines.pipe(plain(label, max, { required: true, multiline: true }));
}

/** An optional multi-line text field: empty becomes null. */
export function optionalMultilineText(label: string, max = 1000) {
  return lines.pipe(plain(label, max, { required: false, multiline: true }).transform((s) => (s === '' ? null : s)));
}

/**
 * A new password: kept as typed (no trimming), 10 to 200 characters, and not one of the common
 * passwords guessed first. Only for new passwords: logging in accepts older, shorter ones.
 */
export function password(label = 'Kata sandi') {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .min(1, `${label} wajib diisi.`)
      .min(10, `${label} minimal 10 karakter.`)
      .max(200, `${label} paling banyak 200 karakter.`)
      .refine((p) => !isCommonPassword(p), `${label} ini terlalu umum dan mudah ditebak. Pilih yang lain.`),
  );
}

/** A day written YYYY-MM-DD (from <input type="date">). */
export function isoDate(label: string) {
  return str.pipe(z.string().min(1, `${label} wajib diisi.`).refine(isIsoDate, `${label} bukan tanggal yang benar.`));
}

export function optionalIsoDate(label: string) {
  return str.pipe(
    z
      .string()
      .refine((s) => s === '' || isIsoDate(s), `${label} bukan tanggal yang benar.`)
      .transform((s) => (s === '' ? null : s)),
  );
}

/**
 * A decimal number as officers type it: `2,5` or `2.5` (thousands dots as in `1.234,5` too).
 * Returns a JS number; callers turn it into integer grams with `toSmallestUnit`.
 */
export function decimal(label: string, opts: { min?: number; max?: number } = {}) {
  return str.pipe(
    z
      .string()
      .min(1, `${label} wajib diisi.`)
      .transform((s, ctx) => {
        const n = parseDecimal(s);
        if (n === null) {
          ctx.addIssue({ code: 'custom', message: `${label} harus berupa angka, misalnya 2,5.` });
          return z.NEVER;
        }
        if (opts.min !== undefined && n < opts.min) {
          ctx.addIssue({ code: 'custom', message: `${label} paling sedikit ${String(opts.min).replace('.', ',')}.` });
          return z.NEVER;
        }
        if (opts.max !== undefined && n > opts.max) {
          ctx.addIssue({ code: 'custom', message: `${label} paling banyak ${String(opts.max).replace('.', ',')}.` });
          return z.NEVER;
        }
        return n;
      }),
  );
}

/** `2,5` → 2.5, `1.234,5` → 1234.5, `2.5` → 2.5; anything else → null. */
export function parseDecimal(input: string): number | null {
  let s = input.trim().replace(/\s/g, '');
  if (!/^-?[\d.,]+$/.test(s)) return null;
  if (s.includes(',')) {
    // Indonesian: dots group thousands, the one comma is the decimal mark.
    if ((s.match(/,/g) ?? []).length > 1) return null;
    if (s.includes('.') && !/^-?\d{1,3}(\.\d{3})*,\d*$/.test(s)) return null;
    s = s.replace(/\./g, '').replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    // 1.234.567 = thousands groups only.
    if (!/^-?\d{1,3}(\.\d{3})+$/.test(s)) return null;
    s = s.replace(/\./g, '');
  }
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A checkbox group: absent → [], one value → [value]. */
export function checkboxes<T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values, { error: `${label} tidak dikenal.` })),
  );
}

/** A single checkbox: present → 1, absent → 0. */
export const checkbox = z.preprocess((v) => (v === undefined || v === '' ? 0 : 1), z.number());

/** The values to put back into a form: never a password. */
export function keptValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (/password|_csrf/i.test(k)) continue;
    out[k] = v;
  }
  return out;
}

/** A one-time token rendered in a form, so a resend (double tap, browser retry) is recognised. */
export function newFormToken(): string {
  return randomBytes(16).toString('hex');
}

export const formToken = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z.string().regex(/^[0-9a-f]{32}$/, 'Formulir tidak lengkap. Muat ulang halaman, lalu isi lagi.'),
);

/** A whole number typed by an officer (dots as thousands separators allowed: 1.500.000). */
export function integer(label: string, opts: { min?: number; max?: number } = {}) {
  return decimal(label, opts).refine((n) => Number.isInteger(n), `${label} harus bilangan bulat.`);
}

/** An optional field: empty → null, else the inner schema. */
export function optional<T extends z.ZodType>(inner: T) {
  return z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v), inner.nullable());
}

/** A select of a record id. */
export function idField(label: string) {
  return z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v),
    z.coerce
      .number({ error: `Pilih ${label}.` })
      .int(`Pilih ${label}.`)
      .positive(`Pilih ${label}.`)
      .max(2 ** 31, `Pilih ${label}.`),
  );
}

/** A day that is not after today (WIB). */
export function pastIsoDate(label: string) {
  return isoDate(label).refine((d) => d <= wibDate(), `${label} tidak boleh setelah hari ini.`);
}

/** Kilograms as typed → integer grams. */
export function kilograms(label: string, opts: { min?: number; max?: number } = { min: 0.001, max: 100_000 }) {
  return decimal(label, opts).transform((kg) => Math.round(kg * 1000));
}

/** Rupiah as typed: `150000`, `150.000`, `Rp 150.000` or `150.000,00` → 150000. */
export function rupiah(label: string, opts: { min?: number; max?: number } = {}) {
  return wholeNumber(label, opts, 'dalam rupiah tanpa sen, misalnya 150.000');
}

/** A whole number where a dot can only group thousands: `1.250` → 1250 (an area, money). */
export function wholeNumber(label: string, opts: { min?: number; max?: number } = {}, example = 'sebagai bilangan bulat, misalnya 1.250') {
  return str.pipe(
    z.string().transform((s, ctx) => {
      const cleaned = s
        .replace(/^rp\.?\s*/i, '')
        .replace(/\s/g, '')
        .replace(/,0{1,2}$/, '');
      const ok = /^\d{1,3}(\.\d{3})+$|^\d+$/.test(cleaned);
      const n = ok ? Number(cleaned.replace(/\./g, '')) : NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `${label} ditulis ${example}.` });
        return z.NEVER;
      }
      if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
        ctx.addIssue({ code: 'custom', message: `${label} harus antara ${opts.min ?? 0} dan ${opts.max ?? n}.` });
        return z.NEVER;
      }
      return n;
    }),
  );
}

/*
 * Query-string filters: a list page never fails on a bad value; the value is dropped and the
 * page shows everything (a repeated parameter counts once).
 */
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export function queryText(max: number, pattern?: RegExp) {
  const s = z.string().trim().max(max);
  return z.preprocess(first, (pattern ? s.regex(pattern) : s).catch('')).default('');
}

export const queryId = queryText(9, /^\d*$/);

/** A list's search box and its order (links in the table headers): newest first unless asked. */
export const listQuery = {
  q: queryText(100),
  sort: queryEnum(['date', 'number'], 'date'),
  dir: queryEnum(['desc', 'asc'], 'desc'),
};

export const queryDate = z
  .preprocess(
    first,
    z
      .string()
      .refine((s) => s === '' || isIsoDate(s))
      .catch(''),
  )
  .default('');

export const queryPage = z.preprocess(first, z.coerce.number().int().min(1).max(1_000_000).catch(1)).default(1);

export function queryEnum<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.preprocess(first, z.enum(values).catch(fallback)).default(fallback);
}

/** Voiding a record (a harvest, a stock outflow, a handover): the reason, kept in the audit trail. */
export const voidSchema = z.object({ reason: text('Alasan pembatalan', 500) });
