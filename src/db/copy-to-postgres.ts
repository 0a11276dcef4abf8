// A unit's SQLite database copied whole into an empty PostgreSQL database of the same Lumbung
// version: every table row for row, ids kept (so receipt numbers, links and audit entries stay as
// they are), identity counters moved past them, and the uploaded photos and logo from the unit's
// DATA_DIR/uploads into the database's file store. All in one transaction: a copy that fails leaves
// the target empty. Used by `npm run copy:pg` and by the bench's PostgreSQL runs; with `atSourceSchema`,
// by the test that migrates a PostgreSQL installation of an older version (units-migration-copy).
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import { sha256 } from './file-store.ts';
import { migrations } from '../../migrations/index.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { installationWide } from './unit-scope.ts';

/** PostgreSQL's limit is 65 535 bound values a statement. */
const MAX_PARAMETERS = 30_000;

/** Tables in an order where every row's references are already there (SQLite's foreign keys). */
function tablesInOrder(source: SQLite.Database): string[] {
  const tables = (
    source
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[]
  ).filter((t) => t !== DEFAULT_MIGRATION_TABLE && t !== DEFAULT_MIGRATION_LOCK_TABLE);
  const needs = new Map(
    tables.map((t) => [
      t,
      new Set((source.prepare(`select "table" from pragma_foreign_key_list(?)`).pluck().all(t) as string[]).filter((r) => r !== t)),
    ]),
  );
  const ordered: string[] = [];
  while (ordered.length < tables.length) {
    const next = tables.filter((t) => !ordered.includes(t) && [...needs.get(t)!].every((r) => ordered.includes(r)));
    if (!next.length)
      throw new Error(`urutan tabel tidak dapat ditentukan (rujukan melingkar): ${tables.filter((t) => !ordered.includes(t)).join(', ')}`);
    ordered.push(...next);
  }
  return ordered;
}

export interface CopyResult {
  tables: number;
  rows: number;
  seconds: number;
}

/** Texts longer than the PostgreSQL column allows (SQLite never enforced varchar lengths): named, before anything is written. */
async function tooLong(source: SQLite.Database, db: Kysely<Database>, tables: string[]): Promise<string[]> {
  const limits = await sql<{ table_name: string; column_name: string; n: number }>`
    select table_name, column_name, character_maximum_length as n from information_schema.columns
    where table_schema = current_schema() and character_maximum_length is not null`.execute(db);
  const found: string[] = [];
  for (const { table_name: t, column_name: c, n } of limits.rows) {
    if (!tables.includes(t)) continue;
    // The rows named by id, or by SQLite's rowid where a table has no id column.
    const key = (source.prepare(`select name from pragma_table_info(?)`).pluck().all(t) as string[]).includes('id') ? 'id' : 'rowid';
    const ids = source.prepare(`select ${key} from "${t}" where length("${c}") > ? limit 5`).pluck().all(n) as unknown[];
    if (ids.length) found.push(`${t}.${c} lebih dari ${n} karakter (id ${ids.join(', ')}${ids.length === 5 ? ', …' : ''})`);
  }
  return found;
}

/** Every file under the uploads folder, by the name the records hold ('harvests/unit-1/<token>.jpg'). */
function uploadedFiles(dir: string | null): string[] {
  if (!dir || !fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => !f.endsWith('.tmp') && fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * `atSourceSchema`: the target is made at the schema of the SQLite file (a version older than this
 * one), not this version's, as that older version's copy:pg made it; `npm run migrate` brings both
 * up to date the same way.
 */
export function copySqliteToPostgres(
  sqliteFile: string,
  url: string,
  log: (s: string) => void = () => {},
  uploadsDir: string | null = null,
  opts: { atSourceSchema?: boolean } = {},
): Promise<CopyResult> {
  // Every unit's records, row for row with their unit (src/db/unit-scope.ts).
  return installationWide(() => copyAll(sqliteFile, url, log, uploadsDir, opts.atSourceSchema ?? false));
}

async function copyAll(
  sqliteFile: string,
  url: string,
  log: (s: string) => void,
  uploadsDir: string | null,
  atSourceSchema: boolean,
): Promise<CopyResult> {
  const started = performance.now();
  const source = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  const target = openPostgres(url, { max: 1 });
  try {
    const applied = source.prepare(`select name from ${DEFAULT_MIGRATION_TABLE} order by name`).pluck().all() as string[];
    const known = Object.keys(migrations);
    const expected = atSourceSchema ? known.slice(0, applied.length) : known;
    if (!applied.length || applied.join() !== expected.join())
      throw new Error(
        'berkas SQLite belum dimigrasi ke versi Lumbung ini (atau dibuat versi lain): jalankan dulu npm run migrate pada berkas itu.',
      );
    if (atSourceSchema) await migrateTo(target.db, applied.at(-1)!);
    else await migrateToLatest(target.db);
    const tables = tablesInOrder(source);
    const long = await tooLong(source, target.db, tables);
    if (long.length) throw new Error(`data lama tidak muat di PostgreSQL, perbaiki dulu di Lumbung: ${long.join('; ')}`);
    let rows = 0;
    await target.db.transaction().execute(async (trx) => {
      // Never over records: the target must be a fresh installation (no user yet), checked under the writer lock.
      const users = await sql<{ n: number }>`select count(*) as n from users`.execute(trx);
      if (users.rows[0]!.n)
        throw new Error('basis data PostgreSQL tujuan sudah berisi data (ada pengguna): salin hanya ke basis data baru yang kosong.');
      for (const table of [...tables].reverse()) {
        const existing = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
        // Rows the migrations themselves put there (the seeded commodities, the settings row…) are the source's to give.
        if (existing.rows[0]!.n) await sql`delete from ${sql.table(table)}`.execute(trx);
      }
      for (const table of tables) {
        const columns = (source.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]).map(String);
        const batch = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
        const select = source.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}" order by rowid`).raw();
        let chunk: unknown[][] = [];
        const flush = async () => {
          if (!chunk.length) return;
          const values = chunk.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
          await trx
            .insertInto(table as never)
            .values(values as never)
            .execute();
          rows += chunk.length;
          chunk = [];
        };
        for (const row of select.iterate() as Iterable<unknown[]>) {
          chunk.push(row);
          if (chunk.length >= batch) await flush();
        }
        await flush();
        // An identity column continues after the highest id copied.
        if (columns.includes('id')) {
          await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)
                    where pg_get_serial_sequence(${table}, 'id') is not null`.execute(trx);
        }
        log(`${table}: ${(source.prepare(`select count(*) from "${table}"`).pluck().get() as number).toLocaleString('id-ID')} baris`);
      }
      // The unit's photos and logo, into the database's file store (src/db/file-store.ts).
      const files = uploadedFiles(uploadsDir);
      for (const name of files) {
        const bytes = fs.readFileSync(path.join(uploadsDir!, name));
        await trx
          .insertInto('stored_files')
          .values({ name, bytes, size: bytes.length, sha256: sha256(bytes), created_at: new Date().toISOString() })
          .execute();
      }
      if (files.length) log(`berkas unggahan: ${files.length}`);
      rows += files.length;
    });
    return { tables: tables.length, rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    source.close();
    await target.close();
  }
}
