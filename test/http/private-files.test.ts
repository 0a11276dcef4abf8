// The database (and its -wal and -shm), the backups and the uploads are readable by their owner
// only: files 0600, folders 0700, when written and, for files left by an older version, from the
// next start on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createBackup, restoreBackup } from '../../src/features/backups/backups.service.ts';
import { saveSettings, settingsOn } from '../../src/features/settings/settings.service.ts';
import { withPhoto } from '../../src/web/upload.ts';
import { spawnApp } from '../support/app-process.ts';
import { addUser, makeTestApp, token, type TestApp } from '../support/app.ts';
import { LETTERHEAD } from '../support/fuzz-world.ts';
import { freePort } from '../support/ports.ts';
import { testEngine } from '../support/engine.ts';
// The SQLite file and Lumbung's backups of it: on PostgreSQL neither is in DATA_DIR.
const itOnSqlite = it.runIf(testEngine === 'sqlite');

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
const dirs: string[] = [];
let t: TestApp;
let adminId: number;
let jpeg: Buffer;
beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
});
afterAll(async () => {
  await t.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('files written by Lumbung', () => {
  itOnSqlite('the database, its -wal and -shm are 0600 and the data folders 0700', () => {
    const db = t.config.dbFile;
    expect([mode(db), mode(`${db}-wal`), mode(`${db}-shm`)]).toEqual(['600', '600', '600']);
    expect([mode(t.config.dataDir), mode(t.config.uploadsDir), mode(t.config.backupsDir)]).toEqual(['700', '700', '700']);
  });

  // On PostgreSQL the files are rows; its cached copies on disk: test/http/file-store.test.ts.
  itOnSqlite('a harvest photo, an event photo and the logo are 0600 in 0700 folders', async () => {
    // A photo's name is the one its record is saved with: in its kind's folder, in its unit's folder.
    const saved = async (folder: string, name: string) => {
      let photo = '';
      await withPhoto(t.files, folder, name, jpeg, async (file) => ((photo = file!), { duplicate: false }));
      return path.join(t.config.uploadsDir, photo);
    };
    const harvest = await saved('harvests', token());
    const event = await saved('events', `1-${token()}`);
    await saveSettings(t.db, t.files, LETTERHEAD, { logo: { buffer: jpeg, type: 'jpg' }, removeLogo: false }, adminId);
    const logo = (await settingsOn(t.db))!.logo_file!;
    for (const [kind, file] of [
      ['harvests', harvest],
      ['events', event],
    ] as const) {
      expect(path.dirname(path.dirname(file))).toBe(path.join(t.config.uploadsDir, kind));
      expect([mode(path.dirname(path.dirname(file))), mode(path.dirname(file)), mode(file)]).toEqual(['700', '700', '600']);
    }
    expect(mode(path.join(t.config.uploadsDir, logo))).toBe('600');
  });

  itOnSqlite('a backup is 0600 in a 0700 folder, and so is a restored database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-modes-'));
    dirs.push(dir);
    const backups = path.join(dir, 'kopi');
    const made = await createBackup(t.config.dbFile, backups, 5);
    expect([mode(backups), mode(made.file)]).toEqual(['700', '600']);

    const dbFile = path.join(dir, 'lumbung.db');
    fs.writeFileSync(dbFile, fs.readFileSync(made.file), { mode: 0o644 });
    const restored = await restoreBackup(made.name, dbFile, backups);
    expect(mode(dbFile)).toBe('600');
    expect(mode(restored.keptAs!)).toBe('600');
  });
});

describe('files left by an older version', () => {
  it('are made owner-only at start, and a logo stored before is normalised', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-modes-'));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const conn = openDatabase(config.dbFile);
    await migrateToLatest(conn.db);
    const admin = await addUser(conn.db, 'admin', ['admin']);
    const bigLogo = await sharp({ create: { width: 2000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    await saveSettings(
      conn.db,
      fileStoreFor(conn.db, config),
      LETTERHEAD,
      { logo: { buffer: bigLogo, type: 'png' }, removeLogo: false },
      admin,
    );
    const logoName = (await settingsOn(conn.db))!.logo_file!;
    await conn.close();
    fs.writeFileSync(path.join(config.uploadsDir, logoName), bigLogo); // as an older version stored it
    fs.mkdirSync(path.join(config.uploadsDir, 'harvests'));
    fs.writeFileSync(path.join(config.uploadsDir, 'harvests', 'lama.jpg'), jpeg);
    fs.writeFileSync(path.join(config.backupsDir, 'lumbung-20250101-070000.db'), fs.readFileSync(config.dbFile));
    const loose = [
      [dir, 0o755],
      [config.uploadsDir, 0o755],
      [path.join(config.uploadsDir, 'harvests'), 0o775],
      [config.backupsDir, 0o755],
      [config.dbFile, 0o644],
      [path.join(config.uploadsDir, logoName), 0o644],
      [path.join(config.uploadsDir, 'harvests', 'lama.jpg'), 0o644],
      [path.join(config.backupsDir, 'lumbung-20250101-070000.db'), 0o664],
      [path.join(dir, 'session-secret'), 0o644],
    ] as const;
    for (const [p, m] of loose) fs.chmodSync(p, m);

    const port = await freePort();
    const app = spawnApp(dir, port);
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (app.child.exitCode !== null) throw new Error(`server stopped: ${app.output()}`);
        if (Date.now() > deadline) throw new Error(`server did not start: ${app.output()}`);
        if (
          await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const modes = Object.fromEntries(loose.map(([p]) => [path.relative(dir, p) || '.', mode(p)]));
      const folders = new Set([dir, config.uploadsDir, config.backupsDir, path.join(config.uploadsDir, 'harvests')]);
      expect(modes).toEqual(Object.fromEntries(loose.map(([p]) => [path.relative(dir, p) || '.', folders.has(p) ? '700' : '600'])));
      expect([mode(`${config.dbFile}-wal`), mode(`${config.dbFile}-shm`)]).toEqual(['600', '600']);
      const logo = await sharp(path.join(config.uploadsDir, logoName)).metadata();
      expect([logo.width, logo.height, logo.hasAlpha]).toEqual([600, 300, false]);
    } finally {
      app.release();
      app.child.kill('SIGTERM');
      await new Promise((r) => (app.child.exitCode === null ? app.child.once('exit', r) : r(null)));
    }
  }, 60_000);
});
