// The tablet queue's endpoints: one entry, one record; a clear answer per entry in JSON (never a
// redirect); a fresh CSRF token before replay, and a cross-site post still refused.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finaliseMonth } from '../../src/features/reports/reports.archive.ts';
import { wibDate, wibTime } from '../../src/lib/time.ts';
import { addLocation, addUser, LELE, login, makeTestApp, stockOf, TERONG, token, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let petugas: Agent;
let petugas2: Agent;
let staf: Agent;
let admin: Agent;
let lahan: number;
let adminId: number;

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'petugas', ['petugas']);
  await addUser(t.db, 'petugas2', ['petugas']);
  await addUser(t.db, 'staf', ['staf']);
  adminId = await addUser(t.db, 'admin', ['admin']);
  lahan = await addLocation(t.db, 'Lahan Blok A');
  petugas = await login(t.app, 'petugas');
  petugas2 = await login(t.app, 'petugas2');
  staf = await login(t.app, 'staf');
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

async function csrfOf(agent: Agent): Promise<string> {
  const res = await agent.get('/sync/session');
  expect(res.status).toBe(200);
  return res.body.csrf as string;
}

const ago = (ms: number) => new Date(Date.now() - ms);

function harvestFields(over: Record<string, string> = {}): Record<string, string> {
  const at = ago(10 * 60_000);
  return {
    entry_id: token(),
    entered_at: ago(5 * 60_000).toISOString(),
    commodity_id: String(TERONG),
    location_id: String(lahan),
    weight_g: '2,5',
    harvest_date: wibDate(at),
    harvest_time: wibTime(at),
    grade: 'A',
    note: '',
    ...over,
  };
}

