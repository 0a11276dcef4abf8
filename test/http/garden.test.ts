// Issue 13, the garden: a harvest in few taps, the head count of fish, a reason for every
// correction, a first password of one's own, and clear login/logout answers.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDate, wibTime } from '../../src/lib/time.ts';
import { buildSnapshot } from '../../src/features/reports/reports.snapshot.ts';
import {
  addLocation,
  addUser,
  csrfFrom,
  formPage,
  LELE,
  login,
  makeTestApp,
  sessionCookie,
  submit,
  TERONG,
  type Agent,
  type TestApp,
} from '../support/app.ts';

let t: TestApp;
let petugas: Agent;
let admin: Agent;
let lahan: number;
let lahan2: number;
let kolam: number;

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'petugas', ['petugas']);
  await addUser(t.db, 'admin', ['admin']);
  lahan = await addLocation(t.db, 'Lahan Blok A');
  lahan2 = await addLocation(t.db, 'Lahan Blok B');
  kolam = await addLocation(t.db, 'Kolam 1', 'kolam');
  petugas = await login(t.app, 'petugas');
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

const at = () => new Date(Date.now() - 5 * 60_000);

async function postHarvest(agent: Agent, fields: Record<string, string>) {
  const f = await formPage(agent, '/harvests/new');
  return agent
    .post('/harvests')
    .type('form')
    .send({
      _csrf: f.csrf,
      form_token: f.formToken,
      commodity_id: String(TERONG),
      location_id: String(lahan),
      harvest_date: wibDate(at()),
      harvest_time: wibTime(at()),
      ...fields,
    });
}
const idOf = (res: request.Response) => Number(/\/harvests\/(\d+)/.exec(String(res.headers.location))![1]!);

describe('a harvest in few taps', () => {
  it('the home page offers each commodity as a button that opens the form with it chosen', async () => {
    const home = await petugas.get('/');
    expect(home.text).toContain(`href="/harvests/new?commodity=${TERONG}"`);
    expect(home.text).toContain(`href="/harvests/new?commodity=${LELE}"`);
  });

  it("the officer's usual plot for the commodity is chosen, and the weight field then has the focus", async () => {
    for (let i = 0; i < 2; i++) expect((await postHarvest(petugas, { location_id: String(lahan2), weight_g: '1' })).status).toBe(303);
    expect((await postHarvest(petugas, { location_id: String(lahan), weight_g: '1' })).status).toBe(303);
    const form = await petugas.get(`/harvests/new?commodity=${TERONG}`);
    expect(form.text).toMatch(new RegExp(`name="location_id" value="${lahan2}" checked`));
    expect(form.text).not.toMatch(new RegExp(`name="location_id" value="${lahan}" checked`));
    expect(form.text).toMatch(/id="f-weight_g"[^>]*autofocus/);
    // a commodity never harvested by this officer: no plot is guessed
    const lele = await petugas.get(`/harvests/new?commodity=${LELE}`);
    expect(lele.text).not.toMatch(/name="location_id" value="\d+" checked/);
  });
});

