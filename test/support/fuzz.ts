// Property tests of bad input: hostile values, the forms of a page read back from its HTML, a
// fingerprint of every table, and the checks every answer must pass (no 500, Indonesian 4xx).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type request from 'supertest';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';

/** One seed for every property, so a run is the same everywhere; CI-sized runs. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
export const RUNS = 25;
/** FUZZ_SCALE=10 FUZZ_SEED=7 npx vitest run test/http/fuzz — a longer hunt with another seed. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
export const fuzzOptions = (numRuns = RUNS) => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), endOnFailure: true });

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

/** Values an officer, a broken browser or an attacker might send in any field. */
export const HOSTILE = [
  '',
  ' ',
  '\t\n',
  '0',
  '-1',
  '-0',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-Infinity',
  '2,5,5',
  '2..5',
  ',5',
  '1.234.567,89',
  '99999999999999999999',
  '9007199254740993',
  '0x10',
  '1_000',
  '٣',
  '２,５',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '2026-02-29T25:61',
  '24:00',
  '7:5',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  SCRIPT,
  IMG,
  '=HYPERLINK("http://x")',
  '+1',
  '@SUM(A1)',
  '../../x',
  '..\\..\\x.png',
  '%00',
  '\u0000',
  'a\u0000b',
  '\u202Eكلمة\u202C',
  '👨‍👩‍👧‍👦🌶️',
  'Z̵̡̢͎a̸l̷g̶o̵',
  '\uFEFF',
  '\uD800',
  'ı',
  'ǅ',
  '1'.repeat(1000),
  'x'.repeat(100_000),
  // Over the 200 kB body limit once percent-encoded: the 413 page.
  'é'.repeat(40_000),
] as const;

/** Record ids: none, negative, too big, or those of other records (1..40 exist in most tables). */
const ids = fc.oneof(fc.integer({ min: -3, max: 40 }).map(String), fc.constantFrom('999999', '2147483648', '1.5', '1e3', ' 7 '));

export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: ids },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  {
    weight: 1,
    arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().slice(0, 10))),
  },
);

const hostileName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a[b]', 'items', '_form', ''),
  fc.string({ maxLength: 12 }),
);

export type Fields = Array<[string, string]>;

/** How one request differs from the valid baseline. */
export interface Mutation {
  replace: Array<[string, string]>;
  /** Sent twice, so the server gets an array where it expects one value. */
  repeat: Array<[string, string]>;
  drop: string[];
  extra: Array<[string, string]>;
}

export function mutationOf(fieldNames: string[]): fc.Arbitrary<Mutation> {
  const names = fieldNames.length ? fc.constantFrom(...fieldNames) : fc.constant('x');
  return fc.record({
    replace: fc.array(fc.tuple(names, hostileValue), { minLength: 1, maxLength: 3 }),
    repeat: fc.array(fc.tuple(names, hostileValue), { maxLength: 1 }),
    drop: fc.array(names, { maxLength: 1 }),
    extra: fc.array(fc.tuple(hostileName, hostileValue), { maxLength: 1 }),
  });
}

export function applyMutation(base: Fields, m: Mutation): Fields {
  const replaced = new Map(m.replace);
  const out: Fields = [];
  const seen = new Set<string>();
  for (const [k, v] of base) {
    if (m.drop.includes(k) && !replaced.has(k)) continue;
    if (replaced.has(k)) {
      if (seen.has(k)) continue;
      seen.add(k);
      out.push([k, replaced.get(k)!]);
    } else out.push([k, v]);
  }
  for (const [k, v] of replaced) if (!seen.has(k)) out.push([k, v]);
  return [...out, ...m.repeat, ...m.extra];
}

export function encode(fields: Fields): string {
  return fields.map(([k, v]) => `${urlEncode(k)}=${urlEncode(v)}`).join('&');
}

