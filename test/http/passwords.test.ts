// The rule for new passwords (setup, a user added or reset by an admin, one's own change): at least
// 10 characters, not a common password, not the username. Older passwords still log in.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/password.ts';
import { addUser, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';

const SHORT = 'Kata sandi minimal 10 karakter.';
const COMMON = 'Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.';
const USERNAME = 'Kata sandi tidak boleh sama dengan nama pengguna';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

const pair = (p: string) => ({ password: p, password_confirm: p });
const userCount = async () => (await t.db.selectFrom('users').select('id').execute()).length;

describe('a new password', () => {
  it('on the first-run setup page: 10 characters, not common, not the username', async () => {
    const fresh = await makeTestApp();
    try {
      const setup = (username: string, password: string) =>
        submit(request.agent(fresh.app), '/setup', '/setup', {
          unit_name: 'Rutan Kelas IIB Blora',
          unit_code: 'RTNBLORA',
          username,
          full_name: 'Admin Rutan',
          ...pair(password),
        });
      const short = await setup('admin', 'pendek-12');
      expect(short.status).toBe(422);
      expect(short.text).toContain(SHORT);
      const common = await setup('admin', 'Password123');
      expect(common.status).toBe(422);
      expect(common.text).toContain(COMMON);
      const own = await setup('admin.blora', 'Admin.Blora');
      expect(own.status).toBe(422);
      expect(own.text).toContain(USERNAME);
      expect(await fresh.db.selectFrom('users').select('id').execute()).toEqual([]);
      expect((await setup('admin', 'kebun-terong-blora')).status).toBe(303);
    } finally {
      await fresh.close();
    }
  });

  it('for a user added by an admin', async () => {
    const before = await userCount();
    const form = { username: 'budi.santoso', full_name: 'Budi Santoso', roles: ['staf'] };
    const short = await submit(admin, '/users/new', '/users', { ...form, ...pair('123456789') });
    expect(short.status).toBe(422);
    expect(short.text).toContain(SHORT);
    // common even with the digits and marks people add at the end, in any case
    for (const p of ['Indonesia2026!', 'rahasia-123', 'QWERTYUIOP', 'bismillah123']) {
      const res = await submit(admin, '/users/new', '/users', { ...form, ...pair(p) });
      expect(res.status, p).toBe(422);
      expect(res.text, p).toContain(COMMON);
      expect(res.text, p).toContain('value="Budi Santoso"');
    }
    const own = await submit(admin, '/users/new', '/users', { ...form, ...pair('budi.santoso2026') });
    expect(own.status).toBe(422);
    expect(own.text).toContain(USERNAME);
    expect(await userCount()).toBe(before);
    expect((await submit(admin, '/users/new', '/users', { ...form, ...pair('lele-kolam-tiga') })).status).toBe(303);
  });

  it("for a reset by an admin and for one's own change", async () => {
    const id = await addUser(t.db, 'sri', ['petugas']);
    const reset = await submit(admin, `/users/${id}/password`, `/users/${id}/password`, pair('iloveyou12'));
    expect(reset.status).toBe(422);
    expect(reset.text).toContain(COMMON);
    const resetOwn = await submit(admin, `/users/${id}/password`, `/users/${id}/password`, pair('Sri1234567890'));
    expect(resetOwn.status).toBe(422);
    expect(resetOwn.text).toContain(USERNAME);

    const sri = await login(t.app, 'sri');
    const change = (password: string) =>
      submit(sri, '/account/password', '/account/password', { current_password: 'rahasia-123', ...pair(password) });
    const short = await change('kangkung1');
    expect(short.status).toBe(422);
    expect(short.text).toContain(SHORT);
    const common = await change('sunshine2025');
    expect(common.status).toBe(422);
    expect(common.text).toContain(COMMON);
    expect((await change('cabai-merah-panen')).status).toBe(303);
  });

  it('an older, shorter password still logs in: the rule is for new passwords only', async () => {
    const id = await addUser(t.db, 'lama', ['staf']);
    await t.db
      .updateTable('users')
      .set({ password_hash: await hashPassword('lama1234') })
      .where('id', '=', id)
      .execute();
    const agent = await login(t.app, 'lama', 'lama1234');
    expect((await agent.get('/')).status).toBe(200);
  });
});
