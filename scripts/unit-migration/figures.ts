// What a database holds, as figures that must not change when the units migrations (0020–0023) turn
// a one-unit database into a unit tree: each table's rows, the sums of its quantities (grams, heads,
// rupiah) and a digest of every row, the receipt numbers, and the final monthly reports. Plain
// Kysely on any schema and either engine, importing nothing of src/: the same file reads a database
// in a checkout from before units (pre-units.ts) and after the migration with today's code.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { definitionsOf } from './definitions.ts';

// A database of any schema, before and after the migration: untyped on purpose, as a migration's
// Kysely<any> is (eslint.config.js).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export interface TableFigures {
  rows: number;
  /** The columns read (a table's columns before the migration; the migration adds some, never removes one). */
  columns: string[];
  /** Sum of each quantity column (grams, heads, rupiah: a name ending in _g, _rp or heads), as a decimal string. */
  sums: Record<string, string>;
  /** SHA-256 over every row's values of `columns`, in key order. */
  digest: string;
}

export interface ReceiptFigures {
  count: number;
  first: string | null;
  last: string | null;
  /** SHA-256 over every receipt number with its id, in id order. */
  digest: string;
}

export interface ReportFileFigures {
  bytes: number;
  sha256: string;
}

export interface ReportFigures {
  month: string;
  number: string | null;
  /** 'pdf-a4', 'pdf-f4', 'xlsx', 'csv' → the file served for the final report. */
  files: Record<string, ReportFileFigures>;
}

export interface Figures {
  /** How and from what the figures were made. */
  made: Record<string, string>;
  /** The newest migration applied when the figures were read. */
  schema: string;
  tables: Record<string, TableFigures>;
  receipts: ReceiptFigures;
  /** SQLite's next id of each table (sqlite_sequence), so that no id is ever given twice; {} on PostgreSQL. */
  sequences: Record<string, number>;
  /** Each column, key, reference and index as a line, without the unit's column (definitions.ts). */
  definitions: string[];
  reports: ReportFigures[];
}

/** The files compared for each final report: what the report page and `npm run report` serve. */
export const REPORT_FILES = [
  { key: 'pdf-a4', format: 'pdf', paper: 'a4' },
  { key: 'pdf-f4', format: 'pdf', paper: 'f4' },
  { key: 'xlsx', format: 'xlsx', paper: null },
  { key: 'csv', format: 'csv', paper: null },
] as const;

/** Grams, heads and rupiah (not the commodity's `tracks_heads` flag). */
const QUANTITY = /^(?!tracks_).*(_g|_rp|heads)$/;
/** Kysely's own bookkeeping: the migrations are compared as `schema`. */
const SKIPPED = new Set(['kysely_migration', 'kysely_migration_lock']);
const PAGE = 5_000;
/**
 * Not a record: the counter of writes that every app process on PostgreSQL watches to drop its
 * cached figures (src/db/postgres.ts). It moves with every write, a copy's and a migration's too,
 * so only its rows are compared.
 */
