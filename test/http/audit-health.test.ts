import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLocation, addUser, formPage, login, makeTestApp, submit, TERONG, type TestApp } from '../support/app.ts';
import { testEngine, testPgAdminUrl } from '../support/engine.ts';

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
      username: 'baru',
      full_name: 'Pegawai Baru',
      roles: 'staf',
      password: 'sandi-baru-1',
      password_confirm: 'sandi-baru-1',
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

  it("a package's items are shown as lines with the commodity by name and kg, not as JSON", async () => {
    const admin = await login(t.app, 'admin');
    const res = await submit(admin, '/packages/new', '/packages', { name: 'Paket audit', qty_1: '1,5', active: '1' });
    expect(res.status).toBe(303);
    const page = await admin.get('/audit?entity=package');
    expect(page.text).not.toContain('[object Object]');
    expect(page.text).not.toContain('qty_g');
    expect(page.text).toMatch(/<td>Paket #\d+<\/td>/);
    expect(page.text).toMatch(/<span>Barang:<\/span><ul class="kv-lines"><li>Terong 1,5 kg<\/li>/);
    expect(page.text).toContain('<span>Nama paket:</span> Paket audit');
  });

  it('a harvest reads in Indonesian: kind of record, form field names, kg, WIB time, names not ids', async () => {
    const lahan = await addLocation(t.db, 'Lahan Audit');
    const petugasId = await addUser(t.db, 'petugas-audit', ['petugas']);
    const petugas = await login(t.app, 'petugas-audit');
    const f = await formPage(petugas, '/harvests/new');
    const res = await petugas
      .post('/harvests')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        commodity_id: String(TERONG),
        location_id: String(lahan),
        harvest_date: '2026-01-05',
        harvest_time: '07:15',
        weight_g: '2,5',
        note: 'Panen pagi',
      });
    expect(res.status).toBe(303);
    const admin = await login(t.app, 'admin');
    const page = await admin.get(`/audit?entity=harvest&user=${petugasId}`);
    const text = page.text;
    expect(text).toContain('<td>Tambah</td>');
    expect(text).toMatch(/<td>Panen #\d+<\/td>/);
    expect(text).toContain('<span>Komoditas:</span> Terong');
    expect(text).toContain('<span>Lahan / kolam:</span> Lahan Audit');
    expect(text).toContain('<span>Berat:</span> 2,5 kg');
    expect(text).toContain('<span>Waktu panen:</span> 05/01/2026, 07.15 WIB');
    expect(text).toContain('<span>Tanggal panen:</span> 5 Januari 2026');
    expect(text).toContain('<span>Catatan:</span> Panen pagi');
    for (const raw of ['commodity_id', 'weight_g', 'harvested_at', 'location_id', 'form_token', 'status:']) expect(text).not.toContain(raw);
    expect(text).toContain('<span>Status:</span> Berlaku');
  });

  it('the wide table is a labelled region reachable by keyboard', async () => {
    const agent = await login(t.app, 'pimpinan');
    const page = await agent.get('/audit');
    expect(page.text).toMatch(/<div class="table-wrap" tabindex="0" role="region" aria-label="[^"]+">/);
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
    // Kysely's end of the database closed: SQLite's handle, or PostgreSQL's pool (t.close() later is a no-op for it).
    await t.db.destroy();
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('error');
    const page = await agent.get('/');
    expect(page.status).toBe(500);
    expect(page.text).toContain('Terjadi kesalahan pada sistem.');
    expect(page.text).not.toMatch(/at .*\.ts:\d+|TypeError|Error:/);
  });

  // PostgreSQL is a server of its own: it may drop the app's connections (a restart, a failover)
  // and come back. The pool then connects again by itself.
  it.runIf(testEngine === 'postgres')(
    'answers 503 while PostgreSQL refuses the database, and 200 again once it takes it back',
    async () => {
      const own = await makeTestApp();
      const name = new URL(own.config.databaseUrl!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: testPgAdminUrl! });
      await admin.connect();
      try {
        expect((await request(own.app).get('/healthz')).status).toBe(200);
        await admin.query(`alter database ${name} allow_connections false`);
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
        const down = await request(own.app).get('/healthz');
        expect(down.status).toBe(503);
        expect(down.body.status).toBe('error');
        await admin.query(`alter database ${name} allow_connections true`);
        const up = await request(own.app).get('/healthz');
        expect(up.status).toBe(200);
        expect(up.body).toEqual({ status: 'ok', database: 'ok' });
      } finally {
        await admin.end();
        await own.close();
      }
    },
  );
});
