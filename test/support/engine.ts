// Which engine the suite runs on. `npm test`: SQLite, a fresh file per test app. With DATABASE_URL
// (`npm run test:pg`): PostgreSQL, a fresh database per test app, copied from a template migrated
// once per set of migrations (CREATE DATABASE … TEMPLATE takes a few milliseconds; migrating takes
// a second).
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The PostgreSQL server the suite runs on (an admin URL), or null for SQLite. vitest.config.ts moves it here from DATABASE_URL. */
export const testPgAdminUrl: string | null = process.env.LUMBUNG_TEST_PG_ADMIN || null;
export const testEngine: 'sqlite' | 'postgres' = testPgAdminUrl ? 'postgres' : 'sqlite';

function urlFor(database: string): string {
  const url = new URL(testPgAdminUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPgAdminUrl! });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

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

/** A fresh, migrated PostgreSQL database: its URL, and the call that drops it. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const tpl = await migratedTemplate();
  const name = `lumbung_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin((c) => c.query(`create database ${name} template ${tpl}`));
  return {
    url: urlFor(name),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
