// Faults at start that must stop the server (and the commands) with one clear line, never start
// a fresh installation or run on beside another server: a lost database, a read-only file or
// folder, a second server on the same DATA_DIR, a database from a newer Lumbung, a bad secret.
import SQLite from 'better-sqlite3';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createBackup } from '../../src/features/backups/backups.service.ts';
import { spawnApp, type AppProcess } from '../support/app-process.ts';
import { freePort } from '../support/ports.ts';
import { addUser } from '../support/app.ts';

// Every test starts the real server or a command (tsx), some several times: slow on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-faults-'));
  dirs.push(d);
  return d;
};
let installed: string;
let backupName: string;
// A port that is taken: a server that passes every check stops there at once instead of running.
const taken = net.createServer();

const { SESSION_SECRET: _unused, ...baseEnv } = process.env;

function run(script: string, dataDir: string, args: string[] = [], extra: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...baseEnv, DATA_DIR: dataDir, PORT: String((taken.address() as net.AddressInfo).port), LOG_LEVEL: 'silent', ...extra.env },
    encoding: 'utf8',
    timeout: 30_000,
    uid: extra.uid,
    gid: extra.gid,
  });
}
const start = (dataDir: string, extra?: Parameters<typeof run>[3]) => run('src/server.ts', dataDir, [], extra);