const MOVES_WITH_EVERY_WRITE = new Set(['data_version']);

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** One value the same on both engines: PostgreSQL gives a bigint as text, SQLite as a number; bytes as hex. */
function plain(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return `x${v.toString('hex')}`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** The tables and their columns as the database has them now. */
export async function tablesOf(db: AnyDb): Promise<Record<string, string[]>> {
  const tables = await db.introspection.getTables();
  return Object.fromEntries(
    tables
      .filter((t) => !t.isView && !SKIPPED.has(t.name) && !t.name.startsWith('sqlite_'))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((t) => [t.name, t.columns.map((c) => c.name)]),
  );
}

/** Rows, sums and digest of one table, over the columns given, in key order (id, else the first column). */
export async function tableFigures(db: AnyDb, table: string, columns: string[]): Promise<TableFigures> {
  const key = columns.includes('id') ? 'id' : columns[0]!;
  const hash = createHash('sha256');
  const quantities = columns.filter((c) => QUANTITY.test(c));
  const sums = new Map(quantities.map((c) => [c, 0n]));
  let rows = 0;
  const take = (page: Record<string, unknown>[]) => {
    for (const r of page) {
      hash.update(JSON.stringify(columns.map((c) => plain(r[c]))));
      hash.update('\n');
      for (const c of quantities) if (r[c] !== null && r[c] !== undefined) sums.set(c, sums.get(c)! + BigInt(r[c] as number | string));
      rows++;
    }
  };
  if (key === 'id') {
    // A page at a time, so ten years of stock movements never sit in memory at once.
    for (let after: unknown = null; ;) {
      let q = db.selectFrom(table).select(columns).orderBy('id').limit(PAGE);
      if (after !== null) q = q.where('id', '>', after);
      const page = await q.execute();
      take(page);
      if (page.length < PAGE) break;
      after = page.at(-1)!.id;
    }
  } else {
    take(await db.selectFrom(table).select(columns).orderBy(key).execute());
  }
  return { rows, columns, sums: Object.fromEntries([...sums].map(([c, s]) => [c, s.toString()])), digest: hash.digest('hex') };
}

export async function receiptFigures(db: AnyDb): Promise<ReceiptFigures> {
  const rows = await db.selectFrom('distributions').select(['id', 'receipt_no']).orderBy('id').execute();
  return {
    count: rows.length,
    first: (rows[0]?.receipt_no as string | undefined) ?? null,
    last: (rows.at(-1)?.receipt_no as string | undefined) ?? null,
    digest: sha256(rows.map((r) => `${String(r.id)} ${String(r.receipt_no)}`).join('\n')),
  };
}

/** SQLite's next id of each table; nothing on PostgreSQL, where the migration leaves the identities alone. */
export async function sequencesOf(db: AnyDb): Promise<Record<string, number>> {
  if (!isSqlite(db)) return {};
  const { rows } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence order by name`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.seq)]));
}

/** As the migrations tell the engines apart. */
function isSqlite(db: AnyDb): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Sqlite');
}

export async function newestMigration(db: AnyDb): Promise<string> {
  const row = await db.selectFrom('kysely_migration').select('name').orderBy('name', 'desc').limit(1).executeTakeFirstOrThrow();
  return String(row.name);
}

/** The final reports (status 'final'), oldest first: month and document number from the stored snapshot. */
export async function finalReports(db: AnyDb): Promise<Array<{ month: string; number: string | null }>> {
  const rows = await db
    .selectFrom('monthly_reports')
    .select(['month', 'snapshot_json'])
    .where('status', '=', 'final')
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: String(r.month), number: (JSON.parse(String(r.snapshot_json)) as { number?: string }).number ?? null }));
}

/**
 * Everything but the reports' files (drawn by the code of the checkout that reads them). `tables`
 * given: those tables and columns (the ones before the migration); else the database's own.
 */
export async function readFigures(
  db: AnyDb,
  tables?: Record<string, string[]>,
  log: (line: string) => void = () => {},
): Promise<Omit<Figures, 'made' | 'reports'>> {
  const wanted = tables ?? (await tablesOf(db));
  const out: Record<string, TableFigures> = {};
  for (const [table, columns] of Object.entries(wanted)) {
    out[table] = await tableFigures(db, table, columns);
    log(`${table}: ${out[table].rows} baris`);
  }
  return {
    schema: await newestMigration(db),
    tables: out,
    receipts: await receiptFigures(db),
    sequences: await sequencesOf(db),
    definitions: await definitionsOf(db, Object.keys(await tablesOf(db)), isSqlite(db) ? 'sqlite' : 'postgres'),
  };
}

/** Every difference between the figures before and after, one line each ([] = nothing lost, nothing changed). */
export function differences(
  before: Omit<Figures, 'made'>,
  after: Omit<Figures, 'made'>,
  opts: { sequences: boolean; definitions: boolean },
): string[] {
  const out: string[] = [];
  for (const [table, b] of Object.entries(before.tables)) {
    const a = after.tables[table];
    if (!a) {
      out.push(`${table}: tabel hilang`);
      continue;
    }
    if (a.rows !== b.rows) out.push(`${table}: ${b.rows} baris sebelum, ${a.rows} sesudah`);
    for (const [c, s] of Object.entries(b.sums)) if (a.sums[c] !== s) out.push(`${table}.${c}: jumlah ${s} sebelum, ${a.sums[c]} sesudah`);
    if (a.digest !== b.digest && !MOVES_WITH_EVERY_WRITE.has(table))
      out.push(`${table}: isi baris berubah (sidik ${b.digest.slice(0, 12)} → ${a.digest.slice(0, 12)})`);
  }
  for (const k of ['count', 'first', 'last', 'digest'] as const)
    if (before.receipts[k] !== after.receipts[k])
      out.push(`nomor tanda terima (${k}): ${before.receipts[k]} sebelum, ${after.receipts[k]} sesudah`);
  // Nothing read is no proof of nothing lost.
  if (opts.sequences && !Object.keys(before.sequences).length) out.push('penghitung id SQLite tidak terbaca');
  if (opts.definitions && !before.definitions.length) out.push('definisi tabel SQLite tidak terbaca');
  if (opts.sequences)
    for (const [table, seq] of Object.entries(before.sequences))
      if (after.sequences[table] !== seq) out.push(`${table}: id berikutnya ${seq} sebelum, ${after.sequences[table]} sesudah`);
  if (opts.definitions) {
    const now = new Set(after.definitions);
    for (const d of before.definitions) if (!now.has(d)) out.push(`definisi hilang: ${d}`);
  }
  const months = (rs: ReportFigures[]) => rs.map((r) => `${r.month} ${r.number}`).join(', ');
  if (months(before.reports) !== months(after.reports))
    out.push(`laporan final: ${months(before.reports)} sebelum, ${months(after.reports)} sesudah`);
  for (const b of before.reports) {
    const a = after.reports.find((r) => r.month === b.month);
    for (const [key, f] of Object.entries(b.files)) {
      const g = a?.files[key];
      if (!g || g.sha256 !== f.sha256)
        out.push(
          `laporan ${b.month} ${key}: ${f.bytes} bita ${f.sha256.slice(0, 12)} sebelum, ${g ? `${g.bytes} bita ${g.sha256.slice(0, 12)}` : 'tidak ada'} sesudah`,
        );
    }
  }
  return out;
}
