// A unit's SQLite database copied whole into an empty PostgreSQL database of the same Lumbung
// version: every table row for row, ids kept (so receipt numbers, links and audit entries stay as
// they are), identity counters moved past them. All in one transaction: a copy that fails leaves
// the target empty. Used by `npm run copy:pg` and by the bench's PostgreSQL runs.
import SQLite from 'better-sqlite3';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest } from './migrate.ts';
import { openPostgres } from './postgres.ts';

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

export async function copySqliteToPostgres(sqliteFile: string, url: string, log: (s: string) => void = () => {}): Promise<CopyResult> {
  const started = performance.now();
  const source = new SQLite(sqliteFile, { readonly: true, fileMustExist: true });
  const target = openPostgres(url, { max: 1 });
  try {
    const applied = source.prepare(`select name from ${DEFAULT_MIGRATION_TABLE} order by name`).pluck().all() as string[];
    const known = Object.keys(migrations);
    if (applied.join() !== known.join())
      throw new Error(
        'berkas SQLite belum dimigrasi ke versi Lumbung ini (atau dibuat versi lain): jalankan dulu npm run migrate pada berkas itu.',
      );
    await migrateToLatest(target.db);
    // Never over records: the target must be a fresh installation (no user yet).
    const users = await sql<{ n: number }>`select count(*) as n from users`.execute(target.db);
    if (users.rows[0]!.n)
      throw new Error('basis data PostgreSQL tujuan sudah berisi data (ada pengguna): salin hanya ke basis data baru yang kosong.');
    const tables = tablesInOrder(source);
    let rows = 0;
    await target.db.transaction().execute(async (trx) => {
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
    });
    return { tables: tables.length, rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    source.close();
    await target.close();
  }
}
