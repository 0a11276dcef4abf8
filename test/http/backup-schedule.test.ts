// The daily backup the server makes itself, its record, the admin's warning, and the logo and photos
// that travel inside a backup. Fake timers and clock: nothing here waits for real.
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackup, listBackups, restoreBackup } from '../../src/features/backups/backups.service.ts';
import { startBackupScheduler } from '../../src/features/backups/backups.schedule.ts';
import { addUser, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/engine.ts';
// The daily backup of the SQLite file. On PostgreSQL the same timer makes a pg_dump
// (test/http/backups-postgres.test.ts).
const sqliteOnly = describe.runIf(testEngine === 'sqlite');

let t: TestApp;
let admin: Agent;
let staff: Agent;
const MIN = 60_000;

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'staf', ['staf']);
  admin = await login(t.app, 'admin');
  staff = await login(t.app, 'staf');
});
afterAll(async () => t.close());
afterEach(() => vi.useRealTimers());

/** Only the timers and the clock: SQLite's backup and the file system keep their own. */
const fakeClock = (iso: string) => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date(iso) });
const runs = () =>
  t.sqlite.prepare('select trigger, ok, file_name, error from backup_runs order by id').all() as Array<Record<string, unknown>>;
const clearBackups = () => {
  for (const b of listBackups(t.config.backupsDir)) fs.rmSync(path.join(t.config.backupsDir, b.name));
  t.sqlite.exec('delete from backup_runs');
};

