// Issue 13: what an officer chose or typed is never thrown away — a package tap keeps every other
// choice (no-JS path: the package button submits the whole form), and a session that ended while a
// form was open leads back to that form after login. The draft in the browser has its own browser test.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import {
  CABAI,
  TERONG,
  addLocation,
  addRecipient,
  addUser,
  csrfFrom,
  formPage,
  login,
  makeTestApp,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';
import { setUpLetterhead } from '../support/fuzz-world.ts';

let t: TestApp;
let staf: Agent;
let stafId: number;
let otherOfficer: number;
let pkg: number;
let event: number;
const today = wibDate();
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const countOf = async (table: 'distributions') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await makeTestApp();
  const adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  otherOfficer = await addUser(t.db, 'staf2', ['staf']);
  staf = await login(t.app, 'staf');
  await setUpLetterhead(t, adminId);
  for (const [c, g] of [
    [TERONG, 20_000],
    [CABAI, 5_000],
  ] as const) {
    const loc = await addLocation(t.db, `Lahan ${token().slice(0, 6)}`);
    await createHarvest(
      t.db,
      {
        commodity_id: c,
        location_id: loc,
        weight_g: g,
        heads: null,
        grade: null,
        harvest_date: `${Number(today.slice(0, 4)) - 1}-12-01`,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
  }
  const admin = await login(t.app, 'admin');
  const p = await formPage(admin, '/packages/new');
  await admin.post('/packages').type('form').send({ _csrf: p.csrf, name: 'Paket lengkap', qty_1: '1', qty_2: '0,5', active: '1' });
  pkg = (await t.db.selectFrom('packages').select('id').where('name', '=', 'Paket lengkap').executeTakeFirstOrThrow()).id;
  const e = await formPage(staf, '/events/new');
  const res = await staf
    .post('/events')
    .type('form')
    .send({ _csrf: e.csrf, name: 'Bakti Sosial Desember', kind: 'bakti_sosial', event_date: today, place: 'Aula' });
  event = Number(/\/events\/(\d+)/.exec(res.headers.location!)![1]);
});
afterAll(() => t.close());

