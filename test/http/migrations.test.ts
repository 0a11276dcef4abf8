import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateAllDown, migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../migrations/index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-mig-'));
const conn = openDatabase(path.join(dir, 'm.db'));
afterAll(async () => {
  await conn.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tables(): Promise<string[]> {
  const r = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
    conn.db,
  );
  return r.rows.map((x) => x.name);
}

describe('migrations', () => {
  it('run all up, all down, all up again on a fresh database', async () => {
    const up1 = await migrateToLatest(conn.db);
    expect(up1.results?.length).toBe(Object.keys(migrations).length);
    const afterUp = await tables();
    expect(afterUp).toEqual(expect.arrayContaining(['users', 'user_roles', 'sessions', 'site_settings', 'signatories', 'audit_log']));

    await migrateAllDown(conn.db);
    expect(await tables()).toEqual([]);

    await migrateToLatest(conn.db);
    expect(await tables()).toEqual(afterUp);
  });

  it('open the database with WAL, full sync and foreign keys', () => {
    expect(conn.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(conn.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(conn.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(conn.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
  });
});
