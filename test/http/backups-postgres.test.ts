// Backups on PostgreSQL: a pg_dump of the whole database, checked before it is named, made from the
// Cadangan page, by the daily timer and by `npm run backup`; `npm run restore` puts it back in one
// transaction after a copy of what it replaces, and refuses while a server is connected.
// (Lumbung's SQLite backups have their own tests: backups.test.ts, backup-schedule.test.ts.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdServerLock, openPostgres } from '../../src/db/postgres.ts';
import { listBackups } from '../../src/features/backups/backups.service.ts';
import { checkPgDump } from '../../src/features/backups/backups.pg.ts';
import { addLocation, addUser, csrfFrom, login, makeTestApp, TERONG, type TestApp, recordHarvest } from '../support/app.ts';
import { childEnv } from '../support/child-env.ts';
import { testEngine } from '../support/engine.ts';

let t: TestApp;
let adminId: number;
let plot: number;
const onPostgres = describe.runIf(testEngine === 'postgres');

const harvest = (grams: number) => recordHarvest(t.db, adminId, { commodity: TERONG, location: plot, grams });

const command = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: childEnv(t), encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  if (testEngine !== 'postgres') return;
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  plot = await addLocation(t.db, 'Lahan Blok A');
  await harvest(1_500);
});
afterAll(() => t?.close());

onPostgres('backups on PostgreSQL', () => {
  it('the Cadangan page makes a checked pg_dump of the whole database, lists it and downloads it byte for byte', async () => {
    const agent = await login(t.app, 'admin');
    const page = await agent.get('/backups');
    const res = await agent
      .post('/backups')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    const [made] = listBackups(t.config.backupsDir);
    expect(made!.name).toMatch(/^lumbung-\d{8}-\d{6}\.pgdump$/);
    expect((fs.statSync(path.join(t.config.backupsDir, made!.name)).mode & 0o777).toString(8)).toBe('600');
    expect((await checkPgDump(path.join(t.config.backupsDir, made!.name))).migrations.length).toBeGreaterThan(20);
    const list = await agent.get('/backups');
    expect(list.text).toContain(made!.name);
    expect(list.text).not.toContain('data-backup-warning');
    const download = await agent
      .get(`/backups/${made!.name}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(download.body as Buffer, fs.readFileSync(path.join(t.config.backupsDir, made!.name)))).toBe(0);
  });

  it('npm run backup makes another; npm run restore refuses while a server is connected, then puts the records back', async () => {
    const r = command('src/cli/backup.ts');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const backup = listBackups(t.config.backupsDir)[0]!.name;
    await harvest(2_500); // after the backup: gone once it is restored
    const harvests = async (db = t.db) =>
      (await db.selectFrom('harvests').select('weight_g').orderBy('id').execute()).map((h) => h.weight_g);
    expect(await harvests()).toEqual([1_500, 2_500]);

    // A running server holds its lock for its whole life, even idle with no connection in its pool.
    const releaseServer = await holdServerLock(t.config.databaseUrl!);
    await t.db.destroy();
    const refused = command('src/cli/restore.ts', backup);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('hentikan semua server Lumbung dahulu');
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    await releaseServer(); // the server stops
    const restored = command('src/cli/restore.ts', backup);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/Basis data sebelumnya disimpan sebagai lumbung-\d{8}-\d{6}(-\d+)?\.pgdump/);
    const again = openPostgres(t.config.databaseUrl!);
    try {
      expect(await harvests(again.db)).toEqual([1_500]);
    } finally {
      await again.close();
    }
  });

  it('a dump cut short halfway is rolled back whole, never committed in part', async () => {
    const [good] = listBackups(t.config.backupsDir).filter((b) => b.name.endsWith('.pgdump'));
    const bytes = fs.readFileSync(path.join(t.config.backupsDir, good!.name));
    const cut = path.join(t.config.backupsDir, 'lumbung-20260102-070000.pgdump');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = command('src/cli/restore.ts', path.basename(cut));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bukan cadangan PostgreSQL yang utuh|pemulihan gagal, basis data tidak diubah/);
    const again = openPostgres(t.config.databaseUrl!);
    try {
      expect((await again.db.selectFrom('harvests').select('weight_g').execute()).map((h) => h.weight_g)).toEqual([1_500]);
      expect((await again.db.selectFrom('users').select('username').execute()).length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  });

  it('refuses a file that is not a Lumbung dump, changing nothing', () => {
    const fake = path.join(t.config.backupsDir, 'lumbung-20260101-070000.pgdump');
    fs.writeFileSync(fake, 'bukan cadangan');
    const r = command('src/cli/restore.ts', path.basename(fake));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bukan cadangan PostgreSQL yang utuh');
  });
});
