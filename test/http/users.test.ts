import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Agent;
let adminId: number;
beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

const newUser = {
  username: 'Sri.Wahyuni',
  full_name: 'Sri Wahyuni',
  nip: '19850101 201001 2 003',
  position: 'Petugas Kebun',
  roles: ['petugas', 'staf'],
  password: 'kebun-subur-1',
  password_confirm: 'kebun-subur-1',
};

describe('user administration', () => {
  it('an admin adds a user with several roles, audited without the password', async () => {
    const res = await submit(admin, '/users/new', '/users', newUser);
    expect(res.status).toBe(303);
    const u = await t.db.selectFrom('users').selectAll().where('username', '=', 'sri.wahyuni').executeTakeFirstOrThrow();
    expect(u.nip).toBe('198501012010012003');
    const roles = await t.db.selectFrom('user_roles').select('role').where('user_id', '=', u.id).orderBy('role').execute();
    expect(roles.map((r) => r.role)).toEqual(['petugas', 'staf']);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'user')
      .where('entity_id', '=', String(u.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', user_id: adminId });
    expect(audit[0]!.after_json).toContain('"roles":["petugas","staf"]');
    expect(audit[0]!.after_json).not.toMatch(/scrypt|kebun-subur/);
    const list = await admin.get('/users');
    expect(list.text).toContain('Sri Wahyuni');
    expect(list.text).toContain('Petugas Kebun, Staf Distribusi');
  });

  it('a taken username, a bad NIP and no role are refused with the values kept', async () => {
    const res = await submit(admin, '/users/new', '/users', { ...newUser, nip: '12345', roles: [] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('NIP harus 18 angka.');
    expect(res.text).toContain('Pilih paling sedikit satu peran.');
    expect(res.text).toContain('value="Sri Wahyuni"');
    const dup = await submit(admin, '/users/new', '/users', newUser);
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('Nama pengguna ini sudah dipakai.');
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(2);
  });

  it('10 000 characters, script tags and SQL in a name give a message or safe display, never a 500', async () => {
    const long = await submit(admin, '/users/new', '/users', { ...newUser, username: 'panjang', full_name: 'x'.repeat(10_000) });
    expect(long.status).toBe(422);
    expect(long.text).toContain('Nama lengkap paling banyak 120 karakter.');
    const xss = await submit(admin, '/users/new', '/users', {
      ...newUser,
      username: 'skrip',
      full_name: "<script>alert(1)</script>' OR 1=1 --",
    });
    expect(xss.status).toBe(303);
    const list = await admin.get('/users');
    expect(list.text).not.toContain('<script>alert(1)</script>');
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&#39; OR 1=1 --');
  });

  it('an edit changes roles and keeps the before/after in the audit trail', async () => {
    const u = await t.db.selectFrom('users').select('id').where('username', '=', 'sri.wahyuni').executeTakeFirstOrThrow();
    const res = await submit(admin, `/users/${u.id}/edit`, `/users/${u.id}`, {
      full_name: 'Sri Wahyuni, S.P.',
      nip: '',
      position: '',
      roles: 'pimpinan',
    });
    expect(res.status).toBe(303);
    const entry = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before_json!).roles).toEqual(['petugas', 'staf']);
    expect(JSON.parse(entry.after_json!)).toMatchObject({ roles: ['pimpinan'], full_name: 'Sri Wahyuni, S.P.', nip: null });
  });

  it('the last active admin cannot lose the admin role or be deactivated', async () => {
    const res = await submit(admin, `/users/${adminId}/edit`, `/users/${adminId}`, { full_name: 'Admin', roles: 'staf' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('satu-satunya admin yang aktif');
    const self = await submit(admin, '/users', `/users/${adminId}/deactivate`, {});
    expect(self.status).toBe(303);
    expect((await admin.get('/users')).text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    const me = await t.db.selectFrom('users').select('active').where('id', '=', adminId).executeTakeFirstOrThrow();
    expect(me.active).toBe(1);
  });

  it('an unknown or malformed id is a 404 page, not a 500', async () => {
    expect((await admin.get('/users/99999/edit')).status).toBe(404);
    expect((await admin.get('/users/abc/edit')).status).toBe(404);
    expect((await submit(admin, '/users', '/users/99999/deactivate', {})).status).toBe(404);
  });
});
