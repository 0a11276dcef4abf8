// Nothing crosses units (issue 17): the users of one unit, in every role, try every route with the
// other unit's ids — in the path, the query and the form fields — and read none of its records and
// change none. Two UPT in one installation: Rutan Uji (the test world, unit 1) and Lapas Pati.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES, type Role } from '../../src/db/database.ts';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { canAccess, type RouteTableEntry } from '../../src/web/routes.ts';
import { addUnit, addUser, csrfFrom, login, TERONG, token, type Agent, type TestApp } from '../support/app.ts';
import { concretePath, type World } from '../support/fuzz-world.ts';
import { encode } from '../support/fuzz.ts';
import { changedTables, leaks, makeTwoUnits, tablesOfUji as tablesOf } from '../support/two-units.ts';

vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
let w: World;
let pati: number;
let patiPlot: number;
let patiTerong: number;
let agents: Record<Role, Agent>;
let table: RouteTableEntry[];

beforeAll(async () => {
  ({ t, w, pati, patiPlot, patiTerong, agents, table } = await makeTwoUnits());
});
afterAll(() => t?.close());

const tablesOfUji = () => tablesOf(t);

describe('two units in one installation', () => {
  it('a user of Lapas Pati works in Lapas Pati, and sees its own plot', async () => {
    const res = await agents.petugas.get('/harvests/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kebun Pati');
    expect(leaks(res)).toEqual([]);
    expect(patiPlot).toBeGreaterThan(0);
  });

  it("every page of another unit's record is not found, in every role, and shows none of it", async () => {
    const seen: string[] = [];
    for (const r of table.filter((x) => x.method === 'get' && x.path.includes(':') && x.access !== 'public')) {
      for (const role of ROLES) {
        if (!canAccess(r.access, [role])) continue;
        const path = concretePath(r.path, w);
        const res = await agents[role].get(path);
        expect(res.status, `${role} ${path}`).not.toBe(500);
        expect(leaks(res), `${role} ${path} (${res.status})`).toEqual([]);
        if (res.status === 200) seen.push(`${role} ${path}`);
      }
    }
    // The pages answered 200 are those of the unit's own month or file, never a record of Rutan Uji.
    for (const s of seen)
      expect(s).not.toMatch(/\/(users|commodities|locations|inmates|harvests|recipients|distributions|events|packages)\/\d+/);
  });

  it('no list, search or export of Lapas Pati holds a record of Rutan Uji', async () => {
    const queries = ['', '?q=Siti', '?q=3316016001850002', '?q=BI.123', '?name=Siti'];
    for (const r of table.filter((x) => x.method === 'get' && !x.path.includes(':') && x.access !== 'public')) {
      for (const role of ROLES) {
        if (!canAccess(r.access, [role])) continue;
        for (const q of queries) {
          const res = await agents[role].get(r.path + q);
          expect(res.status, `${role} ${r.path}${q}`).not.toBe(500);
          expect(leaks(res), `${role} ${r.path}${q}`).toEqual([]);
        }
      }
    }
  });

  it("no form, sent with Rutan Uji's ids in its path and fields, changes anything of Rutan Uji", async () => {
    const before = await tablesOfUji();
    const ids = {
      id: String(w.ids.harvest),
      commodity_id: '1',
      location_id: String(w.ids.lahan),
      recipient_id: String(w.ids.recipient),
      recipient_ids: String(w.ids.recipient),
      event_id: String(w.ids.event),
      package_id: String(w.ids.package),
      inmate_id: String(w.ids.inmate),
      workers: String(w.ids.inmate),
      replaces_id: String(w.ids.distribution),
      officer_id: String(w.ids.staf),
      merge_into: String(w.ids.recipient),
      into_id: String(w.ids.recipient),
      ids: String(w.ids.distribution),
      distribution_ids: String(w.ids.distribution),
    };
    // The forms' own field names, so that a form gets past its fields to the ids it names.
    const plausible = {
      weight_g: '2,5',
      qty_g: '1',
      harvest_date: w.today,
      harvest_time: '07:00',
      out_date: w.today,
      handed_on: w.today,
      event_date: w.today,
      count_date: w.today,
      counted_g: '1',
      kind: 'kitchen',
      name: 'Uji lintas unit',
      reason: 'Uji lintas unit',
      category: 'masyarakat',
      address: 'Jl. Uji',
      village: 'Uji',
      district: 'Uji',
      month: w.today.slice(0, 7),
      active: '1',
      [`qty_${TERONG}`]: '1',
    };
    let sent = 0;
    for (const r of table.filter((x) => x.method === 'post' && x.access !== 'public' && !x.json)) {
      for (const role of ROLES) {
        if (!canAccess(r.access, [role])) continue;
        if (r.path === '/logout' || r.path.startsWith('/account')) continue;
        const page = await agents[role].get('/');
        const body = { _csrf: csrfFrom(page.text), form_token: token(), ...plausible, ...ids };
        const path = concretePath(r.path, w);
        const res = await agents[role]
          .post(path)
          .type('form')
          .send(encode(Object.entries(body)));
        expect(res.status, `${role} POST ${path}`).not.toBe(500);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(20);
    expect(changedTables(before, await tablesOfUji())).toEqual([]);
  });

  it("a harvest, an outflow and a handover naming Rutan Uji's plot, commodity or recipient are refused", async () => {
    const before = await tablesOfUji();
    const petugas = await login(t.app, 'pati.petugas');
    const staf = await login(t.app, 'pati.staf');
    const patiStaf = await t.db.selectFrom('users').select('id').where('username', '=', 'pati.staf').executeTakeFirstOrThrow();
    const form = async (agent: Agent, path: string) => {
      const page = await agent.get(path);
      if (!page.text?.includes('_csrf'))
        throw new Error(`${path}: ${page.status} ${page.headers.location ?? ''} ${page.text?.slice(0, 300)}`);
      return csrfFrom(page.text);
    };
    const harvest = async (commodity: number, plot: number) =>
      petugas
        .post('/harvests')
        .type('form')
        .send({
          _csrf: await form(petugas, '/harvests/new'),
          form_token: token(),
          commodity_id: String(commodity),
          location_id: String(plot),
          weight_g: '2,5',
          harvest_date: w.today,
          harvest_time: '00:00',
        });
    // Rutan Uji's Terong on Pati's own plot, and Pati's own Terong on Rutan Uji's plot: both refused.
    const terongOfUji = await harvest(TERONG, patiPlot);
    expect([terongOfUji.status, terongOfUji.text]).toEqual([404, expect.stringContaining('Komoditas tidak ditemukan')]);
    const plotOfUji = await harvest(patiTerong, w.ids.lahan);
    expect([plotOfUji.status, plotOfUji.text]).toEqual([404, expect.stringContaining('Lokasi tidak ditemukan')]);
    const outflow = await staf
      .post('/stock/outflows')
      .type('form')
      .send({
        _csrf: await form(staf, '/'),
        form_token: token(),
        kind: 'kitchen',
        commodity_id: String(TERONG),
        out_date: w.today,
        qty_g: '1',
      });
    expect([outflow.status, outflow.text]).toEqual([404, expect.stringContaining('Komoditas tidak ditemukan')]);
    // The handover form of Rutan Uji's recipient (its id in the query) is not there for Lapas Pati.
    const page = await staf.get(`/distributions/new?recipient=${w.ids.recipient}`);
    expect(page.status).not.toBe(200);
    expect(leaks(page)).toEqual([]);
    const handover = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: await form(staf, '/'),
        form_token: token(),
        recipient_id: String(w.ids.recipient),
        handed_on: w.today,
        officer_id: String(patiStaf.id),
        [`qty_${patiTerong}`]: '1',
      });
    expect([handover.status, handover.text]).toEqual([404, expect.stringContaining('tidak ditemukan')]);
    expect(changedTables(before, await tablesOfUji())).toEqual([]);
    // The control: Pati's own Terong on Pati's own plot is saved, so the refusals were Rutan Uji's ids.
    expect((await harvest(patiTerong, patiPlot)).status).toBe(303);
  });

  it('a user holding roles in two units chooses one; a Kanwil user reads the UPT under it and changes nothing', async () => {
    // A petugas of both Rutan Uji and Lapas Pati: Rutan Uji first, Lapas Pati once chosen.
    const dua = await addUser(t.db, 'dua', ['petugas']);
    await withUnitScope(unitScope(pati), () => t.db.insertInto('user_roles').values({ user_id: dua, role: 'petugas' }).execute());
    const a = await login(t.app, 'dua');
    const home = await a.get('/');
    expect(home.text).toContain('href="/unit"');
    const choose = await a.get('/unit');
    expect(choose.text).toContain('Rutan Uji');
    expect(choose.text).toContain('Lapas Kelas IIB Pati');
    const chosen = await a
      .post('/unit')
      .type('form')
      .send({ _csrf: csrfFrom(choose.text), unit_id: String(pati) });
    expect(chosen.status).toBe(303);
    const form = await a.get('/harvests/new');
    expect(form.text).toContain('Kebun Pati');
    expect(leaks(form)).toEqual([]);
    // A unit it holds no role in is not opened; it stays where it was.
    const refused = await a
      .post('/unit')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), unit_id: '99999' });
    expect(refused.status).toBe(303);
    expect((await a.get('/harvests/new')).text).toContain('Kebun Pati');
    // A single-unit user is offered no choice at all.
    expect((await agents.petugas.get('/')).text).not.toContain('href="/unit"');

    // Kanwil Jawa Tengah over Lapas Pati; its pimpinan reads Pati's pages, and a write is refused.
    const kanwil = await addUnit(t.db, { code: 'KWJATENG', name: 'Kanwil Jawa Tengah', kind: 'kanwil' });
    await installationWide(() => t.db.updateTable('units').set({ parent_id: kanwil }).where('id', '=', pati).execute());
    await withUnitScope(unitScope(kanwil), () => addUser(t.db, 'kanwil.jateng', ['pimpinan']));
    const k = await login(t.app, 'kanwil.jateng');
    const dash = await k.get('/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('Lapas Kelas IIB Pati (membaca)');
    expect(leaks(dash)).toEqual([]);
    const before = await withUnitScope(unitScope(pati), () => t.db.selectFrom('monthly_reports').select('id').execute());
    const [y, m] = w.today.split('-').map(Number) as [number, number];
    const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const reports = await k.get(`/reports?month=${lastMonth}`);
    expect(reports.status).toBe(200);
    // No finalise form is offered to a reader (it would only answer 403); the page says why.
    expect(reports.text).not.toContain('/finalise"');
    expect(reports.text).toContain('Anda hanya membaca data unit ini');
    // Its draft names no maker for Pati (no programme officer set there), never the reader.
    expect(/Yang membuat laporan<\/dt><dd>([^<]*)</.exec(reports.text)?.[1]).toBe('(pengelola program belum diatur)');
    const makerOfPati = await t.db.selectFrom('users').select('id').where('username', '=', 'pati.pimpinan').executeTakeFirstOrThrow();
    const finalise = await k
      .post(`/reports/${lastMonth}/finalise`)
      .type('form')
      .send({ _csrf: csrfFrom(reports.text), confirm: '1', maker: String(makerOfPati.id) });
    expect(finalise.status).toBe(403);
    expect(await withUnitScope(unitScope(pati), () => t.db.selectFrom('monthly_reports').select('id').execute())).toEqual(before);
    // Rutan Uji is not under that Kanwil: not among its units.
    const units = await k.get('/unit');
    expect(units.text).not.toContain('Rutan Uji');
  });
});
