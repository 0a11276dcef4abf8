import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, login, makeTestApp, submit, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
});
afterAll(() => t.close());

describe('audit log browsing', () => {
  it('pimpinan sees who changed what, and filters by kind of record', async () => {
    const admin = await login(t.app, 'admin');
    await submit(admin, '/users/new', '/users', {
      username: 'baru', full_name: 'Pegawai Baru', roles: 'staf', password: 'sandi-baru-1', password_confirm: 'sandi-baru-1',
    });
    const agent = await login(t.app, 'pimpinan');
    const page = await agent.get('/audit?entity=user');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nama admin');
    expect(page.text).toContain('Pegawai Baru');
    const none = await agent.get('/audit?entity=signatory');
    expect(none.text).toContain('0 catatan');
  });

  it('bad filter values are ignored, never a 500', async () => {
    const agent = await login(t.app, 'pimpinan');
    for (const q of ['from=2026-02-30', 'page=-1', 'page=1e309', 'user=%27%20OR%201%3D1', 'entity=<script>', 'from[]=x&to=abc']) {
      const res = await agent.get(`/audit?${q}`);
      expect(res.status, q).toBe(200);
    }
  });

  it("a package's items are shown as their values, not as [object Object]", async () => {
    const admin = await login(t.app, 'admin');
    const res = await submit(admin, '/packages/new', '/packages', { name: 'Paket audit', qty_1: '1,5', active: '1' });
    expect(res.status).toBe(303);
    const page = await admin.get('/audit');
    expect(page.text).not.toContain('[object Object]');
    expect(page.text).toContain('&#34;qty_g&#34;:1500');
  });
});

describe('healthz', () => {
  it('answers 200 with JSON when the database answers, without a login', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers 503 when the database does not; pages then show an Indonesian 500 page without a stack trace', async () => {
    const agent = await login(t.app, 'admin');
    t.sqlite.close();
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('error');
    const page = await agent.get('/');
    expect(page.status).toBe(500);
    expect(page.text).toContain('Terjadi kesalahan pada sistem.');
    expect(page.text).not.toMatch(/at .*\.ts:\d+|TypeError|Error:/);
  });
});
