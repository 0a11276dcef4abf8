import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => (t = await makeTestApp({ unnamedUnit: true })));
afterAll(() => t.close());

describe('first-run setup', () => {
  it('sends every page to the setup page while no user exists', async () => {
    for (const p of ['/', '/login', '/users', '/nowhere']) {
      const res = await request(t.app).get(p);
      expect(res.status, p).toBe(303);
      expect(res.headers.location).toBe('/setup');
    }
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });

  it('setup form shows Indonesian errors beside the fields and keeps the typed values', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/setup');
    expect(page.status).toBe(200);
    expect(page.text).toContain('lang="id"');
    const res = await agent
      .post('/setup')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: 'Admin Blora',
        full_name: 'Siti <b>Aminah</b>',
        password: 'pendek',
        password_confirm: 'lain',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Nama pengguna hanya boleh huruf');
    expect(res.text).toContain('Kata sandi minimal 10 karakter.');
    // The unit's fields are asked beside the admin's, each message beside its own field.
    expect(res.text).toMatch(/id="f-unit_name"[\s\S]*Nama satuan kerja wajib diisi/);
    expect(await t.db.selectFrom('units').select(['code', 'name']).execute()).toEqual([{ code: 'UNIT', name: 'Unit' }]);
    expect(res.text).toContain('value="Admin Blora"');
    // typed text is escaped, never executed
    expect(res.text).toContain('value="Siti &lt;b&gt;Aminah&lt;/b&gt;"');
    // a password is never sent back
    expect(res.text).not.toContain('pendek');
  });

  it('creates the admin once, then the setup page is gone', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/setup');
    const res = await agent
      .post('/setup')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        unit_name: 'Rutan Kelas IIB Blora',
        unit_code: 'rtnblora',
        username: 'admin',
        full_name: 'Admin Rutan',
        password: 'kata-sandi-kuat',
        password_confirm: 'kata-sandi-kuat',
      });
    expect(res.status).toBe(303);
    // the new admin is logged in at once, on a session made for them (issue 13)
    expect(res.headers.location).toBe('/');
    const sessions = await t.db.selectFrom('sessions').select(['sid', 'user_id']).execute();
    expect(sessions).toHaveLength(1);
    expect((await agent.get('/')).text).toContain('Akun admin &#34;admin&#34; telah dibuat. Anda sudah masuk sebagai admin.');
    expect((await agent.get('/')).text).not.toContain('telah dibuat');

    const user = await t.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.username).toBe('admin');
    expect(user.password_hash).toMatch(/^scrypt\$/);
    const roles = await t.db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
    expect(roles.map((r) => r.role)).toEqual(['admin']);
    // The installation's one unit, made with its admin.
    const units = await t.db.selectFrom('units').select(['kind', 'upt_type', 'code', 'name', 'parent_id']).execute();
    expect(units).toEqual([{ kind: 'upt', upt_type: 'rutan', code: 'RTNBLORA', name: 'Rutan Kelas IIB Blora', parent_id: null }]);
    const audit = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(['setup']);
    expect(audit[0]!.after_json).not.toContain('scrypt');

    expect((await agent.get('/setup')).status).toBe(404);
    const again = await agent
      .post('/setup')
      .type('form')
      .send({
        _csrf: csrfFrom((await agent.get('/')).text),
        username: 'kedua',
        full_name: 'Kedua',
        password: 'kata-sandi-kuat',
        password_confirm: 'kata-sandi-kuat',
      });
    expect(again.status).toBe(404);
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    expect((await request(t.app).get('/')).headers.location).toBe('/login');
  });
});