/** Exit 1 and exactly one line on stderr, no stack trace; returns that line. */
function oneLine(r: SpawnSyncReturns<string>): string {
  expect(r.status, r.stdout + r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return lines[0]!;
}

/** A copy of the installed DATA_DIR (database, backup, secret, an upload). */
function copyOfInstalled(): string {
  const dir = tmp();
  fs.cpSync(installed, dir, { recursive: true });
  return dir;
}

async function waitHealthy(port: number, app: AppProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (app.child.exitCode !== null) throw new Error(`server exited: ${app.output()}`);
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start: ${app.output()}`);
}

beforeAll(async () => {
  await new Promise<void>((r) => taken.listen(0, r));
  installed = tmp();
  const config = loadConfig({ DATA_DIR: installed });
  const conn = openDatabase(config.dbFile);
  await migrateToLatest(conn.db);
  await addUser(conn.db, 'admin', ['admin']);
  backupName = (await createBackup(config.dbFile, config.backupsDir, 14)).name;
  await conn.close();
  fs.mkdirSync(path.join(config.uploadsDir, 'harvests'), { recursive: true });
  fs.writeFileSync(path.join(config.uploadsDir, 'harvests', 'foto.jpg'), 'jpeg');
});
afterAll(() => {
  taken.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('a lost database is not a new installation', () => {
  it.each([
    ['missing', (db: string) => fs.rmSync(db)],
    ['empty (0 bytes)', (db: string) => fs.writeFileSync(db, '')],
  ])('a %s lumbung.db beside backups: refused in one line naming the newest backup and the restore command', (_what, lose) => {
    const dir = copyOfInstalled();
    const db = path.join(dir, 'lumbung.db');
    lose(db);
    const line = oneLine(start(dir));
    expect(line).toMatch(/^Lumbung tidak dapat dimulai: /);
    expect(line).toContain(db);
    expect(line).toContain(`npm run restore -- ${backupName}`);
    // Nothing was made in its place for whoever comes first to claim with the setup page.
    expect(!fs.existsSync(db) || fs.statSync(db).size === 0).toBe(true);
  });

  it.each([
    ['uploads (and the secret) but no backups', (dir: string) => fs.rmSync(path.join(dir, 'backups'), { recursive: true })],
    [
      'the session secret only',
      (dir: string) => {
        fs.rmSync(path.join(dir, 'backups'), { recursive: true });
        fs.rmSync(path.join(dir, 'uploads'), { recursive: true });
      },
    ],
  ])('with %s left it is refused too, saying where a backup goes', (_what, keep) => {
    const dir = copyOfInstalled();
    fs.rmSync(path.join(dir, 'lumbung.db'));
    keep(dir);
    const line = oneLine(start(dir));
    expect(line).toContain(path.join(dir, 'lumbung.db'));
    expect(line).toContain('npm run restore -- <berkas>');
    expect(fs.existsSync(path.join(dir, 'lumbung.db'))).toBe(false);
  });

  it('the restore command the line names brings it back, and the server then starts', () => {
    const dir = copyOfInstalled();
    fs.rmSync(path.join(dir, 'lumbung.db'));
    const command = /npm run restore -- (\S+)/.exec(oneLine(start(dir)))![1]!;
    const restored = run('src/cli/restore.ts', dir, [command]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(start(dir).stderr.trim()).toMatch(/^Lumbung tidak dapat dimulai: Port \d+ sudah dipakai/);
    const db = new SQLite(path.join(dir, 'lumbung.db'), { readonly: true });
    expect(db.prepare('select username from users').pluck().all()).toEqual(['admin']);
    db.close();
  });

  it('npm run migrate and seed:demo refuse it as well, and make no database', () => {
    const dir = copyOfInstalled();
    fs.rmSync(path.join(dir, 'lumbung.db'));
    for (const script of ['src/cli/migrate.ts', 'src/cli/seed-demo.ts']) {
      const line = oneLine(run(script, dir));
      expect(line, script).toContain(`npm run restore -- ${backupName}`);
      expect(fs.existsSync(path.join(dir, 'lumbung.db')), script).toBe(false);
    }
  });

  it('a truly fresh DATA_DIR (nothing but .gitkeep) still starts as a new installation', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, '.gitkeep'), '');
    const line = oneLine(start(dir));
    // It passed every check and stopped only at the port this test keeps taken.
    expect(line).toMatch(/^Lumbung tidak dapat dimulai: Port \d+ sudah dipakai/);
    expect(fs.statSync(path.join(dir, 'lumbung.db')).size).toBeGreaterThan(0);
  });
});

describe('a read-only database file or folder', () => {
  // Root ignores file modes, so the server runs as nobody here (as any non-root user it runs as itself).
  const root = process.getuid?.() === 0;
  const owner = root ? 65534 : process.getuid!();
  let asOther: Parameters<typeof run>[3] = {};

  /** Gives the tree to the user the server runs as. */
  function chownTree(dir: string): void {
    for (const p of [dir, ...fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f)))]) fs.chownSync(p, owner, owner);
  }

  /** A copy of the installation that the other user owns and may write. */
  function ownedCopy(): string {
    const dir = copyOfInstalled();
    chownTree(dir);
    return dir;
  }

  // The other user must reach the installation it runs (node_modules, src): a checkout under a
  // private folder (mktemp -d is 0700) is opened for passing through — not for listing — meanwhile.
  const opened: Array<[string, number]> = [];
  beforeAll(() => {
    // tsx keeps its cache in the temporary folder: one of the other user's own.
    const ownTmp = tmp();
    chownTree(ownTmp);
    asOther = root ? { uid: owner, gid: owner, env: { TMPDIR: ownTmp } } : {};
    if (!root) return;
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode & 0o7777;
      if (!(mode & 0o001)) {
        fs.chmodSync(dir, mode | 0o001);
        opened.push([dir, mode]);
      }
      if (dir === path.dirname(dir)) break;
    }
  });
  afterAll(() => {
    for (const [dir, mode] of opened) fs.chmodSync(dir, mode);
  });

  it('the other user starts on its own writable copy (the test itself is sound)', () => {
    expect(start(ownedCopy(), asOther).stderr.trim()).toMatch(/^Lumbung tidak dapat dimulai: Port \d+ sudah dipakai/);
  });

  it('a read-only lumbung.db stops the start in one line naming the file', () => {
    const dir = ownedCopy();
    fs.chmodSync(path.join(dir, 'lumbung.db'), 0o444);
    const line = oneLine(start(dir, asOther));
    expect(line).toMatch(/^Lumbung tidak dapat dimulai: /);
    expect(line).toContain(path.join(dir, 'lumbung.db'));
    expect(line).toMatch(/hanya dapat dibaca/);
  });

  it('a read-only DATA_DIR stops the start in one line naming the folder', () => {
    const dir = ownedCopy();
    fs.chmodSync(dir, 0o555);
    const line = oneLine(start(dir, asOther));
    expect(line).toContain(dir);
    expect(line).toMatch(/tidak ada izin menulis|hanya dapat dibaca/);
  });

  it('as root too, a file or folder whose mode allows no writing is refused', () => {
    const dir = copyOfInstalled();
    fs.chmodSync(path.join(dir, 'lumbung.db'), 0o444);
    expect(oneLine(start(dir))).toContain(`${path.join(dir, 'lumbung.db')} hanya dapat dibaca`);
    fs.chmodSync(path.join(dir, 'lumbung.db'), 0o644);
    fs.chmodSync(dir, 0o555);
    expect(oneLine(start(dir))).toContain(dir);
    fs.chmodSync(dir, 0o755);
  });
});

describe('one server per DATA_DIR', () => {
  it('a second server is refused in one line; backup and report still run beside the first; after kill -9 a new one starts', async () => {
    const dir = copyOfInstalled();
    const port = await freePort();
    const first = spawnApp(dir, port);
    try {
      await waitHealthy(port, first);
      const second = start(dir, { env: { PORT: String(await freePort()) } });
      const line = oneLine(second);
      expect(line).toMatch(/^Lumbung tidak dapat dimulai: server Lumbung lain sedang berjalan dengan DATA_DIR /);
      expect(line).toContain(dir);
      expect(line).toContain(`pid ${first.child.pid}`);

      const backup = run('src/cli/backup.ts', dir);
      expect(backup.status, backup.stderr).toBe(0);
      const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7);
      const report = run('src/cli/report.ts', dir, ['--month', month, '--out', path.join(dir, 'laporan.csv')]);
      expect(report.status, report.stderr).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      first.release();
      first.child.kill('SIGKILL');
      await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('exit', r)));
    }
    // The lock died with the killed process: no stale lock stops the restart.
    const port2 = await freePort();
    const again = spawnApp(dir, port2);
    try {
      await waitHealthy(port2, again);
    } finally {
      again.release();
      again.child.kill('SIGKILL');
    }
  });
});

describe('a database from a newer Lumbung', () => {
  function newerCopy(): string {
    const dir = copyOfInstalled();
    const db = new SQLite(path.join(dir, 'lumbung.db'));
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(
      '2099-01-01-0001-from-the-future',
      new Date().toISOString(),
    );
    db.close();
    return dir;
  }
  const newer =
    /^.*Basis data ini dibuat oleh Lumbung yang lebih baru \(migrasi 2099-01-01-0001-from-the-future tidak dikenal\)\. Perbarui Lumbung sebelum memakainya\./;

  it('is refused by the server in one line', () => {
    expect(oneLine(start(newerCopy()))).toMatch(newer);
  });

  it.each([
    ['src/cli/migrate.ts', []],
    ['src/cli/backup.ts', []],
    ['src/cli/seed-demo.ts', []],
    ['src/cli/report.ts', ['--month', '2026-01', '--out', 'x.pdf']],
  ])('is refused by %s', (script, args) => {
    const dir = newerCopy();
    const before = fs.readdirSync(path.join(dir, 'backups')).length;
    const line = oneLine(
      run(
        script,
        dir,
        args.map((a) => (a === 'x.pdf' ? path.join(dir, a) : a)),
      ),
    );
    expect(line).toMatch(newer);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toHaveLength(before);
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });

  it('is refused by npm run restore as a backup to restore', () => {
    const dir = newerCopy();
    const name = 'lumbung-20990101-000000.db';
    fs.copyFileSync(path.join(dir, 'lumbung.db'), path.join(dir, 'backups', name));
    fs.copyFileSync(path.join(installed, 'lumbung.db'), path.join(dir, 'lumbung.db'));
    const r = run('src/cli/restore.ts', dir, [name]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /Basis data ini dibuat oleh Lumbung yang lebih baru \(migrasi 2099-01-01-0001-from-the-future tidak dikenal\)\. Perbarui Lumbung sebelum memakainya\./,
    );
  });
});

describe('the session secret', () => {
  it.each([
    ['too short', 'pendek\n'],
    ['empty', ''],
    ['two lines', `${'a'.repeat(40)}\n${'b'.repeat(40)}\n`],
  ])('a %s session-secret file stops the start in one line naming it, and is kept as it was', (_what, content) => {
    const dir = copyOfInstalled();
    const file = path.join(dir, 'session-secret');
    fs.writeFileSync(file, content);
    const line = oneLine(start(dir));
    expect(line).toMatch(/^Lumbung tidak dapat dimulai: /);
    expect(line).toContain(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it('a bad SESSION_SECRET is refused without printing it back', () => {
    const secret = 'rahasia-pendek-sekali';
    const line = oneLine(start(copyOfInstalled(), { env: { SESSION_SECRET: secret } }));
    expect(line).toContain('SESSION_SECRET minimal 32 karakter');
    expect(line).not.toContain(secret);
  });
});