describe('a package tap keeps every other choice (without JavaScript: the button submits the form)', () => {
  it('the package buttons are submit buttons of the form, not links that reload an empty form', async () => {
    const r = await addRecipient(t.db, { name: 'Tombol Paket' });
    for (const path of [`/events/${event}/batch`, `/distributions/new?recipient=${r}`]) {
      const html = (await staf.get(path)).text;
      expect(html, path).toMatch(new RegExp(`<button[^>]+name="package" value="${pkg}"`));
      expect(html, path).not.toContain('package=');
    }
  });

  it('on the batch screen: the ticked recipients, the date and the officer stay; the quantities are the package', async () => {
    const ids = [await addRecipient(t.db, { name: 'Warga Satu' }), await addRecipient(t.db, { name: 'Warga Dua' })];
    const f = await formPage(staf, `/events/${event}/batch`);
    const before = await countOf('distributions');
    const res = await staf
      .post(`/events/${event}/batch?category=masyarakat`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: yesterday,
        officer_id: String(otherOfficer),
        recipient_ids: ids.map(String),
        qty_2: '3',
        package: String(pkg),
      });
    expect(res.status).toBe(200);
    expect(await countOf('distributions')).toBe(before);
    for (const id of ids) expect(res.text).toMatch(new RegExp(`value="${id}" id="r-${id}" checked`));
    expect(res.text).toMatch(new RegExp(`name="handed_on" type="date"\\s+value="${yesterday}"`));
    expect(res.text).toMatch(new RegExp(`<option value="${otherOfficer}" selected`));
    expect(res.text).toContain('name="qty_1" inputmode="decimal" autocomplete="off" value="1"');
    expect(res.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="0,5"');
    expect(res.text).toContain(`name="form_token" value="${f.formToken}"`);
    expect(res.text).not.toContain('Periksa kembali');
  });

  it('on a replacement: the link to the voided receipt, the event, date and officer stay; the save carries replaces_id', async () => {
    const r = await addRecipient(t.db, { name: 'Pengganti Paket' });
    const f0 = await formPage(staf, `/distributions/new?recipient=${r}`);
    const first = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: f0.csrf,
        form_token: f0.formToken,
        recipient_id: String(r),
        handed_on: today,
        officer_id: String(stafId),
        qty_1: '2',
      });
    const voided = Number(/\/distributions\/(\d+)/.exec(first.headers.location!)![1]);
    const show = await staf.get(`/distributions/${voided}`);
    await staf
      .post(`/distributions/${voided}/void`)
      .type('form')
      .send({ _csrf: csrfFrom(show.text), reason: 'Salah paket', correct: '1' });

    const f = await formPage(staf, `/distributions/new?replaces=${voided}`);
    const tap = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        recipient_id: String(r),
        replaces_id: String(voided),
        event_id: String(event),
        handed_on: yesterday,
        officer_id: String(otherOfficer),
        qty_1: '2',
        package: String(pkg),
      });
    expect(tap.status).toBe(200);
    expect(tap.text).toContain(`name="replaces_id" value="${voided}"`);
    expect(tap.text).toContain('Pengganti tanda terima');
    expect(tap.text).toMatch(new RegExp(`<option value="${event}" selected`));
    expect(tap.text).toMatch(new RegExp(`<option value="${otherOfficer}" selected`));
    expect(tap.text).toMatch(new RegExp(`name="handed_on" type="date"\\s+value="${yesterday}"`));
    expect(tap.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="0,5"');

    const saved = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: csrfFrom(tap.text),
        form_token: f.formToken,
        recipient_id: String(r),
        replaces_id: String(voided),
        event_id: String(event),
        handed_on: yesterday,
        officer_id: String(otherOfficer),
        qty_1: '1',
        qty_2: '0,5',
      });
    expect(saved.status).toBe(303);
    const id = Number(/\/distributions\/(\d+)/.exec(saved.headers.location!)![1]);
    const row = await t.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.replaces_id).toBe(voided);
    expect(row.event_id).toBe(event);
  });

  it('an unknown package is a message on the same form, the typed values kept', async () => {
    const f = await formPage(staf, `/events/${event}/batch`);
    const res = await staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: yesterday,
        officer_id: String(stafId),
        qty_2: '3',
        package: '99999',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Paket tidak ditemukan.');
    expect(res.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="3"');
  });
});

describe("the browser's draft of a form is dropped only once the server confirmed the save", () => {
  it('the page after a save names the form token (once); a refused save names nothing', async () => {
    const r = await addRecipient(t.db, { name: 'Draf Tersimpan' });
    const f = await formPage(staf, `/distributions/new?recipient=${r}`);
    const fields = { _csrf: f.csrf, form_token: f.formToken, recipient_id: String(r), handed_on: today, officer_id: String(stafId) };
    const refused = await staf
      .post('/distributions')
      .type('form')
      .send({ ...fields, qty_1: 'banyak' });
    expect(refused.status).toBe(422);
    expect(refused.text).not.toContain('data-saved-forms');
    expect((await staf.get('/')).text).not.toContain('data-saved-forms');
    // Within one minute (the session's expiry moves once a minute): the token rides in a signed
    // cookie, so saving the record is the only durable write of the POST (issue 19).
    const start = new Date();
    start.setUTCSeconds(5, 0);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    let ok: Awaited<ReturnType<typeof staf.get>>;
    try {
      await staf.get('/');
      const sessionsBefore = await t.db.selectFrom('sessions').select(['sid', 'data', 'expires_at']).orderBy('sid').execute();
      ok = await staf
        .post('/distributions')
        .type('form')
        .send({ ...fields, qty_1: '1' });
      expect(await t.db.selectFrom('sessions').select(['sid', 'data', 'expires_at']).orderBy('sid').execute()).toEqual(sessionsBefore);
    } finally {
      vi.useRealTimers();
    }
    expect(ok.status).toBe(303);
    expect((await staf.get(ok.headers.location!)).text).toContain(`<body data-saved-forms="${f.formToken}">`);
    expect((await staf.get(ok.headers.location!)).text).not.toContain('data-saved-forms');
  });

  it('every page loads the draft script; the handover, batch and harvest forms carry a draft key', async () => {
    const r = await addRecipient(t.db, { name: 'Kunci Draf' });
    expect((await staf.get('/')).text).toContain('<script src="/static/js/draft.js" defer></script>');
    expect((await staf.get(`/distributions/new?recipient=${r}`)).text).toContain(`data-draft="handover-${r}-0"`);
    expect((await staf.get(`/events/${event}/batch`)).text).toContain(`data-draft="batch-${event}"`);
    const petugas = await login(t.app, 'admin');
    expect((await petugas.get('/harvests/new')).text).toContain('data-draft="harvest"');
  });
});

