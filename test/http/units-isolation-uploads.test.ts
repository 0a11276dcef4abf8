// Nothing crosses units through an upload, the tablet's queue or a stored file (issue 17): Lapas
// Pati's users, in every role, send multipart forms with a photo or a logo and the queue's entries,
// with Rutan Uji's ids in the path, the query and the fields, and open Rutan Uji's photos and logo.
// None of it reads or changes Rutan Uji; Rutan Uji's own users doing the same do change it.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '../../src/db/database.ts';
import { unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { settingsOn } from '../../src/features/settings/settings.service.ts';
import { wibDate, wibTime } from '../../src/lib/time.ts';
import { canAccess } from '../../src/web/routes.ts';
import { addRecipient, TERONG, token, type Agent } from '../support/app.ts';
import { concretePath, LETTERHEAD } from '../support/fuzz-world.ts';
import { checkAnswer } from '../support/fuzz.ts';
import { binary } from '../support/pdf.ts';
import { changedTables, leaks, makeTwoUnits, tablesOfUji, type TwoUnits } from '../support/two-units.ts';

vi.setConfig({ testTimeout: 180_000 });

let u: TwoUnits;
const photo = (background: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background } })
    .jpeg()
    .toBuffer();
let UJI_PHOTO: Buffer;
let PATI_PHOTO: Buffer;
/** What Rutan Uji's own users uploaded in the set-up: the control, and what Lapas Pati then goes after. */
const uji = {} as {
  before: Map<string, string>;
  after: Map<string, string>;
  harvest: { id: number; token: string };
  queued: { id: number; token: string };
  distribution: { id: number; token: string };
  eventPhoto: number;
  logo: string;
};
let patiRecipient: number;
let patiStaf: number;

type Fields = Record<string, string | readonly string[]>;
type File = { field: string; bytes: Buffer };

