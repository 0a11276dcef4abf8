// The dashboard of a Kanwil or of the nation: the UPT' ledgers summed by sector (their commodities
// mapped to the national catalogue), live — this month so far, the stock now, twelve months — with
// each UPT's figures beside it and a way into its own dashboard. Never empty while a UPT has figures:
// it reads the same ledger totals the unit dashboard reads, no job has to run first.
import type { DbOrTrx } from '../../db/connect.ts';
import { withUnitScope } from '../../db/unit-scope.ts';
import { cached } from '../../lib/data-cache.ts';
import { DASHBOARD_KINDS, MOVEMENT_LABELS, type MovementKind } from '../../lib/movement-kinds.ts';
import { SECTORS, SECTOR_LABELS, type Sector } from '../../lib/national-catalogue.ts';
import { shortMonth } from '../../lib/chart-scale.ts';
import { groupedBarChart } from '../../lib/svg-chart.ts';
import { nowIso, shiftMonth } from '../../lib/time.ts';
import { monthsEndingWith, reachInMonths, type MonthReach } from '../dashboard/dashboard.service.ts';
import { currentMonth } from '../reports/reports.archive.ts';
import { catalogueOfCommodities, ledgerMonths, stockNow } from './oversight.queries.ts';
import { reportingRate, type Area, type AreaUnit, type ReportState } from './oversight.service.ts';

type SectorKey = Sector | 'unmapped';
const KEYS: readonly SectorKey[] = [...SECTORS, 'unmapped'];
const zeros = (): Record<SectorKey, number> => ({ pertanian: 0, peternakan: 0, perikanan: 0, unmapped: 0 });
export const SECTOR_KEY_LABELS: Record<SectorKey, string> = { ...SECTOR_LABELS, unmapped: 'Belum dipetakan' };

export interface AreaUnitLine {
  unit: AreaUnit;
  harvestG: number;
  bySector: Record<SectorKey, number>;
  /** Out of stock this month by kind (grams, positive). */
  out: Partial<Record<MovementKind, number>>;
  stockG: number;
  /** Last month's report. */
  lastState: ReportState;
}

export interface AreaDashboard {
  /** The month the cards are of (this month, or one asked for). */
  month: string;
  /** Whether `month` is the one still running (figures "so far"). */
  running: boolean;
  at: string;
  /** This month so far, by sector. */
  harvest: Record<SectorKey, number>;
  harvestHeads: number;
  /** Last month whole, by sector (to compare). */
  harvestLast: Record<SectorKey, number>;
  out: Array<{ kind: MovementKind; label: string; qtyG: number; lastG: number }>;
  stock: Record<SectorKey, number>;
  /** Aid reached in the month and the one before, over the area's UPT. */
  reach: { now: MonthReach; last: MonthReach };
  units: AreaUnitLine[];
  /** UPT with any harvest this month. */
  harvesting: number;
  months: string[];
  series: Record<SectorKey, number[]>;
  chartSvg: string;
  lastMonth: string;
  lastCounts: { final: number; total: number };
}

/**
 * The dashboard of `month` (default: this month; while no UPT has recorded anything in it yet — the
 * first days of a month — the last one, so the page is never empty while figures exist).
 */
export async function areaDashboard(db: DbOrTrx, area: Area, month?: string | null): Promise<AreaDashboard> {
  const of = (m: string) =>
    withUnitScope(area.scope, () => cached(`area-dashboard:${area.id}:${m}:${currentMonth()}`, () => compute(db, area, m)));
  if (month) return of(month);
  const now = await of(currentMonth());
  const quiet = now.harvesting === 0 && now.out.every((o) => o.qtyG === 0);
  return quiet ? of(shiftMonth(currentMonth(), -1)) : now;
}

