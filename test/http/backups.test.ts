import SQLite from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { createBackup, listBackups, restoreBackup } from '../../src/features/backups/backups.service.ts';
import { addLocation, addUser, csrfFrom, login, makeTestApp, type Agent, type TestApp, recordHarvest } from '../support/app.ts';
import { binary } from '../support/pdf.ts';
import { checkLedger } from '../support/ledger-check.ts';
import { testEngine } from '../support/engine.ts';
// Lumbung's own backups of the SQLite file. On PostgreSQL the Cadangan page and the commands make
// and restore a pg_dump instead (test/http/backups-postgres.test.ts).
const sqliteOnly = describe.runIf(testEngine === 'sqlite');

let t: TestApp;
let admin: Agent;
let adminId: number;
let locationId: number;
const tmpDirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-backup-'));
  tmpDirs.push(d);
  return d;
};

async function harvest(grams: number) {
  await recordHarvest(t.db, adminId, { commodity: 1, location: locationId, grams });
}

/** Every row of the tables that make the record, in id order, for comparing two databases. */
function snapshot(file: string) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ['users', 'harvests', 'stock_movements', 'distributions', 'distribution_items', 'receipt_counters', 'audit_log']) {
      out[table] = db.prepare(`select * from ${table} order by id`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

async function ledgerOf(file: string) {
  const conn = openDatabase(file);
  try {
    return await checkLedger(conn.db, conn.sqlite);
  } finally {
    await conn.close();
  }
}

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  for (const role of ['petugas', 'staf', 'pimpinan'] as const) await addUser(t.db, role, [role]);
  admin = await login(t.app, 'admin');
  locationId = await addLocation(t.db, 'Lahan Blok A');
  for (let i = 0; i < 20; i++) await harvest(1000 + i);
});
afterAll(async () => {
  await t.close();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

sqliteOnly('a backup taken while the app writes', () => {
  it('is a sound, consistent copy even while another process keeps recording harvests', async () => {
    const dir = tmpDir();
    const writer = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/harvest-writer.ts', t.config.dbFile, String(adminId), String(locationId)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let written = 0;
    let errors = '';
    writer.stdout.on('data', (d: Buffer) => (written = Number(d.toString().trim().split('\n').pop())));
    writer.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    try {
      while (written < 50) {
        expect(writer.exitCode, errors).toBeNull();
        await new Promise((r) => setTimeout(r, 50));
      }
      const writtenBefore = written;
      const counts: number[] = [];
      for (let i = 0; i < 4; i++) {
        // This process writes too, through the app's own connection, while the copy is made.
        const [made] = await Promise.all([createBackup(t.config.dbFile, dir, 10), harvest(500), harvest(600)]);
        const ledger = await ledgerOf(made.file);
        expect(ledger.problems).toEqual([]);
        counts.push(ledger.harvests);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Never fewer rows than an earlier copy; the writes made between the copies are in the last one.
      expect(
        counts.every((n, i) => i === 0 || n >= counts[i - 1]!),
        `harvests in each copy: ${counts}`,
      ).toBe(true);
      expect(counts.at(-1)! - counts[0]!, `harvests in each copy: ${counts}`).toBeGreaterThanOrEqual(4);
      while (written === writtenBefore && writer.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      expect(writer.exitCode, `the writer kept writing while the copies were made: ${errors}`).toBeNull();
    } finally {
      writer.kill('SIGKILL');
    }
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('equals the database row for row when nothing is writing, and restores into another DATA_DIR as it was', async () => {
    const made = await createBackup(t.config.dbFile, t.config.backupsDir, 14);
    const original = snapshot(t.config.dbFile);
    expect(snapshot(made.file)).toEqual(original);

    const other = tmpDir();
    fs.mkdirSync(path.join(other, 'backups'));
    fs.copyFileSync(made.file, path.join(other, 'backups', made.name));
    const dbFile = path.join(other, 'lumbung.db');
    const r = await restoreBackup(made.name, dbFile, path.join(other, 'backups'));
    expect(r).toMatchObject({ keptAs: null, harvests: original.harvests!.length });
    const restored = snapshot(dbFile);
    // The restore itself is written into the restored audit trail, and nothing else changes.
    const { audit_log: restoredAudit, ...restoredRest } = restored;
    const { audit_log: originalAudit, ...originalRest } = original;
    expect(restoredRest).toEqual(originalRest);
    expect(restoredAudit!.slice(0, -1)).toEqual(originalAudit);
    expect(restoredAudit!.at(-1)).toMatchObject({ action: 'restore', entity: 'backup', entity_id: made.name });
    expect((await ledgerOf(dbFile)).problems).toEqual([]);
  });
});

sqliteOnly('restoring', () => {
  it('is refused while the database is open in the server', async () => {
    const made = await createBackup(t.config.dbFile, t.config.backupsDir, 14);
    await expect(restoreBackup(made.name, t.config.dbFile, t.config.backupsDir)).rejects.toThrow(/sedang dipakai: hentikan server Lumbung/);
    expect(fs.existsSync(`${t.config.dbFile}.restoring`)).toBe(false);
  });

  it('keeps the replaced database with what was only in its -wal, and takes only files from the backups folder', async () => {
    const dir = tmpDir();
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups);
    const made = await createBackup(t.config.dbFile, backups, 14);
    const dbFile = path.join(dir, 'lumbung.db');
    fs.copyFileSync(made.file, dbFile);
    // A server killed after a write: the write is still only in lumbung.db-wal.
    const script =
      `const S = require('better-sqlite3'); const db = new S(${JSON.stringify(dbFile)}); db.pragma('journal_mode = WAL');` +
      `db.pragma('wal_autocheckpoint = 0'); db.prepare("update locations set name = 'Hanya di WAL'").run(); process.kill(process.pid, 'SIGKILL');`;
    const killed = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(killed.stderr).toBe('');
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(true);

    for (const bad of ['/etc/passwd', '../lumbung.db', 'lumbung.db', path.join(dir, 'lumbung.db'), 'lumbung-20260101-000000.db']) {
      await expect(restoreBackup(bad, dbFile, backups), bad).rejects.toThrow(/bukan berkas cadangan/);
    }
    fs.writeFileSync(path.join(backups, 'lumbung-20260101-000000.db'), 'bukan basis data');
    await expect(restoreBackup('lumbung-20260101-000000.db', dbFile, backups)).rejects.toThrow(/tidak dapat|rusak/);

    const r = await restoreBackup(path.join(backups, made.name), dbFile, backups);
    expect(r.keptAs).toMatch(/lumbung\.db\.before-restore-\d{8}-\d{6}$/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('lumbung.db'))).toEqual(['lumbung.db', path.basename(r.keptAs!)]);
    const kept = new SQLite(r.keptAs!, { readonly: true });
    expect(kept.prepare('select name from locations').pluck().all()).toEqual(['Hanya di WAL']);
    kept.close();
    const now = new SQLite(dbFile, { readonly: true });
    expect(now.prepare('select name from locations').pluck().all()).toEqual(['Lahan Blok A']);
    now.close();
  });

  it('npm run restore refuses a running server and restores once it is stopped', () => {
    const dir = tmpDir();
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' };
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { env, encoding: 'utf8', timeout: 30_000 });
    let r = run(['src/cli/migrate.ts']);
    expect(r.status, r.stderr).toBe(0);
    r = run(['src/cli/backup.ts']);
    expect(r.status, r.stderr).toBe(0);
    const name = /lumbung-\d{8}-\d{6}\.db/.exec(r.stdout)![0];
    r = run(['src/cli/restore.ts']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(name);
    r = run(['src/cli/restore.ts', name]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dipulihkan dari .*\nBasis data sebelumnya disimpan sebagai .*before-restore/);
  });
});

sqliteOnly('keeping the last N', () => {
  it('deletes the oldest backups beyond N, and never other files', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'catatan.txt'), 'bukan cadangan');
    const names: string[] = [];
    for (let i = 0; i < 5; i++) names.push((await createBackup(t.config.dbFile, dir, 3)).name);
    expect(listBackups(dir).map((b) => b.name)).toEqual(names.slice(-3).reverse());
    expect(fs.readdirSync(dir).sort()).toEqual([...names.slice(-3), 'catatan.txt'].sort());
  });
});

sqliteOnly('the Cadangan page', () => {
  it('lists the backups with size and WIB time, makes one on request, and downloads it byte for byte', async () => {
    const page = await admin.get('/backups');
    expect(page.status).toBe(200);
    const res = await admin
      .post('/backups')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const newest = listBackups(t.config.backupsDir)[0]!;
    const list = await admin.get('/backups');
    expect(list.text).toContain('dibuat dan sudah diperiksa utuh');
    expect(list.text).toContain(`href="/backups/${newest.name}"`);
    expect(list.text).toMatch(/\d{2}\/\d{2}\/\d{4}, \d{2}\.\d{2} WIB/);
    expect(list.text).toMatch(/\d+(,\d)? (KB|MB)/);

    const dl = await admin.get(`/backups/${newest.name}`).buffer(true).parse(binary);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/vnd.sqlite3');
    expect(dl.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${newest.name}"?$`));
    expect(dl.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(dl.body as Buffer, fs.readFileSync(path.join(t.config.backupsDir, newest.name)))).toBe(0);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'backup').orderBy('id').execute();
    expect(audit.slice(-2)).toEqual([
      { action: 'create', entity_id: newest.name },
      { action: 'download', entity_id: newest.name },
    ]);
  });

  it('refuses a backup request without the form token', async () => {
    const before = listBackups(t.config.backupsDir).length;
    expect((await admin.post('/backups').type('form').send({})).status).toBe(403);
    expect(listBackups(t.config.backupsDir)).toHaveLength(before);
  });

  it('is for admins only', async () => {
    const name = listBackups(t.config.backupsDir)[0]!.name;
    for (const role of ['petugas', 'staf', 'pimpinan']) {
      const agent = await login(t.app, role);
      expect((await agent.get('/backups')).status, role).toBe(403);
      expect((await agent.get(`/backups/${name}`)).status, role).toBe(403);
      const csrf = csrfFrom((await agent.get('/account/password')).text);
      expect((await agent.post('/backups').type('form').send({ _csrf: csrf })).status, role).toBe(403);
    }
    expect((await request(t.app).get(`/backups/${name}`)).status).toBe(303);
  });

  it('never serves a file outside the backups folder, or one that is not a backup', async () => {
    fs.writeFileSync(path.join(t.config.backupsDir, '.lumbung-20260101-000000.db.tmp'), 'setengah');
    fs.writeFileSync(path.join(t.config.dataDir, 'rahasia.db'), 'rahasia');
    fs.symlinkSync('/etc/passwd', path.join(t.config.backupsDir, 'lumbung-20260101-000001.db'));
    fs.symlinkSync(t.config.dbFile, path.join(t.config.backupsDir, 'lumbung-20260101-000002.db'));
    const attempts = [
      '../../etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '..%2Flumbung.db',
      '%2e%2e%2frahasia.db',
      '..%5c..%5cetc%5cpasswd',
      '....//....//etc/passwd',
      '..',
      '.',
      '%00',
      'lumbung.db',
      '..%2frahasia.db',
      '.lumbung-20260101-000000.db.tmp',
      'lumbung-20260101-000001.db',
      'lumbung-20260101-000002.db',
      'lumbung-20260101-000003.db',
      'lumbung-20260101-000000.db%00.txt',
      'LUMBUNG-20260101-000000.DB',
      '%2fetc%2fpasswd',
      'lumbung-20260101-000000.db%2f..%2f..%2frahasia.db',
    ];
    for (const a of attempts) {
      const res = await admin.get(`/backups/${a}`).buffer(true).parse(binary);
      expect([400, 404], a).toContain(res.status);
      const body = (res.body as Buffer).toString('latin1');
      expect(body, a).not.toContain('root:');
      expect(body, a).not.toContain('rahasia');
      expect(body, a).not.toContain('SQLite format 3');
      expect(res.headers['content-type'], a).toMatch(/^text\/html/);
    }
    expect(listBackups(t.config.backupsDir).map((b) => b.name)).not.toContain('lumbung-20260101-000001.db');
  });
});
