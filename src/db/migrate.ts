// Applies the static list of migrations in migrations/index.ts.
import { Migrator, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './connect.ts';

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

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateToLatest());
}

/** The migrations not yet applied to this database (a tool that must not change the schema refuses then). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/** Rolls back the newest migration (a test rebuilds a derived table this way). */
export async function migrateDownOne(db: Db): Promise<void> {
  check(await migrator(db).migrateDown());
}

/** Rolls every migration back, newest first (used by the up/down/up test). */
export async function migrateAllDown(db: Db): Promise<void> {
  const m = migrator(db);
  for (;;) {
    const result = check(await m.migrateDown());
    if (!result.results || result.results.length === 0) return;
  }
}