sqliteOnly('the daily backup without cron', () => {
  it('runs at 17.30 WIB with a server clock in UTC, writes a backup and records success', async () => {
    clearBackups();
    fakeClock('2026-11-30T02:00:00Z'); // 09.00 WIB: a backup made by hand this morning
    await createBackup(t.config.dbFile, t.config.backupsDir, 14);
    vi.setSystemTime(new Date('2026-11-30T10:00:00Z')); // 17.00 WIB
    const scheduler = startBackupScheduler({ db: t.db, paths: t.config, startDelayMs: 0 });
    try {
      await vi.advanceTimersByTimeAsync(1);
      await scheduler.idle();
      expect(listBackups(t.config.backupsDir).map((b) => b.name)).toEqual(['lumbung-20261130-090000.db']);
      await vi.advanceTimersByTimeAsync(29 * MIN);
      await scheduler.idle();
      expect(runs()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1 * MIN);
      await scheduler.idle();
      expect(listBackups(t.config.backupsDir)[0]!.name).toBe('lumbung-20261130-173000.db');
      expect(runs()).toEqual([{ trigger: 'jadwal', ok: 1, file_name: 'lumbung-20261130-173000.db', error: null }]);
      // Not again the same day.
      await vi.advanceTimersByTimeAsync(6 * 60 * MIN);
      await scheduler.idle();
      expect(runs()).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
    vi.useRealTimers();
    const page = await admin.get('/backups');
    expect(page.text).toContain('berhasil');
    expect(page.text).toContain('lumbung-20261130-173000.db');
  });

  it('backs up at start when the server was off at the daily time', async () => {
    clearBackups();
    fakeClock('2026-11-28T10:30:00Z');
    await createBackup(t.config.dbFile, t.config.backupsDir, 14);
    vi.setSystemTime(new Date('2026-11-30T01:00:00Z')); // 08.00 WIB two days later
    const scheduler = startBackupScheduler({ db: t.db, paths: t.config, startDelayMs: 10_000 });
    try {
      await vi.advanceTimersByTimeAsync(10_000);
      await scheduler.idle();
      expect(runs()).toEqual([{ trigger: 'jadwal', ok: 1, file_name: 'lumbung-20261130-080010.db', error: null }]);
    } finally {
      await scheduler.stop();
    }
  });

  it('records a failed run with its reason and warns the admin on the home page (not other users)', async () => {
    clearBackups();
    const notAFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-sched-')), 'backups');
    fs.writeFileSync(notAFolder, 'a file where the backups folder should be');
    fakeClock('2026-11-30T10:29:00Z');
    const scheduler = startBackupScheduler({ db: t.db, paths: { ...t.config, backupsDir: notAFolder }, startDelayMs: 0 });
    try {
      await vi.advanceTimersByTimeAsync(1);
      await scheduler.idle();
    } finally {
      await scheduler.stop();
    }
    vi.useRealTimers();
    const [run] = runs();
    expect(run).toMatchObject({ trigger: 'jadwal', ok: 0, file_name: null });
    expect(run!.error).toBe(`folder cadangan ${notAFolder} tidak dapat ditulis (EEXIST)`);
    const home = await admin.get('/');
    expect(home.text).toMatch(/data-backup-warning[^]*Cadangan terakhir \(30\/11\/2026, 17\.29 WIB\) gagal: folder cadangan/);
    expect((await staff.get('/')).text).not.toContain('data-backup-warning');
    expect((await admin.get('/backups')).text).toContain('gagal');
    // The next good backup ends the warning.
    expect((await submit(admin, '/backups', '/backups', {})).status).toBe(303);
    expect((await admin.get('/')).text).not.toContain('data-backup-warning');
  });

  it('warns the admin when the newest backup is older than two days', async () => {
    clearBackups();
    fakeClock(new Date(Date.now() - 2 * 24 * 60 * MIN - 5 * MIN).toISOString());
    await createBackup(t.config.dbFile, t.config.backupsDir, 14);
    vi.useRealTimers();
    const home = await admin.get('/');
    expect(home.text).toMatch(/data-backup-warning[^]*lebih dari dua hari yang lalu/);
    clearBackups();
    await createBackup(t.config.dbFile, t.config.backupsDir, 14);
    expect((await admin.get('/')).text).not.toContain('data-backup-warning');
  });
});

sqliteOnly('the backup time on the Cadangan page', () => {
  it('refuses a time that is not one, keeps it, and saves a good one', async () => {
    const bad = await submit(admin, '/backups', '/backups/schedule', { daily_time: '25:00' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Isi jam cadangan harian seperti 17:30');
    expect(bad.text).toContain('value="25:00"');
    const good = await submit(admin, '/backups', '/backups/schedule', { daily_time: '06:15' });
    expect(good.status).toBe(303);
    expect((await admin.get('/backups')).text).toContain('pukul <strong>06.15 WIB</strong>');
    expect((await submit(staff, '/', '/backups/schedule', { daily_time: '07:00' })).status).toBe(403);
  });
});

sqliteOnly('one file restores everything', () => {
  it('carries the logo and photos inside the backup, and a restore writes them back', async () => {
    const photo = path.join(t.config.uploadsDir, 'harvests', 'foto-panen.jpg');
    fs.mkdirSync(path.dirname(photo), { recursive: true });
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);
    fs.writeFileSync(photo, bytes);
    const made = await createBackup(t.config.dbFile, t.config.backupsDir, 14, t.config.uploadsDir);

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-restore-'));
    fs.mkdirSync(path.join(other, 'backups'));
    fs.copyFileSync(made.file, path.join(other, 'backups', made.name));
    const dbFile = path.join(other, 'lumbung.db');
    const uploads = path.join(other, 'uploads');
    const r = await restoreBackup(made.name, dbFile, path.join(other, 'backups'), uploads);
    expect(r.uploads).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(path.join(uploads, 'harvests', 'foto-panen.jpg'))).toEqual(bytes);
    // The restored database is as the app made it: the table of files stays in the backup only.
    const restored = new SQLite(dbFile, { readonly: true });
    try {
      expect(restored.prepare("select name from sqlite_master where name like 'lumbung_backup%'").all()).toEqual([]);
    } finally {
      restored.close();
    }
    fs.rmSync(other, { recursive: true, force: true });
  });
});