describe('the head count of fish', () => {
  it('a Lele harvest without ekor is refused with a clear message and nothing is saved', async () => {
    const n = (await t.db.selectFrom('harvests').select('id').execute()).length;
    const res = await postHarvest(petugas, { commodity_id: String(LELE), location_id: String(kolam), weight_g: '5' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Isi jumlah ekor Lele.');
    expect(res.text).toContain('value="5"');
    expect((await t.db.selectFrom('harvests').select('id').execute()).length).toBe(n);
    expect(
      (await postHarvest(petugas, { commodity_id: String(LELE), location_id: String(kolam), weight_g: '5', heads: '40' })).status,
    ).toBe(303);
  });

  it('the ekor box is hidden when the chosen commodity has no heads, and shown for Lele', async () => {
    const terong = await petugas.get(`/harvests/new?commodity=${TERONG}`);
    expect(terong.text).toMatch(/<div class="field[^"]*" id="heads-field" hidden>/);
    const lele = await petugas.get(`/harvests/new?commodity=${LELE}`);
    expect(lele.text).toMatch(/<div class="field[^"]*" id="heads-field">/);
    expect(lele.text).toContain('Jumlah ekor');
    expect(lele.text).toContain(`data-heads="1"`);
  });
});

describe('a reason for every correction', () => {
  const editFields = (kg: string, extra: Record<string, string> = {}) => ({
    commodity_id: String(TERONG),
    location_id: String(lahan),
    weight_g: kg,
    harvest_date: wibDate(at()),
    harvest_time: wibTime(at()),
    ...extra,
  });

  it("a petugas's own same-day edit needs a reason, chosen in one tap or typed", async () => {
    const id = idOf(await postHarvest(petugas, { weight_g: '5' }));
    const form = await petugas.get(`/harvests/${id}/edit`);
    for (const r of ['salah ketik', 'salah komoditas', 'salah lahan']) expect(form.text).toContain(`name="reason_pick" value="${r}"`);
    const none = await submit(petugas, `/harvests/${id}/edit`, `/harvests/${id}`, editFields('4'));
    expect(none.status).toBe(422);
    expect(none.text).toContain('Pilih atau tuliskan alasan perubahan.');
    const picked = await submit(petugas, `/harvests/${id}/edit`, `/harvests/${id}`, editFields('4', { reason_pick: 'salah ketik' }));
    expect(picked.status).toBe(303);
    const typed = await submit(petugas, `/harvests/${id}/edit`, `/harvests/${id}`, editFields('3', { reason: 'timbangan belum nol' }));
    expect(typed.status).toBe(303);
    const both = await submit(
      petugas,
      `/harvests/${id}/edit`,
      `/harvests/${id}`,
      editFields('2', { reason_pick: 'salah lahan', reason: 'seharusnya Blok A' }),
    );
    expect(both.status).toBe(303);
    const reasons = await t.db
      .selectFrom('audit_log')
      .select('reason')
      .where('entity', '=', 'harvest')
      .where('action', '=', 'update')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(reasons.map((r) => r.reason)).toEqual(['salah ketik', 'timbangan belum nol', 'salah lahan: seharusnya Blok A']);
    const audit = await admin.get('/audit');
    expect(audit.text).toContain('salah ketik');
  });
});

describe('a correction without a reason from before', () => {
  it('the audit and the report annex say the reason was not recorded instead of "–"', async () => {
    const id = idOf(await postHarvest(petugas, { weight_g: '7' }));
    await t.db
      .insertInto('audit_log')
      .values({
        at: new Date().toISOString(),
        user_id: 1,
        action: 'update',
        entity: 'harvest',
        entity_id: String(id),
        before_json: JSON.stringify({ weight_g: 7000 }),
        after_json: JSON.stringify({ weight_g: 6000 }),
        reason: null,
      })
      .execute();
    const audit = await admin.get('/audit');
    expect(audit.text).toContain('tidak dicatat (diubah sebelum alasan diwajibkan)');
    const snap = await buildSnapshot(t.db, wibDate(at()).slice(0, 7), {
      status: 'draft',
      generatedAt: new Date().toISOString(),
      generatedById: null,
    });
    const mine = snap.annex.corrections.filter((c) => c.what === `Panen #${id}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reason).toBe('tidak dicatat (diubah sebelum alasan diwajibkan)');
    expect(snap.annex.corrections.every((c) => c.reason && c.reason !== '–')).toBe(true);
  });
});

describe("a first password of one's own", () => {
  it('a user an admin creates must set their own password at the first login', async () => {
    const res = await submit(admin, '/users/new', '/users', {
      username: 'budi',
      full_name: 'Budi Santoso',
      roles: 'petugas',
      password: 'sandi-sementara-9',
      password_confirm: 'sandi-sementara-9',
    });
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('users').select('must_change_password').where('username', '=', 'budi').executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(1);
    const budi = await login(t.app, 'budi', 'sandi-sementara-9');
    const home = await budi.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');
  });
});

describe('logging out and the first admin', () => {
  it('after Keluar the login page says so, and no session row is stored for the visitor', async () => {
    await addUser(t.db, 'keluar', ['petugas']);
    const agent = await login(t.app, 'keluar');
    const home = await agent.get('/');
    const out = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(sessionCookie(out) ?? '').not.toMatch(/lumbung\.sid=s/);
    const page = await agent.get('/login');
    expect(page.text).toContain('Anda telah keluar.');
    expect((await agent.get('/login')).text).not.toContain('Anda telah keluar.');
    expect(await t.db.selectFrom('sessions').select('sid').where('user_id', 'is', null).execute()).toEqual([]);
  });

  it('the admin created at first run is logged in, with a new session', async () => {
    const fresh = await makeTestApp();
    try {
      const agent = request.agent(fresh.app);
      const page = await agent.get('/setup');
      const res = await agent
        .post('/setup')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          unit_name: 'Rutan Kelas IIB Blora',
          unit_code: 'RTNBLORA',
          username: 'admin',
          full_name: 'Admin Rutan',
          password: 'kata-sandi-kuat',
          password_confirm: 'kata-sandi-kuat',
        });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
      expect(sessionCookie(res)).toBeDefined();
      const home = await agent.get('/');
      expect(home.status).toBe(200);
      expect(home.text).toContain('Selamat datang, Admin Rutan');
      expect(home.text).toContain('Akun admin &#34;admin&#34; telah dibuat.');
      expect((await fresh.db.selectFrom('sessions').select('sid').execute()).length).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
