import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createBackup } from '../../src/features/backups/backups.service.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { addLocation, addUser, token } from '../support/app.ts';

const dirs: string[] = [];
let healthy: string;
let backupName: string;
// A port that is taken, so a server that passes the check stops at once instead of running.
const taken = net.createServer();

/** A DATA_DIR holding a copy of the healthy database, optionally damaged. */
function dataDirWith(damage?: (file: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-start-'));
  dirs.push(dir);
  fs.cpSync(path.dirname(healthy), dir, { recursive: true });
  damage?.(path.join(dir, 'lumbung.db'));
  return dir;
}

function start(dataDir: string) {
  const { SESSION_SECRET: _unused, ...env } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...env, DATA_DIR: dataDir, PORT: String((taken.address() as net.AddressInfo).port), LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

beforeAll(async () => {
  await new Promise<void>((r) => taken.listen(0, r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-start-'));
  dirs.push(dir);
  const config = loadConfig({ DATA_DIR: dir });
  const conn = openDatabase(config.dbFile);
  await migrateToLatest(conn.db);
  const userId = await addUser(conn.db, 'petugas', ['petugas']);
  const loc = await addLocation(conn.db, 'Lahan Blok A');
  for (let i = 0; i < 400; i++) {
    await createHarvest(
      conn.db,
      {
        commodity_id: 1,
        location_id: loc,
        weight_g: 1000 + i,
        heads: null,
        grade: null,
        harvest_date: '2026-01-05',
        harvest_time: '07:00',
        workers: [],
        note: `Panen ke-${i} dari lahan blok A`,
        form_token: token(),
      },
      userId,
    );
  }
  backupName = (await createBackup(config.dbFile, config.backupsDir, 14)).name;
  await conn.close();
  healthy = config.dbFile;
});
afterAll(() => {
  taken.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the integrity check at start', () => {
  it.each([
    [
      'bytes overwritten in the middle of the file',
      (file: string) => {
        const size = fs.statSync(file).size;
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(size / 2 / 4096) * 4096);
        fs.closeSync(fd);
      },
    ],
    [
      'a destroyed file header',
      (file: string) => {
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.from('bukan basis data'), 0, 16, 0);
        fs.closeSync(fd);
      },
    ],
  ])('refuses to start on %s, in one line naming the newest backup and the restore command', (_what, damage) => {
    const dir = dataDirWith(damage);
    const r = start(dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Lumbung tidak dapat dimulai: basis data ${path.join(dir, 'lumbung.db')} rusak \\(.+\\)\\. `));
    expect(lines[0]).toContain(`npm run restore -- ${backupName}`);
    expect(lines[0]).toContain(path.join(dir, 'backups'));
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('says where to put a backup when there is none yet', () => {
    const dir = dataDirWith((file) => {
      fs.writeFileSync(file, randomBytes(8192));
      fs.rmSync(path.join(path.dirname(file), 'backups'), { recursive: true });
    });
    const r = start(dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^Lumbung tidak dapat dimulai: basis data .* rusak \(.*\)\. Belum ada cadangan di .*backups; .*npm run restore -- <berkas>/,
    );
  });

  it('starts on the healthy copy (and stops only at the port it cannot use)', () => {
    const r = start(dataDirWith());
    expect(r.stderr.trim()).toMatch(/^Lumbung tidak dapat dimulai: Port \d+ sudah dipakai/);
  });

  it('a clean stop notes the file; the note is used once, and a file changed since is checked again', async () => {
    const dir = dataDirWith();
    const port = await new Promise<number>((r) => {
      const probe = net.createServer().listen(0, () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => r(p));
      });
    });
    const { SESSION_SECRET: _unused, ...env } = process.env;
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    const note = path.join(dir, 'lumbung.db.clean-stop');
    expect(fs.existsSync(note)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'lumbung.db-wal'))).toBe(false);

    // A copy that keeps the times (cp -a) and is damaged on the way: not the file the note speaks of.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-start-'));
    dirs.push(copy);
    fs.cpSync(dir, copy, { recursive: true, preserveTimestamps: true });
    const copied = path.join(copy, 'lumbung.db');
    const { atime, mtime } = fs.statSync(copied);
    const cfd = fs.openSync(copied, 'r+');
    fs.writeSync(cfd, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(fs.statSync(copied).size / 2 / 4096) * 4096);
    fs.closeSync(cfd);
    fs.utimesSync(copied, atime, mtime);
    const fromCopy = start(copy);
    expect(fromCopy.status).toBe(1);
    expect(fromCopy.stderr).toContain('rusak');

    // Damaged after the clean stop (a disk fault, another program): the note no longer matches the
    // file, so the check runs and refuses it.
    const file = path.join(dir, 'lumbung.db');
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const r = start(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('rusak');
    expect(fs.existsSync(note)).toBe(false);
  });
});
