// Issue 13: what an officer chose or typed is never thrown away — a package tap keeps every other
// choice (no-JS path: the package button submits the whole form), and a session that ended while a
// form was open leads back to that form after login. The draft in the browser has its own browser test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import {
  CABAI, TERONG, addLocation, addRecipient, addUser, csrfFrom, formPage, login, makeTestApp, token, type Agent, type TestApp,
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

const countOf = async (table: 'distributions') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await makeTestApp();
  const adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  otherOfficer = await addUser(t.db, 'staf2', ['staf']);
  staf = await login(t.app, 'staf');
  await setUpLetterhead(t, adminId);
  for (const [c, g] of [[TERONG, 20_000], [CABAI, 5_000]] as const) {
    const loc = await addLocation(t.db, `Lahan ${token().slice(0, 6)}`);
    await createHarvest(t.db, {
      commodity_id: c, location_id: loc, weight_g: g, heads: null, grade: null, harvest_date: `${Number(today.slice(0, 4)) - 1}-12-01`,
      harvest_time: '07:00', workers: [], note: null, form_token: token(),
    }, adminId);
  }
  const admin = await login(t.app, 'admin');
  const p = await formPage(admin, '/packages/new');
  await admin.post('/packages').type('form').send({ _csrf: p.csrf, name: 'Paket lengkap', qty_1: '1', qty_2: '0,5', active: '1' });
  pkg = (await t.db.selectFrom('packages').select('id').where('name', '=', 'Paket lengkap').executeTakeFirstOrThrow()).id;
  const e = await formPage(staf, '/events/new');
  const res = await staf.post('/events').type('form').send({ _csrf: e.csrf, name: 'Bakti Sosial Desember', kind: 'bakti_sosial', event_date: today, place: 'Aula' });
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
    const res = await staf.post(`/events/${event}/batch?category=masyarakat`).type('form').send({
      _csrf: f.csrf, form_token: f.formToken, handed_on: yesterday, officer_id: String(otherOfficer), recipient_ids: ids.map(String), qty_2: '3', package: String(pkg),
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
    const first = await staf.post('/distributions').type('form').send({
      _csrf: f0.csrf, form_token: f0.formToken, recipient_id: String(r), handed_on: today, officer_id: String(stafId), qty_1: '2',
    });
    const voided = Number(/\/distributions\/(\d+)/.exec(first.headers.location!)![1]);
    const show = await staf.get(`/distributions/${voided}`);
    await staf.post(`/distributions/${voided}/void`).type('form').send({ _csrf: csrfFrom(show.text), reason: 'Salah paket', correct: '1' });

    const f = await formPage(staf, `/distributions/new?replaces=${voided}`);
    const tap = await staf.post('/distributions').type('form').send({
      _csrf: f.csrf, form_token: f.formToken, recipient_id: String(r), replaces_id: String(voided), event_id: String(event),
      handed_on: yesterday, officer_id: String(otherOfficer), qty_1: '2', package: String(pkg),
    });
    expect(tap.status).toBe(200);
    expect(tap.text).toContain(`name="replaces_id" value="${voided}"`);
    expect(tap.text).toContain('Pengganti tanda terima');
    expect(tap.text).toMatch(new RegExp(`<option value="${event}" selected`));
    expect(tap.text).toMatch(new RegExp(`<option value="${otherOfficer}" selected`));
    expect(tap.text).toMatch(new RegExp(`name="handed_on" type="date"\\s+value="${yesterday}"`));
    expect(tap.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="0,5"');

    const saved = await staf.post('/distributions').type('form').send({
      _csrf: csrfFrom(tap.text), form_token: f.formToken, recipient_id: String(r), replaces_id: String(voided), event_id: String(event),
      handed_on: yesterday, officer_id: String(otherOfficer), qty_1: '1', qty_2: '0,5',
    });
    expect(saved.status).toBe(303);
    const id = Number(/\/distributions\/(\d+)/.exec(saved.headers.location!)![1]);
    const row = await t.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.replaces_id).toBe(voided);
    expect(row.event_id).toBe(event);
  });

  it('an unknown package is a message on the same form, the typed values kept', async () => {
    const f = await formPage(staf, `/events/${event}/batch`);
    const res = await staf.post(`/events/${event}/batch`).type('form').send({
      _csrf: f.csrf, form_token: f.formToken, handed_on: yesterday, officer_id: String(stafId), qty_2: '3', package: '99999',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Paket tidak ditemukan.');
    expect(res.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="3"');
  });
});
