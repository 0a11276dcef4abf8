import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connect.ts';
import { migrateAllDown, migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../migrations/index.ts';
import { emptyTestDatabase } from '../support/engine.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-mig-'));
const conn = openDatabase(path.join(dir, 'm.db'));
afterAll(async () => {
  await conn.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The tables of a database but Kysely's own, read through Kysely: the same on both engines. */
async function tables(db: Db): Promise<string[]> {
  return (await db.introspection.getTables())
    .filter((t) => !t.isView)
    .map((t) => t.name)
    .sort();
}

describe('migrations', () => {
  // On the suite's engine: every migration's down must work on PostgreSQL as well.
  it('run all up, all down, all up again on a fresh database', async () => {
    const fresh = await emptyTestDatabase();
    try {
      const up1 = await migrateToLatest(fresh.db);
      expect(up1.results?.length).toBe(Object.keys(migrations).length);
      const afterUp = await tables(fresh.db);
      expect(afterUp).toEqual(expect.arrayContaining(['users', 'user_roles', 'sessions', 'site_settings', 'signatories', 'audit_log']));

      await migrateAllDown(fresh.db);
      expect(await tables(fresh.db)).toEqual([]);

      await migrateToLatest(fresh.db);
      expect(await tables(fresh.db)).toEqual(afterUp);
    } finally {
      await fresh.close();
    }
  });

  // SQLite's pragmas, on a file of its own: the SQLite connection is checked on either run.
  it('open the database with WAL, full sync and foreign keys', () => {
    expect(conn.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(conn.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(conn.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(conn.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
  });
});
