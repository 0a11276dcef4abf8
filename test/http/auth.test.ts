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

describe('login and logout', () => {
  it('login page is Indonesian and needs no login', async () => {
    const res = await request(t.app).get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Masuk ke Lumbung');
  });

  it('a wrong password is refused with a clear message and the username kept', async () => {
    const agent = request.agent(t.app);
    const res = await submit(agent, '/login', '/login', { username: 'petugas', password: 'salah-sekali' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(res.text).toContain('value="petugas"');
    expect((await agent.get('/')).headers.location).toBe('/login');
  });

  it('an unknown user gets the same message as a wrong password', async () => {
    const res = await submit(request.agent(t.app), '/login', '/login', { username: 'siapa', password: 'apa-saja-123' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Nama pengguna atau kata sandi salah.');
  });

  it('empty fields give messages beside the fields, not a 500', async () => {
    const res = await submit(request.agent(t.app), '/login', '/login', { username: '', password: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Nama pengguna wajib diisi.');
    expect(res.text).toContain('Kata sandi wajib diisi.');
  });

  it('login sets a safe session cookie and opens the home page (the login page itself stores none)', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/login');
    expect(sessionCookie(page)).toBeUndefined();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: 'PETUGAS', password: PASSWORD, _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toBeDefined();
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('lumbung.sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Selamat datang, Nama petugas');
  });

  it('the session lasts 12 hours from the last request; its expiry moves at most once a minute, not a cookie on every answer', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-01T02:00:10Z'));
      const userId = await addUser(t.db, 'sesi', ['petugas']);
      const agent = await login(t.app, 'sesi');
      const sid = async () => {
        const rows = await t.db.selectFrom('sessions').select(['sid', 'expires_at']).where('user_id', '=', userId).execute();
        return Math.max(...rows.map((r) => Number(r.expires_at)));
      };
      const first = await sid();
      expect(first).toBe(Date.parse('2026-12-01T14:00:10Z'));
      // The same minute: after the first page (which keeps the session's CSRF token), pages are
      // answered with no Set-Cookie, and the stored expiry stays.
      await agent.get('/');
      vi.setSystemTime(new Date('2026-12-01T02:00:40Z'));
      const same = await agent.get('/');
      expect(same.status).toBe(200);
      expect(sessionCookie(same)).toBeUndefined();
      expect(await sid()).toBe(first);
      // The next minute: one answer carries the cookie again with the new expiry, and the store has it.
      vi.setSystemTime(new Date('2026-12-01T02:01:05Z'));
      const next = await agent.get('/');
      const cookie = ([] as string[]).concat(next.headers['set-cookie'] ?? []).find((c) => c.startsWith('lumbung.sid='));
      expect(cookie).toContain('Expires=Tue, 01 Dec 2026 14:01:05 GMT');
      expect(await sid()).toBe(Date.parse('2026-12-01T14:01:05Z'));
      expect(sessionCookie(await agent.get('/'))).toBeUndefined();
      // 12 hours with no request: the session is over.
      vi.setSystemTime(new Date('2026-12-01T14:01:06Z'));
      const late = await agent.get('/');
      expect(late.status).toBe(303);
      expect(late.headers.location).toBe('/login');
    } finally {
      vi.useRealTimers();
    }
  });

  it('logout ends the session on the server, not only in the browser', async () => {
    const agent = await login(t.app, 'admin');
    const home = await agent.get('/');
    const cookie = sessionCookie(home) ?? '';
    expect(cookie).toMatch(/^lumbung\.sid=/);
    // the cookie alone opens the home page before logout
    expect((await request(t.app).get('/').set('Cookie', cookie)).status).toBe(200);
    const sessionsBefore = await t.db.selectFrom('sessions').select('sid').execute();
    const res = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect((await t.db.selectFrom('sessions').select('sid').execute()).length).toBe(sessionsBefore.length - 1);
    // replaying the old cookie does not get back in
    const replay = await request(t.app).get('/').set('Cookie', cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login');
  });

  it('login is rate-limited after 5 failed attempts for a username', async () => {
    await addUser(t.db, 'target', ['staf']);
    const agent = request.agent(t.app);
    for (let i = 0; i < 5; i++) {
      const r = await submit(agent, '/login', '/login', { username: 'target', password: 'tebakan-' + i });
      expect(r.status).toBe(401);
    }
    const limited = await submit(agent, '/login', '/login', { username: 'target', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Terlalu banyak percobaan masuk');
    // another user from the same address is not locked out
    expect((await submit(request.agent(t.app), '/login', '/login', { username: 'admin', password: PASSWORD })).status).toBe(303);
  });

  it("a deactivated user's open session stops working at once", async () => {
    await addUser(t.db, 'sementara', ['staf']);
    const agent = await login(t.app, 'sementara');
    expect((await agent.get('/')).status).toBe(200);
    const admin = await login(t.app, 'admin');
    const id = (await t.db.selectFrom('users').select('id').where('username', '=', 'sementara').executeTakeFirstOrThrow()).id;
    const res = await submit(admin, '/users', `/users/${id}/deactivate`, {});
    expect(res.status).toBe(303);
    const after = await agent.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login');
    const again = await submit(request.agent(t.app), '/login', '/login', { username: 'sementara', password: PASSWORD });
    // the same answer as a wrong password: a refused login never tells that the account exists
    expect(again.status).toBe(401);
    expect(again.text).toContain('Nama pengguna atau kata sandi salah.');
  });

  it('a user changes their own password and must know the current one', async () => {
    await addUser(t.db, 'ganti', ['staf']);
    const agent = await login(t.app, 'ganti');
    const wrong = await submit(agent, '/account/password', '/account/password', {
      current_password: 'keliru-123',
      password: 'baru-sekali-1',
      password_confirm: 'baru-sekali-1',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Kata sandi saat ini salah.');
    const ok = await submit(agent, '/account/password', '/account/password', {
      current_password: PASSWORD,
      password: 'baru-sekali-1',
      password_confirm: 'baru-sekali-1',
    });
    expect(ok.status).toBe(303);
    await login(t.app, 'ganti', 'baru-sekali-1');
  });

  it('after an admin reset the user must choose a new password before anything else', async () => {
    const id = await addUser(t.db, 'lupa', ['petugas']);
    const admin = await login(t.app, 'admin');
    const reset = await submit(admin, `/users/${id}/password`, `/users/${id}/password`, {
      password: 'sementara-1',
      password_confirm: 'sementara-1',
    });
    expect(reset.status).toBe(303);
    const agent = await login(t.app, 'lupa', 'sementara-1');
    const home = await agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');
    await submit(agent, '/account/password', '/account/password', {
      current_password: 'sementara-1',
      password: 'milik-saya-1',
      password_confirm: 'milik-saya-1',
    });
    expect((await agent.get('/')).status).toBe(200);
  });
});
