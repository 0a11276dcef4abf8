// The monthly report's figures (laporan bulanan), computed from the records of one WIB month.
import type { DbOrTrx } from '../../db/connect.ts';
import { monthRange, shiftMonth, wibDate } from '../../lib/time.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { OUT_KINDS, type MovementKind, type OutKind } from '../../lib/movement-kinds.ts';
import { signatoryOn } from '../settings/settings.service.ts';
import {
  eventsOfMonth,
  harvestByLocation,
  harvestTotals,
  movementTotals,
  reachByCategory,
  receiptCounts,
  salesRupiah,
  stockBefore,
  workersOfMonth,
} from './reports.queries.ts';

/** One commodity's balance line; one field per out kind of the registry (distribution, kitchen, …), in grams. */
export type BalanceRow = {
  commodityId: number;
  name: string;
  tracksHeads: boolean;
  /** grams (heads in the `heads` twin) */
  start: number;
  harvest: number;
  /** stock counts: + found, − missing */
  adjustment: number;
  end: number;
  heads: { start: number; harvest: number; out: number; adjustment: number; end: number };
} & Record<OutKind, number>;

/** What left the stock in a balance row, over the given out kinds (all of today's by default). */
export function outTotal(row: Record<OutKind, number>, kinds: readonly OutKind[] = OUT_KINDS): number {
  return kinds.reduce((sum, k) => sum + row[k], 0);
}

/**
 * The production and stock part of a month: harvest per commodity against the previous month
 * and the same month a year earlier, per location, and the balance line
 * `stok awal + panen − (each out kind of the registry) ± opname = stok akhir`.
 */
export async function monthlyFigures(db: DbOrTrx, month: string) {
  const { from, to } = monthRange(month);
  const prev = monthRange(shiftMonth(month, -1));
  const yearAgo = monthRange(shiftMonth(month, -12));
  const [commodities, now, before, ago, places, moves, start, nextStart, sales] = await Promise.all([
    listCommodities(db),
    harvestTotals(db, from, to),
    harvestTotals(db, prev.from, prev.to),
    harvestTotals(db, yearAgo.from, yearAgo.to),
    harvestByLocation(db, from, to),
    movementTotals(db, month),
    stockBefore(db, month),
    stockBefore(db, shiftMonth(month, 1)),
    salesRupiah(db, from, to),
  ]);
  const of = <T extends { commodityId: number }>(rows: T[], id: number) => rows.find((r) => r.commodityId === id);
  const move = (id: number, kind: MovementKind) => moves.find((r) => r.commodityId === id && r.kind === kind) ?? { qtyG: 0, heads: 0 };

  // A deactivated commodity appears only in a month it has figures in.
  const inMonth = (id: number) =>
    [now, before, ago, start, nextStart].some((rows) => rows.some((r) => r.commodityId === id && (r.qtyG || r.heads))) ||
    moves.some((m) => m.commodityId === id && (m.qtyG || m.heads));
  const production = commodities
    .filter((c) => c.active || inMonth(c.id))
    .map((c) => ({
      commodityId: c.id,
      name: c.name,
      tracksHeads: Boolean(c.tracks_heads),
      qtyG: of(now, c.id)?.qtyG ?? 0,
      heads: of(now, c.id)?.heads ?? 0,
      count: of(now, c.id)?.count ?? 0,
      prevQtyG: of(before, c.id)?.qtyG ?? 0,
      yearAgoQtyG: of(ago, c.id)?.qtyG ?? 0,
    }));

  const balance: BalanceRow[] = commodities
    .map((c) => {
      const s = of(start, c.id) ?? { qtyG: 0, heads: 0 };
      const e = of(nextStart, c.id) ?? { qtyG: 0, heads: 0 };
      // 0 − x, not −x: no movement is 0, never −0.
      const out = (kind: MovementKind) => 0 - move(c.id, kind).qtyG;
      const outs = Object.fromEntries(OUT_KINDS.map((k) => [k, out(k)])) as Record<OutKind, number>;
      return {
        commodityId: c.id,
        name: c.name,
        tracksHeads: Boolean(c.tracks_heads),
        start: s.qtyG,
        harvest: move(c.id, 'harvest').qtyG,
        ...outs,
        adjustment: move(c.id, 'adjustment').qtyG,
        end: e.qtyG,
        heads: {
          start: s.heads,
          harvest: move(c.id, 'harvest').heads,
          out: 0 - OUT_KINDS.reduce((sum, k) => sum + move(c.id, k).heads, 0),
          adjustment: move(c.id, 'adjustment').heads,
          end: e.heads,
        },
      };
    })
    .filter((b) => b.start || b.end || b.harvest || OUT_KINDS.some((k) => b[k]) || b.adjustment);

  // The head in office at the end of the month (or today, for the month still running) signs it.
  const signDay = to < wibDate() ? to : wibDate();
  // Each commodity's place in the national catalogue, frozen with a final report (issue 18's roll-ups).
  const catalogue = new Map(commodities.map((c) => [c.id, { code: c.national_code, sector: c.sector }]));
  return {
    month,
    from,
    to,
    production,
    byLocation: places,
    balance,
    salesRp: sales,
    catalogue,
    head: await signatoryOn(db, 'kepala_rutan', signDay),
  };
}

