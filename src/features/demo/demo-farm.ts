// The demo's farm of one unit: harvests from its first day until yesterday — several a week per
// crop, plausible weights — with kitchen use, sales, the odd loss and the unit's aid, all through
// the services (ledger, audit).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { OUTFLOW_KINDS, OUTFLOW_WORDS, type OutflowKind } from '../../lib/movement-kinds.ts';
import { prng } from '../../lib/random.ts';
import { wibDate } from '../../lib/time.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { backdateHarvestsToWhenHarvested, createHarvest } from '../harvests/harvests.service.ts';
import { createInmate } from '../inmates/inmates.service.ts';
import { createLocation } from '../locations/locations.service.ts';
import { backdateOutflowsToTheirDate, recordOutflow, stockOf } from '../stock/stock.service.ts';
import { aidOnDay, finishAid, prepareAid } from './demo-aid.ts';
import type { FarmPlan } from './demo-plan.ts';

/** The demo's outflows per kind: the cumulative chance on a day (upTo), the share of stock taken, sample fields, who records it. */
const DEMO_OUTFLOWS: Record<
  OutflowKind,
  {
    upTo: number;
    share: [number, number];
    by: 'petugas' | 'staf';
    rupiah?: true;
    parties?: 'buyers' | 'donees';
    notes?: string[];
  }
> = {
  kitchen: { upTo: 0.25, share: [0.15, 0.35], by: 'petugas' },
  sale: { upTo: 0.29, share: [0.15, 0.35], by: 'staf', rupiah: true, parties: 'buyers' },
  loss: { upTo: 0.31, share: [0.02, 0.08], by: 'staf', notes: ['Busuk karena hujan', 'Rusak saat pengangkutan', 'Layu tidak terjual'] },
  grant: { upTo: 0.32, share: [0.1, 0.2], by: 'staf', parties: 'donees' },
};

export interface FarmCounts {
  harvests: number;
  outflows: number;
  receipts: number;
}

/** The unit's commodities by name: the plan names them as the unit does ("Terong Ungu"). */
async function commodityIds(db: Db, plan: FarmPlan): Promise<(name: string) => number> {
  const byName = new Map((await listCommodities(db)).map((c) => [c.name, c.id]));
  for (const name of [...plan.crops.map((c) => c.name), ...(plan.fish ? [plan.fish.name] : [])])
    if (!byName.has(name)) throw new Error(`komoditas ${name} belum ada di unit ini`);
  return (name) => byName.get(name)!;
}

