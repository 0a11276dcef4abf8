// Which engine the suite runs on. `npm test`: SQLite, a fresh file per test app. With DATABASE_URL
// (`npm run test:pg`): PostgreSQL, a fresh database per test app, copied from a template migrated
// once per set of migrations (CREATE DATABASE … TEMPLATE takes a few milliseconds; migrating takes
// a second).
import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createDatabase, databaseUrl, withAdmin } from './pg-admin.ts';
import { migrations } from '../../migrations/index.ts';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The PostgreSQL server the suite runs on (an admin URL), or null for SQLite. vitest.config.ts moves it here from DATABASE_URL. */
export const testPgAdminUrl: string | null = process.env.LUMBUNG_TEST_PG_ADMIN || null;
export const testEngine: 'sqlite' | 'postgres' = testPgAdminUrl ? 'postgres' : 'sqlite';

const urlFor = (database: string) => databaseUrl(testPgAdminUrl!, database);
const admin = <T>(fn: (client: pg.Client) => Promise<T>) => withAdmin(testPgAdminUrl!, fn);

let template: Promise<string> | undefined;

/** The migrated template, made by the first test file that needs it (the others wait on a lock). */
function migratedTemplate(): Promise<string> {
  return (template ??= admin(async (client) => {
    const name = `lumbung_tpl_${createHash('sha256').update(Object.keys(migrations).join('\n')).digest('hex').slice(0, 12)}`;
    await client.query('select pg_advisory_lock(4242)');
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (!rowCount) {
        await client.query(`create database ${name}_new`);
        const { openPostgres } = await import('../../src/db/postgres.ts');
        const conn = openPostgres(urlFor(`${name}_new`), { max: 1 });
        await migrateToLatest(conn.db);
        await conn.close();
        await client.query(`alter database ${name}_new rename to ${name}`);
      }
    } finally {
      await client.query('select pg_advisory_unlock(4242)');
    }
    return name;
  }));
}

/** A fresh PostgreSQL database, migrated (from the template) or empty: its URL, and the call that drops it. */
export async function freshPgDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const tpl = opts.empty ? null : await migratedTemplate();
  return createDatabase(testPgAdminUrl!, 'lumbung_t', tpl);
}

/**
 * An empty, unmigrated database on the suite's engine, for a test that migrates it itself (a step
 * at a time, with rows in between): a SQLite file in a temporary folder, or a PostgreSQL database.
 */
export async function emptyTestDatabase(): Promise<{ db: Kysely<Database>; close: () => Promise<void> }> {
  if (testEngine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-empty-'));
    const conn = openDatabase(path.join(dir, 'lumbung.db'));
    return {
      db: conn.db,
      close: async () => {
        await conn.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pgDb = await freshPgDatabase({ empty: true });
  const { openPostgres } = await import('../../src/db/postgres.ts');
  const conn = openPostgres(pgDb.url, { max: 2 });
  return {
    db: conn.db,
    close: async () => {
      await conn.close();
      await pgDb.drop();
    },
  };
}