async function sendHarvest(agent: Agent, fields: Record<string, string>, csrf?: string) {
  let req = agent.post('/sync/harvests').set('X-CSRF-Token', csrf ?? (await csrfOf(agent)));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

async function sendOutflow(agent: Agent, fields: Record<string, string>) {
  let req = agent.post('/sync/outflows').set('X-CSRF-Token', await csrfOf(agent));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

const harvestCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('harvests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('GET /sync/session', () => {
  it('gives the logged-in user and a CSRF token, and 401 JSON (not a redirect) without a session', async () => {
    const res = await petugas.get('/sync/session');
    expect(res.body.user.username).toBe('petugas');
    expect(res.body.csrf).toMatch(/\S{20,}/);
    const anon = await request(t.app).get('/sync/session');
    expect(anon.status).toBe(401);
    expect(anon.type).toBe('application/json');
    expect(anon.body.status).toBe('login');
    expect(anon.body.message).toMatch(/Masuk lagi/);
  });
});

describe('POST /sync/harvests', () => {
  it('saves an entry once: the resend (a lost answer, a second tab) answers the first record', async () => {
    const before = await harvestCount();
    const fields = harvestFields();
    const first = await sendHarvest(petugas, fields);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'saved', entry_id: fields.entry_id });
    expect(first.body.record.url).toBe(`/harvests/${first.body.record.id}`);
    expect(first.body.record.label).toMatch(/^Panen #\d+ · Terong 2,5 kg$/);
    const again = await Promise.all([sendHarvest(petugas, fields), sendHarvest(petugas, fields)]);
    for (const r of again) expect(r.body).toMatchObject({ status: 'duplicate', record: { id: first.body.record.id } });
    expect(await harvestCount()).toBe(before + 1);
    const row = await t.db.selectFrom('harvests').selectAll().where('id', '=', first.body.record.id).executeTakeFirstOrThrow();
    // Entered on the tablet five minutes ago; received by the server now.
    expect(row.entered_at).toBe(new Date(fields.entered_at!).toISOString());
    expect(Date.parse(row.created_at) - Date.parse(row.entered_at!)).toBeGreaterThan(4 * 60_000);
    expect(row.form_token).toBe(fields.entry_id);
  });

  it('a resend of a saved entry is answered as saved even when its plot was closed since', async () => {
    const plot = await addLocation(t.db, 'Lahan Sementara');
    const fields = harvestFields({ location_id: String(plot) });
    expect((await sendHarvest(petugas, fields)).body.status).toBe('saved');
    await t.db.updateTable('locations').set({ active: 0 }).where('id', '=', plot).execute();
    expect((await sendHarvest(petugas, fields)).body.status).toBe('duplicate');
  });

  it('refuses with the reason in Indonesian and the field, status 422, saving nothing', async () => {
    const before = await harvestCount();
    const res = await sendHarvest(petugas, harvestFields({ weight_g: 'dua' }));
    expect(res.status).toBe(422);
    expect(res.body.status).toBe('refused');
    expect(res.body.errors.weight_g).toBeTruthy();
    expect(res.body.message).toBe(res.body.errors.weight_g);
    expect(res.body.month_final).toBe(false);
    expect(await harvestCount()).toBe(before);
  });

  it('an entry id another user saved is not theirs: refused, the record not shown', async () => {
    const fields = harvestFields();
    expect((await sendHarvest(petugas, fields)).body.status).toBe('saved');
    const res = await sendHarvest(petugas2, fields);
    expect(res.status).toBe(422);
    expect(res.body.record).toBeUndefined();
    expect(res.body.message).toMatch(/pengguna lain/);
  });

  it('checks the time it was entered on the tablet: not ahead of the server, not too old, not before the harvest', async () => {
    const ahead = await sendHarvest(petugas, harvestFields({ entered_at: new Date(Date.now() + 60 * 60_000).toISOString() }));
    expect(ahead.status).toBe(422);
    expect(ahead.body.message).toMatch(/jam tablet tidak tepat/);
    const old = ago(40 * 86_400_000);
    const tooOld = await sendHarvest(
      petugas,
      harvestFields({ entered_at: old.toISOString(), harvest_date: wibDate(old), harvest_time: '07:00' }),
    );
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.message).toMatch(/lebih dari 30 hari lalu/);
    const before = await sendHarvest(petugas, harvestFields({ entered_at: ago(3 * 3_600_000).toISOString() }));
    expect(before.status).toBe(422);
    expect(before.body.message).toMatch(/Waktu panen .* setelah waktu pencatatan di tablet/);
    for (const entered_at of ['kemarin', '2026-02-30T10:00:00Z', '2026-11-30T10:00']) {
      // No such day; no zone (it would be read in the server's zone): refused, not guessed.
      const unreadable = await sendHarvest(petugas, harvestFields({ entered_at }));
      expect(unreadable.body.errors.entered_at, entered_at).toMatch(/tidak terbaca/);
    }
  });

  it('a harvest in a month already final is refused with the reason and lands on the admin list, once', async () => {
    const lastMonth = new Date(Date.now() - 40 * 86_400_000);
    const month = wibDate(lastMonth).slice(0, 7);
    await finaliseMonth(t.db, month, adminId, `u${adminId}`);
    const fields = harvestFields({ entered_at: ago(20 * 86_400_000).toISOString(), harvest_date: `${month}-15`, harvest_time: '07:00' });
    const res = await sendHarvest(petugas, fields);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 'refused', month_final: true, entry_id: fields.entry_id });
    expect(res.body.message).toMatch(/sudah final/);
    await sendHarvest(petugas, fields);
    const rows = await t.db.selectFrom('refused_entries').selectAll().where('entry_id', '=', fields.entry_id!).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ weight_g: '2,5', harvest_date: `${month}-15` });
    expect(JSON.parse(rows[0]!.payload)._csrf).toBeUndefined();

    const home = await admin.get('/');
    expect(home.text).toMatch(/1 catatan dari tablet ditolak karena laporan bulannya sudah final/);
    const list = await admin.get('/sync/refused');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`data-refused-entry="${fields.entry_id}"`);
    expect(list.text).toMatch(/Panen Terong 2,5 kg · Lahan Blok A/);
    expect((await petugas.get('/sync/refused')).status).toBe(403);

    const csrf = (await admin.get('/sync/session')).body.csrf as string;
    const done = await admin
      .post(`/sync/refused/${rows[0]!.id}/handled`)
      .type('form')
      .send({ _csrf: csrf, note: 'bulan dibuka, dicatat ulang' });
    expect(done.status).toBe(303);
    expect((await admin.get('/')).text).not.toMatch(/catatan dari tablet ditolak/);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'refused_entry').execute();
    expect(audit).toHaveLength(1);
  });

  it('without a session: 401 JSON, nothing saved, never the login page', async () => {
    const before = await harvestCount();
    const res = await request(t.app).post('/sync/harvests').field('entry_id', token());
    expect(res.status).toBe(401);
    expect(res.body.status).toBe('login');
    expect(res.headers.location).toBeUndefined();
    expect(await harvestCount()).toBe(before);
  });

  it('a stale or missing CSRF token: 403 {status: csrf}; a cross-site post is refused the same way', async () => {
    const stale = await sendHarvest(petugas, harvestFields(), 'bukan-token');
    expect(stale.status).toBe(403);
    expect(stale.body.status).toBe('csrf');
    // A page elsewhere can post the form with the user's cookie but cannot read /sync/session's token.
    const cross = await petugas.post('/sync/harvests').set('Origin', 'https://jahat.example').field('entry_id', token());
    expect(cross.status).toBe(403);
    expect(cross.body.status).toBe('csrf');
  });

  it('a role that may not record harvests: 403 {status: forbidden}', async () => {
    const res = await sendHarvest(staf, harvestFields());
    expect(res.status).toBe(403);
    expect(res.body.status).toBe('forbidden');
  });
});