async function compute(db: DbOrTrx, area: Area, month: string): Promise<AreaDashboard> {
  const lastMonth = shiftMonth(month, -1);
  const months = monthsEndingWith(currentMonth(), 12);
  const [ledger, stock, catalogue, rate, reach] = await Promise.all([
    ledgerMonths(db, lastMonth < months[0]! ? lastMonth : months[0]!, currentMonth()),
    stockNow(db),
    catalogueOfCommodities(db),
    reportingRate(db, area, lastMonth),
    reachInMonths(db, [month, lastMonth]),
  ]);
  const sectorOf = new Map(
    catalogue.map((c) => [
      `${c.unit_id}:${c.id}`,
      (c.national_code && (SECTORS as readonly string[]).includes(c.sector ?? '') ? c.sector : 'unmapped') as SectorKey,
    ]),
  );
  const headsOf = new Set(catalogue.filter((c) => c.tracks_heads).map((c) => `${c.unit_id}:${c.id}`));
  const lines = new Map<number, AreaUnitLine>();
  const stateOf = new Map(rate.units.map((u) => [u.unit.id, u.state]));
  for (const unit of area.upts)
    lines.set(unit.id, { unit, harvestG: 0, bySector: zeros(), out: {}, stockG: 0, lastState: stateOf.get(unit.id) ?? 'missing' });

  const harvest = zeros();
  const harvestLast = zeros();
  let harvestHeads = 0;
  const series = Object.fromEntries(KEYS.map((k) => [k, months.map(() => 0)])) as Record<SectorKey, number[]>;
  const outNow = new Map<MovementKind, number>();
  const outLast = new Map<MovementKind, number>();
  const at = new Map(months.map((m, i) => [m, i]));
  for (const r of ledger) {
    const key = `${r.unit_id}:${r.commodity_id}`;
    const sector = sectorOf.get(key) ?? 'unmapped';
    const g = Number(r.qty_g);
    // Only the area's active UPT count (a national scope reads every unit, a closed one too).
    const line = lines.get(r.unit_id);
    if (!line) continue;
    if (r.kind === 'harvest') {
      const i = at.get(r.month);
      if (i !== undefined) series[sector][i]! += g;
      if (r.month === month) {
        harvest[sector] += g;
        if (headsOf.has(key)) harvestHeads += Number(r.heads);
        line.harvestG += g;
        line.bySector[sector] += g;
      } else if (r.month === lastMonth) harvestLast[sector] += g;
    } else if (r.kind !== 'adjustment') {
      // Out of the ledger, so negative: 0 − x.
      const out = 0 - g;
      if (r.month === month) {
        outNow.set(r.kind, (outNow.get(r.kind) ?? 0) + out);
        line.out[r.kind] = (line.out[r.kind] ?? 0) + out;
      } else if (r.month === lastMonth) outLast.set(r.kind, (outLast.get(r.kind) ?? 0) + out);
    }
  }
  const stockBySector = zeros();
  for (const r of stock) {
    const line = lines.get(r.unit_id);
    if (!line) continue;
    const g = Number(r.qty_g);
    stockBySector[sectorOf.get(`${r.unit_id}:${r.commodity_id}`) ?? 'unmapped'] += g;
    line.stockG += g;
  }
  const units = [...lines.values()];
  const shown = KEYS.filter((k) => k !== 'unmapped' || series.unmapped.some(Boolean));
  return {
    month,
    running: month === currentMonth(),
    at: nowIso(),
    harvest,
    harvestHeads,
    harvestLast,
    out: DASHBOARD_KINDS.map((d) => ({
      kind: d.kind,
      label: d.label ?? MOVEMENT_LABELS[d.kind],
      qtyG: outNow.get(d.kind) ?? 0,
      lastG: outLast.get(d.kind) ?? 0,
    })),
    stock: stockBySector,
    reach: { now: reach[month]!, last: reach[lastMonth]! },
    units,
    harvesting: units.filter((u) => u.harvestG > 0).length,
    months,
    series,
    chartSvg: groupedBarChart({
      id: 'grafik-panen-wilayah',
      title: 'Panen per sektor per bulan (kg)',
      labels: months.map(shortMonth),
      unit: 'kg',
      series: shown.map((k) => ({ name: SECTOR_KEY_LABELS[k], values: series[k].map((g) => g / 1000) })),
      stacked: true,
    }),
    lastMonth,
    lastCounts: { final: rate.counts.final, total: rate.counts.total },
  };
}
