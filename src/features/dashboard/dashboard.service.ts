// The management dashboard's figures: this WIB month so far against last month and a year ago,
// and the month-by-month series its charts (and the monthly report's) are drawn from.
import type { DbOrTrx } from '../../db/connect.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { monthRange, shiftMonth } from '../reports/reports.service.ts';
import { distributedByMonth, harvestByMonth, reachByMonth } from './dashboard.queries.ts';

export interface MonthSeries {
  /** 'YYYY-MM', oldest first, `count` of them, ending with lastMonth */
  months: string[];
  /** active commodities + any with data, commodities-table order */
  harvest: Array<{ commodityId: number; name: string; tracksHeads: boolean; qtyG: number[]; heads: number[] }>;
  /** valid handovers per month (households = distinct recipients of category keluarga_wbp/masyarakat with household_size) */
  distribution: { qtyG: number[]; handovers: number[]; households: number[] };
}

/** `count` months ending with `lastMonth`, oldest first. */
export function monthsEndingWith(lastMonth: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(lastMonth, i - count + 1));
}

/**
 * Valid harvests per commodity and valid handovers per month, for `count` months ending with
 * `lastMonth`; a month without records is there with zeros. Three grouped queries over the range.
 */
export async function monthSeries(db: DbOrTrx, lastMonth: string, count = 12): Promise<MonthSeries> {
  const months = monthsEndingWith(lastMonth, count);
  const from = monthRange(months[0]!).from;
  const to = monthRange(lastMonth).to;
  const [commodities, harvests, distributed, reach] = await Promise.all([
    listCommodities(db), harvestByMonth(db, from, to), distributedByMonth(db, from, to), reachByMonth(db, from, to),
  ]);
  const at = new Map(months.map((m, i) => [m, i]));
  const zeros = () => months.map(() => 0);

  const harvest = commodities.map((c) => ({ commodityId: c.id, name: c.name, tracksHeads: Boolean(c.tracks_heads), qtyG: zeros(), heads: zeros() }));
  for (const h of harvests) {
    const row = harvest.find((x) => x.commodityId === h.commodityId);
    const i = at.get(h.month);
    if (!row || i === undefined) continue;
    row.qtyG[i] = h.qtyG;
    row.heads[i] = h.heads;
  }
  const active = new Set(commodities.filter((c) => c.active).map((c) => c.id));

  const distribution = { qtyG: zeros(), handovers: zeros(), households: zeros() };
  for (const d of distributed) {
    const i = at.get(d.month);
    if (i !== undefined) distribution.qtyG[i] = d.qtyG;
  }
  for (const r of reach) {
    const i = at.get(r.month);
    if (i === undefined) continue;
    distribution.handovers[i] = r.handovers;
    distribution.households[i] = r.households;
  }
  return {
    months,
    harvest: harvest.filter((h) => active.has(h.commodityId) || h.qtyG.some(Boolean) || h.heads.some(Boolean)),
    distribution,
  };
}
