// On PostgreSQL the database server backs the records up (pg_dump, continuous archiving), not
// Lumbung: the Cadangan page, the home page and the commands say so instead of copying an empty
// SQLite file or warning that no backup exists. Run on both engines with the setting given.
import { spawnSync } from 'node:child_process';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { listBackups } from '../../src/features/backups/backups.service.ts';
import { addUser, csrfFrom, makeTestApp, PASSWORD, type TestApp } from '../support/app.ts';
import { childEnv } from '../support/child-env.ts';

let t: TestApp;
let app: TestApp['app'];
const url = 'postgres://lumbung@127.0.0.1:1/lumbung';
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  app = createApp({ db: t.db, config: { ...t.config, databaseUrl: t.config.databaseUrl ?? url }, logger: pino({ level: 'silent' }) });
});
afterAll(() => t.close());

async function admin() {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const res = await agent
    .post('/login')
    .type('form')
    .send({ username: 'admin', password: PASSWORD, _csrf: csrfFrom(page.text) });
  expect(res.status).toBe(303);
  return agent;
}

describe('backups on PostgreSQL', () => {
  it('the Cadangan page says where backups are made and offers no button that would copy nothing', async () => {
    const agent = await admin();
    const page = await agent.get('/backups');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-backups-elsewhere');
    expect(page.text).toContain('pg_dump');
    expect(page.text).not.toContain('Buat cadangan sekarang');
    expect(page.text).not.toContain('data-backup-warning');
    const home = await agent.get('/');
    expect(home.text).not.toContain('Belum ada cadangan data');
  });

  it('a backup asked for anyway is refused with the same message, and no file is made', async () => {
    const agent = await admin();
    const page = await agent.get('/backups');
    const res = await agent
      .post('/backups')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect((await agent.get('/backups')).text).toContain('cadangannya dibuat oleh server basis data');
    expect(listBackups(t.config.backupsDir)).toEqual([]);
  });

  it('npm run backup and npm run restore say so in one line and exit 1', () => {
    for (const cmd of [['src/cli/backup.ts'], ['src/cli/restore.ts', 'x.db']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', ...cmd], {
        env: childEnv(t, { DATABASE_URL: t.config.databaseUrl ?? url }),
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status, cmd[0]).toBe(1);
      expect(r.stderr).toContain('Basis data ini ada di PostgreSQL');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
