// Several server processes over one database (WORKERS on PostgreSQL): what one process learnt must
// hold in the others. Two apps over the same database stand for two processes here.
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { addLocation, addUser, login, makeTestApp, PASSWORD, submit, TERONG, type TestApp } from '../support/app.ts';
import { childEnv } from '../support/child-env.ts';

let t: TestApp;
let other: TestApp['app'];
let adminId: number;
beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  other = createApp({ db: t.db, config: t.config, logger: pino({ level: 'silent' }) });
});
afterAll(() => t.close());

describe('two processes over one database', () => {
  it('a signed-in user may land on either: the session is in the database', async () => {
    const agent = await login(t.app, 'admin');
    const cookie = (await agent.get('/')).request.cookies;
    const res = await request(other).get('/users').set('Cookie', cookie);
    expect(res.status).toBe(200);
  });

  it('failed logins add up across processes: the sixth wrong password is refused by the other one', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await submit(request.agent(t.app), '/login', '/login', { username: 'admin', password: `salah-${i}` });
      expect(res.status).toBe(401);
    }
    const refused = await submit(request.agent(other), '/login', '/login', { username: 'admin', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Terlalu banyak percobaan masuk');
  });

  it('a stock page cached before another process recorded a harvest is not served after it', async () => {
    const plot = await addLocation(t.db, 'Lahan Blok A');
    // Another admin: the test above has used up the first one's attempts.
    await addUser(t.db, 'admin2', ['admin']);
    const agent = await login(t.app, 'admin2');
    const terong = async () => /Terong[\s\S]*?<strong>([^<]+)<\/strong>/.exec((await agent.get('/stock')).text)![1];
    const before = await terong();
    expect(await terong()).toBe(before); // the second read comes from the cache
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/support/one-harvest.ts', String(adminId), String(plot), String(TERONG), '12345'],
      {
        env: childEnv(t),
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(await terong()).toBe('12,345 kg');
    expect(before).not.toBe('12,345 kg');
  });
});