export async function seedFarm(
  db: Db,
  plan: FarmPlan,
  who: { adminId: number; petugasId: number; stafId: number },
): Promise<{ log: string[]; counts: FarmCounts }> {
  const { adminId, petugasId, stafId } = who;
  const rnd = prng(plan.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
  const idOf = await commodityIds(db, plan);
  const loc = async (name: string, kind: 'lahan' | 'kolam', area: number) =>
    createLocation(db, { name, kind, area_m2: area, note: null, active: 1 }, adminId);
  const plotIds = new Map<string, number>();
  for (const [name, area] of plan.plots) plotIds.set(name, await loc(name, 'lahan', area));
  const ponds = [];
  for (const [name, area] of plan.ponds) ponds.push(await loc(name, 'kolam', area));
  // A plot given to one crop (the mushroom shed, the coop) grows nothing else.
  const own = new Set(plan.crops.map((c) => c.at).filter((at) => at !== undefined));
  const plots = [...plotIds].filter(([name]) => !own.has(name)).map(([, id]) => id);
  for (const [name, reg] of plan.inmates) await createInmate(db, { name, reg_number: reg, block: pick(plan.blocks), active: 1 }, adminId);
  const workers = plan.inmates.map(([name, reg]) => `${reg} — ${name}`);
  const token = () => randomBytes(16).toString('hex');
  const { aid: aidPlan } = plan;
  const aid = await prepareAid(
    db,
    aidPlan,
    {
      staples: [idOf(aidPlan.staples[0]), idOf(aidPlan.staples[1])],
      spice: idOf(aidPlan.spice),
      spiceName: aidPlan.spice,
      fish: plan.fish ? idOf(plan.fish.name) : null,
    },
    adminId,
    stafId,
  );
  const eventDays = aidPlan.events.map((e) => e.day);
  const rayaDay = aidPlan.events.find((e) => e.style === 'raya')?.day;
  const crops = plan.crops.map((c) => ({ ...c, id: idOf(c.name), at: c.at === undefined ? null : plotIds.get(c.at)! }));
  const fish = plan.fish ? { ...plan.fish, id: idOf(plan.fish.name) } : null;
  const rate = plan.outflowRate ?? 1;
  const prices = new Map([...crops, ...(fish ? [fish] : [])].map((c) => [c.id, c.priceRp]));

  let harvests = 0;
  let outflows = 0;
  const end = wibDate(new Date(Date.now() - 86_400_000));
  for (let d = new Date(`${plan.from}T12:00:00Z`); wibDate(d) <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = wibDate(d);
    const hh = String(6 + Math.floor(rnd() * 4)).padStart(2, '0');
    const time = `${hh}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`;
    // On an event day everything is picked in the morning, so there is produce to hand out.
    const big = eventDays.includes(day);
    for (const crop of crops) {
      if (rnd() > crop.chance && !big) continue;
      await createHarvest(
        db,
        {
          commodity_id: crop.id,
          location_id: crop.at ?? pick(plots),
          weight_g: Math.round(between(big ? crop.hi : crop.lo, crop.hi * (big ? 2 : 1)) * 10) * 100,
          heads: null,
          grade: pick(['A', 'A', 'B', 'B', 'C', null] as const),
          harvest_date: day,
          harvest_time: time,
          workers: [pick(workers), pick(workers)],
          note: null,
          form_token: token(),
        },
        petugasId,
      );
      harvests++;
    }
    // Each pond is drained about every 1/chance days; fish by weight and head count.
    for (const pond of fish ? ponds : []) {
      if (rnd() > fish!.chance && !(day === rayaDay && pond === ponds[0])) continue;
      const kg = between(20, 60);
      await createHarvest(
        db,
        {
          commodity_id: fish!.id,
          location_id: pond,
          weight_g: Math.round(kg * 10) * 100,
          heads: Math.round(kg * between(6, 8)),
          grade: 'A',
          harvest_date: day,
          harvest_time: time,
          workers: [pick(workers)],
          note: null,
          form_token: token(),
        },
        petugasId,
      );
      harvests++;
    }
    await aidOnDay(db, aid, day, rnd);
    // The kitchen takes part of the stock on most weekdays; a few sales and losses a month.
    for (const id of prices.keys()) {
      const stock = await stockOf(db, id);
      if (stock.qty_g < 2000) continue;
      const roll = rnd();
      // Each outflow kind of the registry has its share of days and its sample fields (a missing kind fails to compile).
      const kind = OUTFLOW_KINDS.find((k) => roll < DEMO_OUTFLOWS[k].upTo * rate);
      if (!kind) continue;
      const sample = DEMO_OUTFLOWS[kind];
      const share = between(...sample.share);
      const qty = Math.round((stock.qty_g * share) / 100) * 100;
      const heads = id === fish?.id ? Math.min(stock.heads, Math.round((qty / 1000) * 7)) : null;
      await recordOutflow(
        db,
        {
          kind,
          commodity_id: id,
          out_date: day,
          qty_g: qty,
          heads,
          form_token: token(),
          amount_rp: sample.rupiah ? Math.round(((qty / 1000) * prices.get(id)!) / 500) * 500 : null,
          party: sample.parties ? pick(plan[sample.parties]) : null,
          note: sample.notes ? pick(sample.notes) : null,
        },
        sample.by === 'petugas' ? petugasId : stafId,
      );
      outflows++;
    }
  }
  // Entered on the day they happened, as an officer would have: old entries are not editable by a petugas today.
  await backdateHarvestsToWhenHarvested(db);
  await backdateOutflowsToTheirDate(db);
  const aidLog = await finishAid(db, aid);
  return {
    log: [
      `lahan dan kolam: ${plan.plots.length + plan.ponds.length}`,
      `WBP: ${plan.inmates.length}`,
      `panen: ${harvests}`,
      `pengeluaran (${OUTFLOW_WORDS}): ${outflows}`,
      ...aidLog,
    ],
    counts: { harvests, outflows, receipts: aid.handovers },
  };
}
