// The management dashboard's figures: this WIB month so far against last month and a year ago,
// and the month-by-month series its charts (and the monthly report's) are drawn from.
import type { DbOrTrx } from '../../db/connect.ts';
import { DASHBOARD_KINDS } from '../../lib/movement-kinds.ts';
import type { Role } from '../../db/database.ts';
import { formatKg, formatMonth, formatNumber } from '../../lib/format.ts';
import { barChart, groupedBarChart, shortMonth } from '../../lib/svg-chart.ts';
import { monthRange, shiftMonth, wibDate } from '../../lib/time.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { ledgerByMonth, stockOverview } from '../stock/stock.service.ts';
import { ledgerInRanges, reachByMonth, receiptsByMonth, salesByMonth, type DayRange } from './dashboard.queries.ts';
import { cached } from '../../lib/data-cache.ts';

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

/** Harvests and handovers per month. */
async function loadSeries(db: DbOrTrx, lastMonth: string, count: number) {
  const months = monthsEndingWith(lastMonth, count);
  const from = monthRange(months[0]!).from;
  const to = monthRange(lastMonth).to;
  const [commodities, ledger, reach] = await Promise.all([
    listCommodities(db),
    ledgerByMonth(db, months[0]!, lastMonth),
    reachByMonth(db, [{ from, to }]),
  ]);
  const harvests = ledger.filter((l) => l.kind === 'harvest');
  // Out of the ledger, so negative: 0 − x keeps "nothing" at 0, never −0.
  const distributed = ledger.filter((l) => l.kind === 'distribution').map((l) => ({ ...l, qtyG: 0 - l.qtyG }));
  const at = new Map(months.map((m, i) => [m, i]));
  const zeros = () => months.map(() => 0);

  const harvest = commodities.map((c) => ({
    commodityId: c.id,
    name: c.name,
    tracksHeads: Boolean(c.tracks_heads),
    qtyG: zeros(),
    heads: zeros(),
  }));
  for (const h of harvests) {
    const row = harvest.find((x) => x.commodityId === h.commodityId);
    const i = at.get(h.month);
    if (!row || i === undefined) continue;
    row.qtyG[i]! += h.qtyG;
    row.heads[i]! += h.heads;
  }
  const active = new Set(commodities.filter((c) => c.active).map((c) => c.id));

  const distribution = { qtyG: zeros(), handovers: zeros(), households: zeros() };
  for (const d of distributed) {
    const i = at.get(d.month);
    if (i !== undefined) distribution.qtyG[i]! += d.qtyG;
  }
  for (const r of reach) {
    const i = at.get(r.month);
    if (i === undefined) continue;
    distribution.handovers[i] = r.handovers;
    distribution.households[i] = r.households;
  }
  const series: MonthSeries = {
    months,
    harvest: harvest.filter((h) => active.has(h.commodityId) || h.qtyG.some(Boolean) || h.heads.some(Boolean)),
    distribution,
  };
  return { series };
}

/**
 * Valid harvests per commodity and valid handovers per month, for `count` months ending with
 * `lastMonth`; a month without records is there with zeros. Three grouped queries over the range.
 */
export async function monthSeries(db: DbOrTrx, lastMonth: string, count = 12): Promise<MonthSeries> {
  const compute = async () => (await loadSeries(db, lastMonth, count)).series;
  // Inside a transaction (a report being finalised) read its own view of the records, never a cached one.
  return db.isTransaction ? compute() : cached(`series:${lastMonth}:${count}`, compute);
}

const percent = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 });

export interface Delta {
  /** "▲ 25%", "▼ 12,5%", "0%", or "–" when there is nothing to compare with */
  text: string;
  /** the same for a screen reader: "naik 25%" */
  spoken: string;
  direction: 'up' | 'down' | 'same' | 'none';
}