/** A multipart form as a browser (or the tablet's queue, `FormData`) sends it, with its CSRF token. */
async function send(agent: Agent, path: string, fields: Fields, file?: File): Promise<request.Response> {
  const csrf = (await agent.get('/sync/session')).body.csrf as string;
  let req = agent.post(path).field('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) req = req.field(k, x);
  if (file) req = req.attach(file.field, file.bytes, { filename: 'foto.jpg', contentType: 'image/jpeg' });
  return req;
}

/** A form without a file, sent as the browser sends it. */
async function post(agent: Agent, path: string, fields: Fields): Promise<request.Response> {
  const csrf = (await agent.get('/sync/session')).body.csrf as string;
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: csrf, ...fields });
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
/** A harvest as the form sends it, on today's date. */
const harvestForm = (commodity: number, plot: number, over: Fields = {}): Fields => ({
  form_token: token(),
  commodity_id: String(commodity),
  location_id: String(plot),
  weight_g: '1,5',
  harvest_date: wibDate(),
  harvest_time: '00:00',
  ...over,
});
/** A harvest as the tablet's queue replays it. */
const queuedHarvest = (commodity: number, plot: number, over: Fields = {}): Fields => ({
  entry_id: token(),
  entered_at: ago(5).toISOString(),
  commodity_id: String(commodity),
  location_id: String(plot),
  weight_g: '1,5',
  harvest_date: wibDate(ago(10)),
  harvest_time: wibTime(ago(10)),
  ...over,
});
const handoverForm = (recipient: number, officer: number, over: Fields = {}): Fields => ({
  form_token: token(),
  recipient_id: String(recipient),
  handed_on: wibDate(),
  officer_id: String(officer),
  ...over,
});
const saved = (res: request.Response, path: RegExp): number => {
  expect(res.status, res.text?.slice(0, 300)).toBe(303);
  return Number(path.exec(String(res.headers.location))![1]);
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const valuesOf = (fields: Fields) => Object.values(fields).flat();

beforeAll(async () => {
  u = await makeTwoUnits();
  const { t, w } = u;
  [UJI_PHOTO, PATI_PHOTO] = await Promise.all([photo('#a33'), photo('#33a')]);
  const ujiFile = { field: 'photo', bytes: UJI_PHOTO };

  uji.before = await tablesOfUji(t);
  const h = harvestForm(TERONG, w.ids.lahan);
  uji.harvest = { id: saved(await send(w.agents.petugas, '/harvests', h, ujiFile), /\/harvests\/(\d+)/), token: String(h.form_token) };
  const q = queuedHarvest(TERONG, w.ids.lahan);
  const queued = await send(w.agents.petugas, '/sync/harvests', q, ujiFile);
  expect(queued.body.status, queued.text).toBe('saved');
  uji.queued = { id: queued.body.record.id as number, token: String(q.entry_id) };
  const d = handoverForm(w.ids.institution, w.ids.staf, { [`qty_${TERONG}`]: '0,1' });
  uji.distribution = {
    id: saved(await send(w.agents.staf, '/distributions', d, ujiFile), /\/distributions\/(\d+)/),
    token: String(d.form_token),
  };
  saved(await send(w.agents.staf, `/events/${w.ids.event}/photos`, {}, ujiFile), /\/events\/(\d+)/);
  uji.eventPhoto = (await t.db.selectFrom('event_photos').select('id').executeTakeFirstOrThrow()).id;
  const letterhead = Object.fromEntries(Object.entries(LETTERHEAD).map(([k, v]) => [k, String(v ?? '')]));
  expect((await send(w.agents.admin, '/settings', letterhead, { field: 'logo', bytes: await photo('#3a3') })).status).toBe(303);
  uji.logo = (await settingsOn(t.db))!.logo_file!;
  uji.after = await tablesOfUji(t);

  // Lapas Pati's own recipient and staf, for handovers of its own that carry Rutan Uji's ids.
  patiStaf = (await t.db.selectFrom('users').select('id').where('username', '=', 'pati.staf').executeTakeFirstOrThrow()).id;
  patiRecipient = await withUnitScope(unitScope(u.pati), () => addRecipient(t.db, { name: 'Warga Pati', nik: null }));
  saved(await post(u.agents.petugas, '/harvests', harvestForm(u.patiTerong, u.patiPlot, { weight_g: '10' })), /\/harvests\/(\d+)/);
});
afterAll(() => u?.t.close());

describe('uploads and the tablet queue across units', () => {
  it("Rutan Uji's own uploads change Rutan Uji, and its users see its photos and logo (the control)", async () => {
    expect(changedTables(uji.before, uji.after)).toEqual(
      expect.arrayContaining(['harvests', 'distributions', 'event_photos', 'site_settings', 'files of Rutan Uji']),
    );
    expect(uji.after.get('files of Rutan Uji')!.split('\n')).toHaveLength(5);
    for (const path of fileUrls(u.w.ids.event)) {
      const res = await u.w.all.get(path).buffer(true).parse(binary);
      expect(res.status, path).toBe(200);
      expect((res.body as Buffer).length, path).toBeGreaterThan(100);
    }
  });

  it("every POST route, sent as multipart with a photo or a logo by every role of Lapas Pati with Rutan Uji's ids, changes and shows nothing of Rutan Uji", async () => {
    const { t, w, agents, table } = u;
    const before = await tablesOfUji(t);
    const query = `?recipient=${w.ids.recipient}&replaces=${w.ids.distribution}&event=${w.ids.event}&package=${w.ids.package}&commodity=${TERONG}&location=${w.ids.lahan}`;
    const fields: Fields = {
      ...queuedHarvest(TERONG, w.ids.lahan, { entry_id: uji.queued.token, workers: 'BI.123/2025' }),
      form_token: uji.harvest.token,
      kind: 'kitchen',
      qty_g: '1',
      [`qty_${TERONG}`]: '0,1',
      out_date: wibDate(),
      handed_on: wibDate(),
      event_date: wibDate(),
      name: 'Uji lintas unit',
      reason: 'Uji lintas unit',
      recipient_id: String(w.ids.recipient),
      recipient_ids: [String(w.ids.recipient), String(w.ids.family)],
      event_id: String(w.ids.event),
      package: String(w.ids.package),
      package_id: String(w.ids.package),
      inmate_id: String(w.ids.inmate),
      replaces_id: String(w.ids.distribution),
      officer_id: String(w.ids.staf),
      ids: String(w.ids.distribution),
      ...Object.fromEntries(Object.entries(LETTERHEAD).map(([k, v]) => [k, String(v ?? '')])),
      unit_name: 'Lapas Pati',
      address: 'Jl. Pati',
    };
    const answers: string[] = [];
    for (const r of table.filter((x) => x.method === 'post' && x.access !== 'public')) {
      if (r.path === '/logout' || r.path.startsWith('/account')) continue;
      for (const role of ROLES.filter((role) => canAccess(r.access, [role]))) {
        for (const field of ['photo', 'logo', null]) {
          const path = concretePath(r.path, w, uji.logo) + query;
          const res = await send(agents[role], path, fields, field ? { field, bytes: PATI_PHOTO } : undefined);
          const label = `${role} POST ${path} (${field ?? 'no file'})`;
          checkAnswer(res, label, { json: r.json });
          expect(leaks(res, valuesOf(fields)), label).toEqual([]);
          answers.push(`${res.status} ${r.path}`);
          // A path naming one of Rutan Uji's records is never answered as done.
          if (/^\/(harvests|distributions|events|recipients|inmates|packages|commodities|locations|users)\/:id/.test(r.path))
            expect(res.status, label).toBeGreaterThanOrEqual(400);
        }
      }
    }
    expect(answers.length).toBeGreaterThan(100);
    expect(changedTables(before, await tablesOfUji(t))).toEqual([]);
    // The routes that take an upload were reached (not all stopped as a forged multipart post).
    for (const path of ['/harvests', '/distributions', '/events/:id/photos', '/settings', '/sync/harvests', '/sync/outflows'])
      expect(answers.filter((a) => a.endsWith(` ${path}`) && !a.startsWith('403')).length, path).toBeGreaterThan(0);
  });

  it("the upload forms refuse Rutan Uji's commodity, plot, WBP, recipient, event, package and receipt with an Indonesian message", async () => {
    const { t, w, agents, patiPlot, patiTerong } = u;
    const file = { field: 'photo', bytes: PATI_PHOTO };
    const before = await tablesOfUji(t);
    const refused = async (agent: Agent, path: string, fields: Fields, status: number[], message: RegExp) => {
      const res = await send(agent, path, fields, file);
      const label = `POST ${path} ${JSON.stringify(fields)}`;
      checkAnswer(res, label);
      expect(status, `${label} → ${res.status}`).toContain(res.status);
      expect(res.text, label).toMatch(message);
      expect(leaks(res, valuesOf(fields)), label).toEqual([]);
    };
    for (const role of ['petugas', 'admin'] as const) {
      await refused(agents[role], '/harvests', harvestForm(TERONG, patiPlot), [404, 422], /Komoditas tidak ditemukan/);
      await refused(agents[role], '/harvests', harvestForm(patiTerong, w.ids.lahan), [404, 422], /Lokasi tidak ditemukan/);
      await refused(agents[role], '/harvests', harvestForm(patiTerong, patiPlot, { workers: 'BI.123/2025' }), [422], /WBP/);
    }
    const item = { [`qty_${patiTerong}`]: '0,1' };
    for (const role of ['staf', 'admin'] as const) {
      const agent = agents[role];
      const notFound = /tidak ditemukan|tidak dikenal/i;
      await refused(agent, '/distributions', handoverForm(w.ids.recipient, patiStaf, item), [404, 422], notFound);
      await refused(
        agent,
        `/distributions?recipient=${w.ids.recipient}`,
        handoverForm(w.ids.recipient, patiStaf, item),
        [404, 422],
        notFound,
      );
      await refused(
        agent,
        '/distributions',
        handoverForm(patiRecipient, patiStaf, { ...item, event_id: String(w.ids.event) }),
        [404, 422],
        /kegiatan/i,
      );
      await refused(
        agent,
        '/distributions',
        handoverForm(patiRecipient, patiStaf, { ...item, replaces_id: String(w.ids.distribution) }),
        [404, 422],
        notFound,
      );
      await refused(agent, '/distributions', handoverForm(patiRecipient, w.ids.staf, item), [404, 422], /petugas/i);
      await refused(
        agent,
        '/distributions',
        handoverForm(patiRecipient, patiStaf, { package: String(w.ids.package) }),
        [404, 422],
        notFound,
      );
      await refused(agent, `/events/${w.ids.event}/photos`, {}, [404], notFound);
    }
    expect(changedTables(before, await tablesOfUji(t))).toEqual([]);

    // The control: the same forms with Rutan Uji's ids, sent by Rutan Uji's own users, are saved.
    saved(
      await send(w.agents.petugas, '/harvests', harvestForm(TERONG, w.ids.lahan, { workers: 'BI.123/2025' }), file),
      /\/harvests\/(\d+)/,
    );
    const handover = handoverForm(w.ids.recipient, w.ids.staf, { [`qty_${TERONG}`]: '0,1', replaces_id: '' });
    saved(await send(w.agents.staf, '/distributions', handover, file), /\/distributions\/(\d+)/);
    saved(await send(w.agents.staf, `/events/${w.ids.event}/photos`, {}, file), /\/events\/(\d+)/);
    expect(changedTables(before, await tablesOfUji(t))).toEqual(
      expect.arrayContaining(['harvests', 'distributions', 'event_photos', 'files of Rutan Uji']),
    );
  });

  it("the tablet's queue refuses Rutan Uji's ids in JSON, and never answers with Rutan Uji's record", async () => {
    const { t, w, agents, patiPlot, patiTerong } = u;
    const before = await tablesOfUji(t);
    const refused = async (agent: Agent, path: string, fields: Fields, file?: File) => {
      const res = await send(agent, path, fields, file);
      const label = `POST ${path} ${JSON.stringify(fields)}`;
      checkAnswer(res, label, { json: true });
      // 422 for what the officer can correct; 404 (the queue shows it as refused too) for a record not there.
      expect([404, 422], `${label} → ${res.status}`).toContain(res.status);
      expect(['refused', 'error'], label).toContain(res.body.status);
      expect(res.body.record, label).toBeUndefined();
      expect(leaks(res, valuesOf(fields)), label).toEqual([]);
      return res;
    };
    const file = { field: 'photo', bytes: PATI_PHOTO };
    for (const role of ['petugas', 'admin'] as const) {
      await refused(agents[role], '/sync/harvests', queuedHarvest(TERONG, patiPlot), file);
      await refused(agents[role], '/sync/harvests', queuedHarvest(patiTerong, w.ids.lahan), file);
      await refused(agents[role], '/sync/harvests', queuedHarvest(patiTerong, patiPlot, { workers: 'BI.123/2025' }), file);
      // Rutan Uji's entry sent again, word for word, from Lapas Pati: not "saved before" with its record.
      await refused(agents[role], '/sync/harvests', queuedHarvest(TERONG, w.ids.lahan, { entry_id: uji.queued.token }), file);
    }
    const outflow = {
      entry_id: token(),
      entered_at: ago(5).toISOString(),
      kind: 'kitchen',
      commodity_id: String(TERONG),
      out_date: wibDate(),
      qty_g: '0,1',
    };
    for (const role of ['petugas', 'staf'] as const) await refused(agents[role], '/sync/outflows', { ...outflow, entry_id: token() });
    // A JSON body (no script of Lapas Pati sends one) is read as nothing: refused in JSON, never a 500.
    for (const path of ['/sync/harvests', '/sync/outflows']) {
      const csrf = (await agents.petugas.get('/sync/session')).body.csrf as string;
      const res = await agents.petugas.post(path).set('X-CSRF-Token', csrf).send(queuedHarvest(TERONG, w.ids.lahan));
      checkAnswer(res, `JSON ${path}`, { json: true });
      expect(res.status, path).toBe(422);
    }
    for (const role of ROLES) {
      const res = await agents[role].get(`/sync/session?id=${w.ids.all}`);
      expect(res.body.user.username).toBe(`pati.${role}`);
    }
    // The admin's list of refused entries: Rutan Uji's is neither shown nor marked handled.
    const list = await agents.admin.get('/sync/refused');
    expect([list.status, leaks(list)]).toEqual([200, []]);
    const handled = await post(agents.admin, `/sync/refused/${u.refusedEntry}/handled`, { note: 'Uji lintas unit' });
    checkAnswer(handled, 'POST /sync/refused/:id/handled');
    expect([handled.status, handled.text]).toEqual([404, expect.stringContaining('tidak ditemukan')]);
    expect(changedTables(before, await tablesOfUji(t))).toEqual([]);

    // The control: the same entries from Rutan Uji's own officer are saved, and a resend is "saved before".
    const mine = queuedHarvest(TERONG, w.ids.lahan, { workers: 'BI.123/2025' });
    expect((await send(w.agents.petugas, '/sync/harvests', mine, file)).body.status).toBe('saved');
    const again = await send(w.agents.petugas, '/sync/harvests', mine, file);
    expect([again.body.status, again.body.record?.url]).toEqual(['duplicate', expect.stringMatching(/^\/harvests\/\d+$/)]);
    expect((await send(w.agents.petugas, '/sync/outflows', { ...outflow, entry_id: token() })).body.status).toBe('saved');
    expect((await w.agents.admin.get('/sync/refused')).text).toContain('Lahan A');
    expect((await post(w.agents.admin, `/sync/refused/${u.refusedEntry}/handled`, { note: 'Sudah dicatat ulang' })).status).toBe(303);
    expect(changedTables(before, await tablesOfUji(t))).toEqual(expect.arrayContaining(['harvests', 'outflows', 'refused_entries']));
  });

  it("Rutan Uji's photos and logo are not served to Lapas Pati, in any role", async () => {
    const { t, w, agents, table } = u;
    const patiEvent = saved(
      await post(agents.staf, '/events', { name: 'Panen Raya Pati', kind: 'panen_raya', event_date: wibDate() }),
      /\/events\/(\d+)/,
    );
    const ujiBytes = await Promise.all((await filesOfUji()).map((n) => t.files.read(n)));
    let tried = 0;
    for (const path of [...fileUrls(w.ids.event), `/events/${patiEvent}/photos/${uji.eventPhoto}`]) {
      const route = table.find((r) => r.method === 'get' && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path))!;
      for (const role of ROLES.filter((role) => canAccess(route.access, [role]))) {
        const res = await agents[role].get(path).buffer(true).parse(binary);
        const label = `${role} GET ${path}`;
        expect(res.status, label).toBe(404);
        const body = res.body as Buffer;
        expect(/html/.test(String(res.headers['content-type'])), label).toBe(true);
        expect(body.toString('utf8'), label).toMatch(/tidak ditemukan/i);
        for (const bytes of ujiBytes) expect(body.includes(bytes!), label).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(15);
  });

  it("a photo saved in Lapas Pati under the form token of a Rutan Uji record leaves Rutan Uji's photo as it was", async () => {
    const { t, w, agents, patiPlot, patiTerong } = u;
    const before = await tablesOfUji(t);
    const file = { field: 'photo', bytes: PATI_PHOTO };
    // Lapas Pati's own records, with its own commodity, plot and recipient: saved in Lapas Pati.
    const harvest = saved(
      await send(agents.petugas, '/harvests', harvestForm(patiTerong, patiPlot, { form_token: uji.harvest.token }), file),
      /\/harvests\/(\d+)/,
    );
    const queued = await send(agents.petugas, '/sync/harvests', queuedHarvest(patiTerong, patiPlot, { entry_id: uji.queued.token }), file);
    expect(queued.body.status, queued.text).toBe('saved');
    const handover = handoverForm(patiRecipient, patiStaf, { form_token: uji.distribution.token, [`qty_${patiTerong}`]: '0,1' });
    const distribution = saved(await send(agents.staf, '/distributions', handover, file), /\/distributions\/(\d+)/);

    expect(changedTables(before, await tablesOfUji(t))).toEqual([]);
    const get = async (agent: Agent, path: string) => {
      const res = await agent.get(path).buffer(true).parse(binary);
      expect(res.status, path).toBe(200);
      return sha(res.body as Buffer);
    };
    const pairs: Array<[string, string]> = [
      [`/harvests/${uji.harvest.id}/photo`, `/harvests/${harvest}/photo`],
      [`/harvests/${uji.queued.id}/photo`, `/harvests/${queued.body.record.id}/photo`],
      [`/distributions/${uji.distribution.id}/photo`, `/distributions/${distribution}/photo`],
    ];
    for (const [ujiPath, patiPath] of pairs) {
      const [ujiSees, patiSees] = [await get(w.all, ujiPath), await get(agents.admin, patiPath)];
      expect(ujiSees, ujiPath).not.toBe(patiSees);
    }
  });
});

/** Where Rutan Uji's files are served: the photos of a harvest, a handover and an event, and the logo. */
function fileUrls(event: number): string[] {
  return [
    `/harvests/${uji.harvest.id}/photo`,
    `/harvests/${uji.queued.id}/photo`,
    `/distributions/${uji.distribution.id}/photo`,
    `/events/${event}/photos/${uji.eventPhoto}`,
    `/settings/logo/${uji.logo}`,
  ];
}

async function filesOfUji(): Promise<string[]> {
  return (uji.after.get('files of Rutan Uji') ?? '').split('\n').map((line) => line.split(' ')[0]!);
}