/** encodeURIComponent, with a lone surrogate (not encodable in UTF-8) sent as U+FFFD as a browser does. */
export function urlEncode(v: string): string {
  return encodeURIComponent(v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

export function setField(fields: Fields, name: string, value: string): Fields {
  return fields.some(([k]) => k === name) ? fields.map(([k, v]) => [k, k === name ? value : v]) : [...fields, [name, value]];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s>/])`).exec(tag);
  return m ? decode(m[1] ?? '') : undefined;
};

export interface HtmlForm {
  action: string;
  multipart: boolean;
  fields: Fields;
  files: string[];
}

/** The POST forms of a page and what a browser would submit without any change by the user. */
export function parseForms(html: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].flatMap(([, head, body]) => {
    if ((attr(`<form${head}>`, 'method') ?? 'get').toLowerCase() !== 'post') return [];
    const fields: Fields = [];
    const files: string[] = [];
    for (const [tag] of body!.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g)) {
      const name = attr(tag, 'name');
      if (!name) continue;
      if (tag.startsWith('<select')) {
        const options = [...tag.matchAll(/<option\b[^>]*>/g)].map(([o]) => o);
        const chosen = options.find((o) => attr(o, 'selected') !== undefined) ?? options[0];
        if (chosen) fields.push([name, attr(chosen, 'value') ?? '']);
      } else if (tag.startsWith('<textarea')) fields.push([name, decode(/>([\s\S]*)<\/textarea>/.exec(tag)?.[1] ?? '')]);
      else {
        const type = (attr(tag, 'type') ?? 'text').toLowerCase();
        if (type === 'file') files.push(name);
        else if (type === 'submit' || type === 'button') continue;
        else if ((type === 'checkbox' || type === 'radio') && attr(tag, 'checked') === undefined) continue;
        else fields.push([name, attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
      }
    }
    return [{ action: attr(`<form${head}>`, 'action') ?? '', multipart: /multipart/.test(head!), fields, files }];
  });
}

/** The form on a page posting to a route (`/events/:id/batch` matches `/events/7/batch?q=`). */
export function formOn(html: string, route: string): HtmlForm {
  const pattern = new RegExp(`^${route.replace(/:\w*[iI]d\b/g, '\\d+').replace(/:\w+/g, '[^/?]+')}(\\?|$)`);
  const form = parseForms(html).find((f) => pattern.test(f.action));
  expect(
    form,
    `form posting to ${route}; found ${parseForms(html)
      .map((f) => f.action)
      .join(', ')}`,
  ).toBeDefined();
  return form!;
}

/**
 * A digest of every table but the bookkeeping no record is made of — the sessions, the rate limits'
 * attempt counts (a refused login counts, by design) and the cache's version counter: equal
 * digests, nothing stored was changed. Read through
 * Kysely, so it is the same on both engines; the rows of a table are sorted in JS (not every table
 * has an `id`), so the digest does not depend on the order the engine returns them in.
 */
export async function fingerprint(t: TestApp): Promise<string> {
  const tables = (await t.db.introspection.getTables())
    .filter((table) => !table.isView && !['sessions', 'rate_limits', 'data_version'].includes(table.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const h = createHash('sha256');
  for (const table of tables) {
    const columns = table.columns.map((c) => c.name).sort();
    const rows = await t.db
      .selectFrom(table.name as 'users')
      .selectAll()
      .execute();
    const lines = rows.map((row) => JSON.stringify(columns.map((c) => (row as Record<string, unknown>)[c]))).sort();
    h.update(table.name).update('\0').update(lines.join('\n')).update('\0');
  }
  return h.digest('hex');
}

/** Every file under a folder, relative; the SQLite files themselves left out. */
/**
 * The files under DATA_DIR, and the uploaded files kept in the database on PostgreSQL as if they
 * were in DATA_DIR/uploads (the same names the file store gives them on SQLite).
 */
export async function storedFiles(t: TestApp): Promise<string[]> {
  const rows = await t.db.selectFrom('stored_files').select('name').execute();
  return [...filesUnder(t.config.dataDir), ...rows.map((r) => path.join('uploads', ...r.name.split('/')))].sort();
}

export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile() && !/lumbung\.db/.test(f))
    .sort();
}

const INDONESIAN =
  /wajib|harus|tidak|Periksa kembali|paling|Pilih|belum|sudah|salah|Terlalu|kedaluwarsa|ditolak|ditemukan|Isian|dibaca|Berkas|Foto|Logo/;
const LEAK = /\bat [\w.<>$]+ \(|node_modules|\.ts:\d+|(?:Type|Reference|Range|Syntax|Sqlite|Zod)Error|SQLITE_|\bError: /;

/**
 * What every answer must be: no 500; a refusal an Indonesian page without a stack trace; no raw
 * markup from the input. A script's route (`json`) refuses in JSON: a status word the script acts
 * on and the Indonesian message, without a stack trace either.
 */
export function checkAnswer(res: request.Response, label: string, opts: { json?: boolean } = {}): void {
  expect(res.status, `${label} → ${res.status}\n${res.text?.slice(0, 400)}`).toBeLessThan(500);
  const html = /html/.test(String(res.headers['content-type'] ?? ''));
  if (res.status >= 400 && opts.json && /json/.test(String(res.headers['content-type'] ?? ''))) {
    expect(['login', 'csrf', 'forbidden', 'refused', 'error'], `${label}: a status word`).toContain(res.body.status);
    expect(res.body.message, `${label}: an Indonesian message`).toMatch(INDONESIAN);
    expect(res.text, `${label}: no stack trace or error class`).not.toMatch(LEAK);
  } else if (res.status >= 400) {
    expect(html, `${label}: a ${res.status} is an HTML page`).toBe(true);
    expect(res.text, `${label}: Indonesian page`).toMatch(/<html lang="id"/);
    expect(res.text, `${label}: an Indonesian message`).toMatch(INDONESIAN);
    expect(res.text, `${label}: no stack trace or error class`).not.toMatch(LEAK);
    if (res.status === 422) expect(res.text, `${label}: a 422 shows what is wrong`).toMatch(/role="alert"|class="error"/);
  }
  if (html) {
    // A value that became an object or a function on its way to the page (`?kind=constructor`).
    expect(res.text, `${label}: an object or function shown as text`).not.toMatch(/\[native code\]|\[object \w+\]/);
    expect(res.text, `${label}: raw <script> from the input`).not.toContain('<script>alert');
    expect(res.text, `${label}: raw <img> from the input`).not.toContain('<img src=x');
  }
}

/** A checksum-valid NIK that differs with `n` (a woman born 15-08-1990, serial n). */
export function validNik(n: number): string {
  return `331601${55}0890${String(n % 10_000).padStart(4, '0')}`;
}
