// The backup's copy and integrity check run in a worker thread (src/lib/worker-run.ts): while a
// large database is backed up, the server's own thread keeps answering (issue 19: the daily
// backup at 17.30 stalled every request for seconds on the ten-year database).
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { createBackup, integrityProblems } from '../../src/features/backups/backups.service.ts';
import { worstWait } from '../support/event-loop.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-backup-worker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a backup of a large database leaves the main thread free: no timer waits 100 ms', async () => {
  const file = path.join(dir, 'lumbung.db');
  const conn = openDatabase(file);
  await migrateToLatest(conn.db);
  await conn.close();
  // ≈ 300 MB of rows beside the schema: seconds of copying and checking, had it run on this thread.
  const raw = new SQLite(file);
  raw.exec('create table ballast (id integer primary key, note text not null)');
  const insert = raw.prepare('insert into ballast (note) values (?)');
  raw.transaction(() => {
    for (let i = 0; i < 600_000; i++) insert.run(`${i}`.padEnd(500, 'x'));
  })();
  // What the check alone costs on this thread: the stall the worker spares every request.
  const t = performance.now();
  expect(integrityProblems(raw, 'full')).toEqual([]);
  expect(performance.now() - t).toBeGreaterThan(150);
  raw.close();

  const { worst, result: made } = await worstWait(() => createBackup(file, path.join(dir, 'cadangan'), 3), 2);
  expect(worst).toBeLessThan(100);
  const copy = new SQLite(made.file, { readonly: true });
  expect(integrityProblems(copy, 'quick')).toEqual([]);
  expect(copy.prepare('select count(*) from ballast').pluck().get()).toBe(600_000);
  copy.close();
}, 60_000);

it('an error in the worker arrives with its message and code (a full disk is told as such)', async () => {
  const file = path.join(dir, 'lumbung.db');
  const notADir = path.join(dir, 'bukan-folder');
  fs.writeFileSync(notADir, 'x');
  const err = (await createBackup(file, path.join(notADir, 'cadangan'), 3).catch((e: unknown) => e)) as Error & { code?: string };
  expect(err).toBeInstanceOf(Error);
  expect(err.code).toBe('ENOTDIR');
  expect(err.message).toMatch(/ENOTDIR/);
});