/** The change from `base` to `now`; "–" when the base is 0 (no percentage of nothing). */
export function delta(now: number, base: number): Delta {
  if (!base) return { text: '–', spoken: 'tidak ada pembanding', direction: 'none' };
  const change = (now - base) / base;
  const p = percent.format(Math.abs(change));
  if (p === percent.format(0)) return { text: p, spoken: 'tetap', direction: 'same' };
  return change > 0
    ? { text: `▲ ${p}`, spoken: `naik ${p}`, direction: 'up' }
    : { text: `▼ ${p}`, spoken: `turun ${p}`, direction: 'down' };
}

/** '2025-10' → 'Okt 2025' (in running text a two-digit year would read like a day). */
export function monthLabel(month: string): string {
  return `${shortMonth(month).split(' ')[0]} ${month.slice(0, 4)}`;
}

/**
 * The first days of `month` up to the day of the month `today` is (or the month's last day, when
 * it is shorter): on the 3rd this month's three days are compared with three days, not a month.
 */
export function sameDays(month: string, today: string): DayRange {
  const whole = monthRange(month);
  const day = `${month}-${today.slice(8, 10)}`;
  return { from: whole.from, to: day < whole.to ? day : whole.to };
}

/** "1–3 Okt 2025" (or "1 Okt 2025") for a range of days within one month. */
export function daysLabel(r: DayRange): string {
  const last = Number(r.to.slice(8, 10));
  return `${last === 1 ? '1' : `1–${last}`} ${monthLabel(r.from.slice(0, 7))}`;
}

/** A figure this month, last month and the same month a year ago. */
export interface Compared {
  now: number;
  prev: number;
  yearAgo: number;
}

/** What each role sees: pimpinan and admin everything, petugas the harvest side, staf the aid side. */
export function dashboardParts(roles: readonly Role[]) {
  const full = roles.includes('pimpinan') || roles.includes('admin');
  const petugas = roles.includes('petugas');
  const staf = roles.includes('staf');
  return {
    full,
    harvest: full || petugas,
    harvestYearAgo: full,
    outflows: full,
    reach: full || staf,
    households: full,
    harvestChart: full || petugas,
    distributionChart: full || staf,
    report: full,
  };
}

/** The dashboard for these roles on `today` (WIB): this month so far against last month and a year ago. */
export function dashboard(db: DbOrTrx, roles: readonly Role[], today = wibDate()) {
  const parts = dashboardParts(roles);
  // Computed once per change of the records: a page view between two writes costs no query.
  return cached(`dashboard:${JSON.stringify(parts)}:${today}`, () => computeDashboard(db, parts, today));
}