describe('a session that ended while a form was open', () => {
  it('a save sent after it ended saves nothing, leads to login, and after login back to the form', async () => {
    await addUser(t.db, 'staf3', ['staf']);
    const agent = await login(t.app, 'staf3');
    const page = `/events/${event}/batch?category=masyarakat`;
    const f = await formPage(agent, page);
    const r = await addRecipient(t.db, { name: 'Sesi Habis' });
    await t.db
      .deleteFrom('sessions')
      .where('user_id', '=', (await t.db.selectFrom('users').select('id').where('username', '=', 'staf3').executeTakeFirstOrThrow()).id)
      .execute();
    const before = await countOf('distributions');
    const res = await agent
      .post(`/events/${event}/batch?category=masyarakat`)
      .set('Host', 'lumbung.test')
      .set('Referer', `http://lumbung.test${page}`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: today,
        officer_id: String(stafId),
        recipient_ids: [String(r)],
        qty_1: '1',
      });
    expect([res.status, res.headers.location]).toEqual([303, '/login']);
    expect(await countOf('distributions')).toBe(before);
    const loginPage = await agent.get('/login');
    expect(loginPage.text).toContain('Sesi Anda telah berakhir, sehingga isian tadi belum tersimpan.');
    const back = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(loginPage.text), username: 'staf3', password: 'rahasia-123' });
    expect([back.status, back.headers.location]).toEqual([303, page]);
  });

  it('the same for a form with a photo (multipart), and a form from another site is not remembered', async () => {
    await addUser(t.db, 'staf4', ['staf']);
    const agent = await login(t.app, 'staf4');
    const r = await addRecipient(t.db, { name: 'Sesi Habis Foto' });
    const page = `/distributions/new?recipient=${r}`;
    const f = await formPage(agent, page);
    await t.db.deleteFrom('sessions').execute();
    const res = await agent
      .post('/distributions')
      .set('Host', 'lumbung.test')
      .set('Referer', `http://lumbung.test${page}`)
      .field('_csrf', f.csrf)
      .field('form_token', f.formToken)
      .field('recipient_id', String(r))
      .field('qty_1', '1');
    expect([res.status, res.headers.location]).toEqual([303, '/login']);
    const loginPage = await agent.get('/login');
    const back = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(loginPage.text), username: 'staf4', password: 'rahasia-123' });
    expect(back.headers.location).toBe(page);

    const other = await login(t.app, 'staf4');
    const g = await formPage(other, page);
    await t.db.deleteFrom('sessions').execute();
    await other
      .post('/distributions')
      .set('Host', 'lumbung.test')
      .set('Referer', `http://evil.example${page}`)
      .type('form')
      .send({ _csrf: g.csrf, form_token: g.formToken });
    const lp = await other.get('/login');
    expect(
      (
        await other
          .post('/login')
          .type('form')
          .send({ _csrf: csrfFrom(lp.text), username: 'staf4', password: 'rahasia-123' })
      ).headers.location,
    ).toBe('/');
  });
});
