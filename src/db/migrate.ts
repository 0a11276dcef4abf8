// Applies the static list of migrations in migrations/index.ts, and refuses a database that a
// newer Lumbung has migrated further than this one knows.
import type SQLite from 'better-sqlite3';
import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './connect.ts';
import { ensureAppRole } from './postgres.ts';
import { installationWide } from './unit-scope.ts';

/** The database was made by a newer Lumbung: this one must not read it as if it understood it, nor write it. */
export class NewerDatabaseError extends Error {}

/** The one check, for the server and every command: throws NewerDatabaseError when `applied` holds a migration this Lumbung does not know. */
export function refuseUnknownMigrations(applied: readonly string[]): void {
  const unknown = applied.filter((name) => !Object.hasOwn(migrations, name));
  if (unknown.length) {
    throw new NewerDatabaseError(
      `Basis data ini dibuat oleh Lumbung yang lebih baru (migrasi ${unknown.join(', ')} tidak dikenal). Perbarui Lumbung sebelum memakainya.`,
    );
  }
}

/** The check on an open database (nothing applied yet, no migration table: nothing to refuse). */
export async function checkKnownMigrations(db: Db): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === DEFAULT_MIGRATION_TABLE)) return;
  const rows = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  refuseUnknownMigrations(rows.rows.map((r) => r.name));
}

/** The same check on a plain better-sqlite3 handle (a backup being made or restored). */
export function checkKnownMigrationsSync(sqlite: SQLite.Database): void {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(DEFAULT_MIGRATION_TABLE);
  if (!table) return;
  refuseUnknownMigrations(sqlite.prepare(`select name from ${DEFAULT_MIGRATION_TABLE}`).pluck().all() as string[]);
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const msg = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migrasi ${failed?.migrationName ?? ''} gagal: ${msg}`);
  }
  return result;
}

// Migrations work on every unit's records at once (src/db/unit-scope.ts).
export function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  return installationWide(async () => {
    await checkKnownMigrations(db);
    const result = check(await migrator(db).migrateToLatest());
    // PostgreSQL: the app's role for every table there is now (row-level security, migration 0024).
    await ensureAppRole(db);
    return result;
  });
}

/** Migrates up (or down) to the named migration: a copy made at an older version's schema, migrated later like that version's database. */
export function migrateTo(db: Db, name: string): Promise<MigrationResultSet> {
  return installationWide(async () => {
    await checkKnownMigrations(db);
    return check(await migrator(db).migrateTo(name));
  });
}

/** The migrations not yet applied to this database (a tool that must not change the schema refuses then). */
export function pendingMigrations(db: Db): Promise<string[]> {
  return installationWide(async () => {
    await checkKnownMigrations(db);
    return (await migrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
  });
}

/** Rolls back the newest migration (a test rebuilds a derived table this way). */
export function migrateDownOne(db: Db): Promise<void> {
  return installationWide(async () => void check(await migrator(db).migrateDown()));
}

/** Rolls every migration back, newest first (used by the up/down/up test). */
export function migrateAllDown(db: Db): Promise<void> {
  return installationWide(async () => {
    const m = migrator(db);
    for (;;) {
      const result = check(await m.migrateDown());
      if (!result.results || result.results.length === 0) return;
    }
  });
}