async function computeDashboard(db: DbOrTrx, parts: ReturnType<typeof dashboardParts>, today: string) {
  const month = today.slice(0, 7);
  const prevMonth = shiftMonth(month, -1);
  const yearAgoMonth = shiftMonth(month, -12);
  // This month so far against the same days of last month and of the same month a year ago.
  const ranges = [{ from: `${month}-01`, to: today }, sameDays(prevMonth, today), sameDays(yearAgoMonth, today)];
  // Thirteen months for the charts; the comparisons over the three ranges of days.
  const [{ series }, ledger, reachRows, stock, sales, receipts] = await Promise.all([
    loadSeries(db, month, 12),
    ledgerInRanges(db, ranges),
    parts.reach || parts.households ? reachByMonth(db, ranges) : [],
    stockOverview(db),
    parts.outflows ? salesByMonth(db, ranges) : [],
    parts.reach ? receiptsByMonth(db, ranges) : [],
  ]);
  const byMonth = <T extends { month: string }>(rows: T[], value: (r: T) => number, where: (r: T) => boolean = () => true): Compared => {
    const sum = (m: string) => rows.filter((r) => r.month === m && where(r)).reduce((s, r) => s + value(r), 0);
    return { now: sum(month), prev: sum(prevMonth), yearAgo: sum(yearAgoMonth) };
  };

  const harvested = (id: number, value: (r: (typeof ledger)[number]) => number) =>
    byMonth(ledger, value, (r) => r.kind === 'harvest' && r.commodityId === id);
  const harvest = series.harvest.map((h) => ({
    commodityId: h.commodityId,
    name: h.name,
    tracksHeads: h.tracksHeads,
    qtyG: harvested(h.commodityId, (r) => r.qtyG),
    heads: harvested(h.commodityId, (r) => r.heads),
  }));
  // What left the stock is negative in the ledger: 0 − x keeps "nothing" at 0, never −0.
  const outflows = DASHBOARD_KINDS.map((k) => ({
    ...k,
    qtyG: byMonth(
      ledger,
      (r) => 0 - r.qtyG,
      (r) => r.kind === k.kind,
    ),
  }));
  const reach = {
    issued: byMonth(receipts, (r) => r.count),
    voided: byMonth(
      receipts,
      (r) => r.count,
      (r) => r.status === 'void',
    ),
    handovers: byMonth(reachRows, (r) => r.handovers),
    families: byMonth(reachRows, (r) => r.families),
    households: byMonth(reachRows, (r) => r.households),
  };
  const chartMonths = series.months;
  return {
    parts,
    today,
    month,
    prevMonth,
    yearAgoMonth,
    names: { month: formatMonth(month), prev: formatMonth(prevMonth), yearAgo: formatMonth(yearAgoMonth) },
    compareLabels: { prev: daysLabel(ranges[1]!), yearAgo: daysLabel(ranges[2]!) },
    harvest,
    outflows,
    salesRp: byMonth(sales, (r) => r.rp),
    reach,
    stock,
    chart: {
      months: chartMonths.map(monthLabel),
      harvest: series.harvest.map((h) => ({ name: h.name, qtyG: h.qtyG, heads: h.heads, tracksHeads: h.tracksHeads })),
      distribution: series.distribution,
      harvestSvg: parts.harvestChart ? harvestChart(chartMonths, series.harvest) : '',
      distributionSvg: parts.distributionChart ? distributionChart(chartMonths, series.distribution.qtyG) : '',
    },
  };
}
export type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

/** Harvest per commodity per month: side by side for a few commodities, stacked for many. */
export function harvestChart(months: string[], harvest: Array<{ name: string; qtyG: number[] }>): string {
  return groupedBarChart({
    id: 'grafik-panen',
    title: 'Panen per komoditas per bulan (kg)',
    labels: months.map(shortMonth),
    unit: 'kg',
    series: harvest.map((h) => ({ name: h.name, values: h.qtyG.map((g) => g / 1000) })),
    stacked: harvest.length > 4,
  });
}

export function distributionChart(months: string[], qtyG: number[]): string {
  return barChart({
    id: 'grafik-penyaluran',
    title: 'Bantuan disalurkan per bulan (kg)',
    labels: months.map(shortMonth),
    unit: 'kg',
    name: 'Disalurkan',
    values: qtyG.map((g) => g / 1000),
    color: '#2f5d9b',
  });
}

/** "12,5 kg" or "12,5 kg · 140 ekor". */
export function kgAndHeads(qtyG: number, heads: number, tracksHeads: boolean): string {
  return tracksHeads && heads ? `${formatKg(qtyG)} · ${formatNumber(heads)} ekor` : formatKg(qtyG);
}

export interface MonthReach {
  handovers: number;
  families: number;
  households: number;
}

/**
 * Valid handovers, families of inmates and households reached in whole months, over the units of the
 * scope (the area dashboard of issue 18 sums a Kanwil's or the nation's UPT with it).
 */
export async function reachInMonths(db: DbOrTrx, months: string[]): Promise<Record<string, MonthReach>> {
  const rows = await reachByMonth(db, months.map(monthRange));
  return Object.fromEntries(
    months.map((m) => {
      const r = rows.find((x) => x.month === m);
      return [m, { handovers: r?.handovers ?? 0, families: r?.families ?? 0, households: r?.households ?? 0 }];
    }),
  );
}