describe('POST /sync/outflows', () => {
  it('saves a kitchen use once, and refuses a kind that has its own form (a sale)', async () => {
    await sendHarvest(petugas, harvestFields({ weight_g: '10' }));
    const stock = await stockOf(t.db, TERONG);
    const fields = {
      entry_id: token(),
      entered_at: ago(60_000).toISOString(),
      kind: 'kitchen',
      commodity_id: String(TERONG),
      qty_g: '1,5',
      heads: '',
      out_date: wibDate(),
      note: '',
    };
    const first = await sendOutflow(petugas, fields);
    expect(first.body).toMatchObject({ status: 'saved' });
    expect(first.body.record.label).toMatch(/^Pemakaian dapur #\d+ · Terong 1,5 kg$/);
    expect((await sendOutflow(petugas, fields)).body.status).toBe('duplicate');
    expect((await stockOf(t.db, TERONG)).g).toBe(stock.g - 1500);
    const sale = await sendOutflow(petugas, { ...fields, entry_id: token(), kind: 'sale', amount_rp: '10000' });
    expect(sale.status).toBe(422);
    expect(sale.body.message).toMatch(/formulirnya sendiri/);
  });

  it('more than the stock: refused with the stock message', async () => {
    const res = await sendOutflow(petugas, {
      entry_id: token(),
      entered_at: ago(60_000).toISOString(),
      kind: 'loss',
      commodity_id: String(LELE),
      qty_g: '500',
      heads: '3',
      out_date: wibDate(),
      note: 'busuk',
    });
    expect(res.status).toBe(422);
    expect(res.body.status).toBe('refused');
    expect(res.body.message).toMatch(/stok/i);
  });
});

describe('the record page', () => {
  it('shows when it was entered on the tablet and when the server received it', async () => {
    const fields = harvestFields({ entered_at: ago(30 * 60_000).toISOString() });
    fields.harvest_time = wibTime(ago(40 * 60_000));
    fields.harvest_date = wibDate(ago(40 * 60_000));
    const res = await sendHarvest(petugas, fields);
    const page = await petugas.get(res.body.record.url);
    expect(page.text).toMatch(/\(di tablet; diterima server \d/);
  });
});

describe('the admin list, bad input', () => {
  it('a handling note that is too long: 422, the message beside it and the typed note kept', async () => {
    const month = wibDate(new Date(Date.now() - 40 * 86_400_000)).slice(0, 7);
    const fields = harvestFields({ entered_at: ago(20 * 86_400_000).toISOString(), harvest_date: `${month}-16`, harvest_time: '08:00' });
    expect((await sendHarvest(petugas, fields)).body.month_final).toBe(true);
    const row = await t.db.selectFrom('refused_entries').select('id').where('entry_id', '=', fields.entry_id!).executeTakeFirstOrThrow();
    const csrf = (await admin.get('/sync/session')).body.csrf as string;
    const note = 'dibuka ' + 'x'.repeat(400);
    const res = await admin.post(`/sync/refused/${row.id}/handled`).type('form').send({ _csrf: csrf, note });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/Catatan.*paling banyak 300/);
    expect(res.text).toContain(`value="${note}"`);
    expect(
      (await t.db.selectFrom('refused_entries').select('handled_at').where('id', '=', row.id).executeTakeFirstOrThrow()).handled_at,
    ).toBeNull();
  });
});
