// Login hardening: no stored session for visitors, CSRF without a session, limits per address,
// doubled fields, and one answer for every refused login.
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addUser, csrfFrom, login, makeTestApp, PASSWORD, sessionCookie, submit, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'petugas', ['petugas']);
});
afterAll(() => t.close());

const sessionRows = async (app: TestApp) => (await app.db.selectFrom('sessions').select('sid').execute()).length;
const INVALID = 'Nama pengguna atau kata sandi salah.';

/** The login page as a visitor posts it: urlencoded by hand, so a field can be sent twice. */
async function postRaw(agent: ReturnType<typeof request.agent>, fields: Array<[string, string]>) {
  const csrf = csrfFrom((await agent.get('/login')).text);
  const body = new URLSearchParams([...fields, ['_csrf', csrf]]).toString();
  return agent.post('/login').type('form').send(body);
}

describe('a visitor who is not logged in has no stored session', () => {
  it('1 000 anonymous views of the login page and a failed login store no session row', async () => {
    const before = await sessionRows(t);
    for (let i = 0; i < 1000; i++) {
      const res = await request(t.app).get('/login');
      expect(res.status).toBe(200);
      expect(sessionCookie(res)).toBeUndefined();
    }
    const failed = await submit(request.agent(t.app), '/login', '/login', { username: 'petugas', password: 'salah-sekali' });
    expect(failed.status).toBe(401);
    expect(sessionCookie(failed)).toBeUndefined();
    // a page that needs a login remembers where to return without a session either
    expect((await request(t.app).get('/harvests')).headers.location).toBe('/login');
    expect(await sessionRows(t)).toBe(before);
    expect(before).toBe(0);
  });

  it('a login post without the form token, or with a token from another visitor, is refused', async () => {
    const none = await request(t.app).post('/login').type('form').send({ username: 'admin', password: PASSWORD });
    expect(none.status).toBe(403);
    expect(none.text).toContain('kedaluwarsa atau tidak sah');
    // a token without its cookie (a forged cross-site post cannot send ours)
    const token = csrfFrom((await request(t.app).get('/login')).text);
    const noCookie = await request(t.app).post('/login').type('form').send({ username: 'admin', password: PASSWORD, _csrf: token });
    expect(noCookie.status).toBe(403);
    // another visitor's token does not fit this visitor's cookie
    const other = request.agent(t.app);
    await other.get('/login');
    const mismatched = await other.post('/login').type('form').send({ username: 'admin', password: PASSWORD, _csrf: token });
    expect(mismatched.status).toBe(403);
    expect(await sessionRows(t)).toBe(0);
  });

  it('a real login stores one session and returns to the page first asked for', async () => {
    const agent = request.agent(t.app);
    expect((await agent.get('/harvests')).headers.location).toBe('/login');
    const res = await submit(agent, '/login', '/login', { username: 'petugas', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/harvests');
    expect(sessionCookie(res)).toBeDefined();
    expect((await agent.get('/harvests')).status).toBe(200);
    expect(await sessionRows(t)).toBe(1);
  });

  it('login gives a new session id, so an id known before login is worth nothing', async () => {
    const agent = await login(t.app, 'admin');
    const home = await agent.get('/');
    const before = sessionCookie(home)!;
    expect(before).toBeDefined();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: 'petugas', password: PASSWORD, _csrf: csrfFrom(home.text) });
    expect(res.status).toBe(303);
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const replay = await request(t.app).get('/').set('Cookie', before);
    expect(replay.headers.location).toBe('/login');
  });
});

describe('login limits and refusals', () => {
  it('a deactivated account gets exactly the answer of a wrong password', async () => {
    await addUser(t.db, 'pensiun', ['staf'], { active: false });
    await addUser(t.db, 'aktif', ['staf']);
    const deactivated = await submit(request.agent(t.app), '/login', '/login', { username: 'pensiun', password: PASSWORD });
    const wrong = await submit(request.agent(t.app), '/login', '/login', { username: 'aktif', password: 'salah-sekali' });
    expect(deactivated.status).toBe(wrong.status);
    expect(deactivated.status).toBe(401);
    expect(deactivated.text).toContain(INVALID);
    expect(deactivated.text).not.toContain('dinonaktifkan');
    const same = (html: string) => html.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="(pensiun|aktif)"/, '');
    expect(same(deactivated.text)).toBe(same(wrong.text));
  });

  it('a username or password sent twice is refused with a clear message, never read as one of them', async () => {
    const before = await sessionRows(t);
    const twoNames = await postRaw(request.agent(t.app), [
      ['username', 'admin'],
      ['username', 'petugas'],
      ['password', PASSWORD],
    ]);
    expect(twoNames.status).toBe(422);
    expect(twoNames.text).toContain('Nama pengguna terkirim lebih dari sekali');
    const twoPasswords = await postRaw(request.agent(t.app), [
      ['username', 'admin'],
      ['password', PASSWORD],
      ['password', 'lain-lagi-1'],
    ]);
    expect(twoPasswords.status).toBe(422);
    expect(twoPasswords.text).toContain('Kata sandi terkirim lebih dari sekali');
    expect(await sessionRows(t)).toBe(before);
  });

  it('20 failed logins from one address, across any usernames, stop the next login for 15 minutes', async () => {
    const fresh = await makeTestApp();
    try {
      await addUser(fresh.db, 'admin', ['admin']);
      for (let i = 0; i < 20; i++) {
        const r = await submit(request.agent(fresh.app), '/login', '/login', { username: `tebak${i}`, password: 'tebakan-sandi' });
        expect(r.status, `attempt ${i + 1}`).toBe(401);
      }
      const limited = await submit(request.agent(fresh.app), '/login', '/login', { username: 'admin', password: PASSWORD });
      expect(limited.status).toBe(429);
      expect(limited.text).toContain('Terlalu banyak percobaan masuk');
    } finally {
      await fresh.close();
    }
  });
});

describe('timing does not tell an account exists', () => {
  it('an unknown name, a deactivated account and a wrong password each cost one password hash', async () => {
    const { authenticate } = await import('../../src/features/users/users.service.ts');
    await addUser(t.db, 'berhenti', ['staf'], { active: false });
    await authenticate(t.db, 'petugas', 'salah-sekali'); // the dummy hash for unknown names is made once, before counting
    // Count the scrypt derivations instead of timing them: a timed test fails on a busy machine.
    const spy = vi.spyOn(crypto, 'scrypt');
    syncBuiltinESMExports();
    try {
      for (const [username, password] of [
        ['petugas', 'salah-sekali'],
        ['tidak.ada', 'salah-sekali'],
        ['berhenti', PASSWORD],
      ] as const) {
        spy.mockClear();
        expect((await authenticate(t.db, username, password)).ok).toBe(false);
        expect(spy, username).toHaveBeenCalledTimes(1);
      }
    } finally {
      spy.mockRestore();
      syncBuiltinESMExports();
    }
  });
});