/** True when the balance line adds up for every commodity (it must: the ledger is one sum). */
export function balanceAddsUp(rows: BalanceRow[]): boolean {
  return rows.every(
    (r) =>
      r.start + r.harvest - outTotal(r) + r.adjustment === r.end &&
      r.heads.start + r.heads.harvest - r.heads.out + r.heads.adjustment === r.heads.end,
  );
}

/**
 * The distribution and training part of a month: receipts issued, voided and reprinted; who was
 * reached per category (recipients, households); the events; "X paket kepada Y KK dalam Z
 * kegiatan"; inmates who worked on harvests and their work-days.
 */
export async function monthlyReach(db: DbOrTrx, month: string) {
  const { from, to } = monthRange(month);
  // Prints are instants: the month runs from its first midnight in WIB to the next month's.
  const fromInstant = new Date(`${from}T00:00:00+07:00`).toISOString();
  const toInstant = new Date(`${shiftMonth(month, 1)}-01T00:00:00+07:00`).toISOString();
  const [receipts, reach, events, workers] = await Promise.all([
    receiptCounts(db, from, to, fromInstant, toInstant),
    reachByCategory(db, from, to),
    eventsOfMonth(db, from, to),
    workersOfMonth(db, from, to),
  ]);
  const categories = (['keluarga_wbp', 'masyarakat', 'lembaga'] as const).map((category) => {
    const rows = reach.filter((r) => r.category === category);
    return {
      category,
      recipients: rows.length,
      handovers: rows.reduce((s, r) => s + r.handovers, 0),
      households: category === 'lembaga' ? 0 : rows.reduce((s, r) => s + (r.householdSize ? 1 : 0), 0),
      people: rows.reduce((s, r) => s + (r.householdSize ?? 0), 0),
    };
  });
  const packages = categories.reduce((s, c) => s + c.handovers, 0);
  const households = categories.reduce((s, c) => s + c.households, 0);
  const eventsWithAid = events.filter((e) => Number(e.handovers) > 0).length;
  return {
    receipts,
    categories,
    packages,
    households,
    events: events.map((e) => ({ ...e, handovers: Number(e.handovers) })),
    workers,
    workDays: workers.reduce((s, w) => s + w.days, 0),
    // "X paket kepada Y KK dalam Z kegiatan"; a month of walk-in handovers only says so.
    summary:
      packages === 0
        ? 'tidak ada penyaluran bulan ini'
        : `${packages} paket kepada ${households} KK ${eventsWithAid ? `dalam ${eventsWithAid} kegiatan` : 'melalui penyaluran langsung'}`,
  };
}
