// A small national tree for the reporting loop (issue 18): Ditjenpas → Kanwil Jawa Tengah (Rutan Uji,
// Lapas Pati, Rutan Kudus) and Kanwil Jawa Timur (Rutan Surabaya), each UPT with its own harvests
// and a sale in last month. Rutan Uji's month is final and accepted, Pati's final, Kudus's final
// then returned, Surabaya's missing. The grams and rupiah each UPT recorded are kept to check sums.
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { addStarterCommodities } from '../../src/features/commodities/commodities.service.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { finaliseMonth, reviewMonth } from '../../src/features/reports/reports.archive.ts';
import { recordOutflow } from '../../src/features/stock/stock.service.ts';
import { shiftMonth, wibDate } from '../../src/lib/time.ts';
import { addLocation, addUnit, addUser, login, makeTestApp, token, type Agent, type TestApp } from './app.ts';

export const MONTH = shiftMonth(wibDate().slice(0, 7), -1);

export interface UptFacts {
  id: number;
  code: string;
  name: string;
  head: number;
  /** grams harvested in MONTH by national code */
  grams: Record<string, number>;
  saleG: number;
  saleRp: number;
}

export interface KanwilWorld {
  t: TestApp;
  national: number;
  jateng: number;
  jatim: number;
  upts: Record<'uji' | 'pati' | 'kudus' | 'sby', UptFacts>;
  /** pimpinan of Kanwil Jateng, of Ditjenpas */
  kanwilHead: number;
  nationalHead: number;
  agents: { kanwil: Agent; pusat: Agent; ujiPimpinan: Agent };
}

async function commodityIds(t: TestApp) {
  const rows = await t.db.selectFrom('commodities').select(['id', 'national_code']).execute();
  return Object.fromEntries(rows.map((r) => [r.national_code, r.id])) as Record<string, number>;
}

/** One UPT's month: harvests (vegetables, and lele with heads) and one sale, through the services. */
async function fillUpt(t: TestApp, facts: UptFacts, plan: { terong: number; cabai: number; lele: number; saleG: number; saleRp: number }) {
  await withUnitScope(unitScope(facts.id), async () => {
    const ids = await commodityIds(t);
    const plot = await addLocation(t.db, `Lahan ${facts.code}`);
    const pond = await addLocation(t.db, `Kolam ${facts.code}`, 'kolam');
    const harvest = (code: string, grams: number, heads: number | null, location: number, day: string) =>
      createHarvest(
        t.db,
        {
          commodity_id: ids[code]!,
          location_id: location,
          weight_g: grams,
          heads,
          grade: null,
          harvest_date: `${MONTH}-${day}`,
          harvest_time: '07:00',
          workers: [],
          note: null,
          form_token: token(),
        },
        facts.head,
      );
    for (const [code, grams, heads, loc] of [
      ['terong', plan.terong, null, plot],
      ['cabai', plan.cabai, null, plot],
      ['lele', plan.lele, Math.round(plan.lele / 125), pond],
    ] as const) {
      if (!grams) continue;
      await harvest(code, grams, heads, loc, '05');
      facts.grams[code] = (facts.grams[code] ?? 0) + grams;
    }
    if (plan.saleG) {
      await recordOutflow(
        t.db,
        {
          kind: 'sale',
          commodity_id: ids.terong!,
          out_date: `${MONTH}-20`,
          qty_g: plan.saleG,
          heads: null,
          amount_rp: plan.saleRp,
          party: 'Koperasi',
          note: null,
          form_token: token(),
        },
        facts.head,
      );
      facts.saleG = plan.saleG;
      facts.saleRp = plan.saleRp;
    }
  });
}

export async function makeKanwilWorld(): Promise<KanwilWorld> {
  const t = await makeTestApp();
  const national = await addUnit(t.db, { code: 'DITJENPAS', name: 'Direktorat Jenderal Pemasyarakatan', kind: 'national' });
  const jateng = await addUnit(t.db, { code: 'KWJATENG', name: 'Kanwil Jawa Tengah', kind: 'kanwil', parentId: national });
  const jatim = await addUnit(t.db, { code: 'KWJATIM', name: 'Kanwil Jawa Timur', kind: 'kanwil', parentId: national });
  await installationWide(() => t.db.updateTable('units').set({ parent_id: jateng }).where('id', '=', 1).execute());
  const upt = async (key: string, code: string, name: string, parentId: number): Promise<UptFacts> => {
    const id = key === 'uji' ? 1 : await addUnit(t.db, { code, name, parentId });
    const head = await withUnitScope(unitScope(id), async () => {
      if (id !== 1) await addStarterCommodities(t.db);
      return addUser(t.db, `${key}.pimpinan`, ['pimpinan', 'admin']);
    });
    return { id, code, name, head, grams: {}, saleG: 0, saleRp: 0 };
  };
  const upts = {
    uji: await upt('uji', 'RTNUJI', 'Rutan Uji', jateng),
    pati: await upt('pati', 'LPSPATI', 'Lapas Kelas IIB Pati', jateng),
    kudus: await upt('kudus', 'RTNKUDUS', 'Rutan Kelas IIB Kudus', jateng),
    sby: await upt('sby', 'RTNSBY', 'Rutan Kelas I Surabaya', jatim),
  };
  await fillUpt(t, upts.uji, { terong: 12_345, cabai: 2_001, lele: 30_500, saleG: 4_000, saleRp: 60_000 });
  await fillUpt(t, upts.pati, { terong: 7_777, cabai: 0, lele: 12_125, saleG: 1_500, saleRp: 22_500 });
  await fillUpt(t, upts.kudus, { terong: 999, cabai: 3_333, lele: 0, saleG: 0, saleRp: 0 });
  await fillUpt(t, upts.sby, { terong: 50_000, cabai: 0, lele: 0, saleG: 0, saleRp: 0 });

  const kanwilHead = await withUnitScope(unitScope(jateng), () => addUser(t.db, 'kanwil.jateng', ['pimpinan']));
  const nationalHead = await withUnitScope(unitScope(national), () => addUser(t.db, 'pusat', ['pimpinan']));
  for (const key of ['uji', 'pati', 'kudus'] as const) {
    const u = upts[key];
    await withUnitScope(unitScope(u.id), () => finaliseMonth(t.db, MONTH, u.head, `u${u.head}`));
  }
  await reviewMonth(t.db, upts.uji.id, MONTH, kanwilHead, 'accepted', null);
  await reviewMonth(t.db, upts.kudus.id, MONTH, kanwilHead, 'returned', 'Panen cabai tanggal 5 tertulis dua kali.');
  return {
    t,
    national,
    jateng,
    jatim,
    upts,
    kanwilHead,
    nationalHead,
    agents: {
      kanwil: await login(t.app, 'kanwil.jateng'),
      pusat: await login(t.app, 'pusat'),
      ujiPimpinan: await login(t.app, 'uji.pimpinan'),
    },
  };
}
