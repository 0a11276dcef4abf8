// The running balance at every date: a write may not take stock that was not on hand on its own
// date, nor stock that later records already took. Read from the monthly totals before the
// write's month and the daily totals after it, never from the ledger itself.
import type { DbOrTrx } from '../../db/connect.ts';
import type { Commodity } from '../../db/database.ts';
import { formatDayShort, formatKg, formatNumber } from '../../lib/format.ts';
import { ValidationError } from '../../lib/errors.ts';
import { getCommodity } from '../commodities/commodities.service.ts';
import { allDayTotals, openingAndDaysFrom } from './stock.queries.ts';

/** A change a write is about to make to one commodity's stock on one day (signed: − takes away). */
export interface StockChange {
  commodityId: number;
  on: string;
  qtyG: number;
  heads: number;
}

export interface Shortage {
  commodity: Pick<Commodity, 'id' | 'name'>;
  field: 'qty_g' | 'heads';
  /** the first day on which the balance would fall below zero */
  day: string;
  /** what was on hand at the end of that day before this write, and what the write takes by then */
  onHand: number;
  wanted: number;
  message: string;
}

type Measure = 'qtyG' | 'heads';

const amount = (field: Measure, n: number) => (field === 'qtyG' ? formatKg(n) : `${formatNumber(n)} ekor`);

function shortageMessage(name: string, field: Measure, day: string, since: string, onHand: number, wanted: number): string {
  if (onHand < 0) {
    // Older records left that day below zero already: nothing more may leave before it is corrected.
    return (
      `Stok ${name} tidak cukup. Pada ${formatDayShort(day)} stok ${name} sudah di bawah nol (${amount(field, onHand)}) karena catatan lama; ` +
      `minta admin memperbaikinya dengan stok opname pada tanggal itu (daftarnya: npm run check:stock), lalu simpan lagi.`
    );
  }
  const head = `Stok ${name} tidak cukup. Pada ${formatDayShort(day)} stok ${name} hanya ${amount(field, onHand)}, diminta ${amount(field, wanted)}`;
  if (day === since) return `${head}.`;
  // Enough on its own date, but later records already took what this one would take.
  return `${head} sejak ${formatDayShort(since)} (stok sesudah tanggal itu sudah tercatat keluar).`;
}

/** The balance at the end of `day` ('YYYY-MM-DD'), before any write of this transaction still to come. */
export async function balanceOn(db: DbOrTrx, commodityId: number, day: string): Promise<{ qtyG: number; heads: number }> {
  const { opening, days } = await openingAndDaysFrom(db, commodityId, day.slice(0, 7));
  let { qtyG, heads } = opening;
  for (const d of days) {
    if (d.day > day) break;
    qtyG += d.qtyG;
    heads += d.heads;
  }
  return { qtyG, heads };
}

/**
 * What would fall below zero if these changes were written: for each commodity and measure the
 * first day, from the earliest change on, where the balance ends below zero and the changes took
 * stock away by then (a balance already below zero is not made a reason to refuse what adds).
 * Empty when everything fits. One statement per commodity that loses stock; the commodity's name
 * is read only for a message. Call inside the write's transaction, before the write.
 */
export async function shortages(db: DbOrTrx, changes: StockChange[]): Promise<Shortage[]> {
  const byCommodity = new Map<number, StockChange[]>();
  for (const c of changes) {
    if (c.qtyG === 0 && c.heads === 0) continue;
    byCommodity.set(c.commodityId, [...(byCommodity.get(c.commodityId) ?? []), c]);
  }
  const out: Shortage[] = [];
  for (const [commodityId, cs] of byCommodity) {
    if (!cs.some((c) => c.qtyG < 0 || c.heads < 0)) continue;
    const since = cs.map((c) => c.on).sort()[0]!;
    const { opening, days: existing } = await openingAndDaysFrom(db, commodityId, since.slice(0, 7));
    const delta = new Map<string, { qtyG: number; heads: number }>();
    for (const c of cs) {
      const d = delta.get(c.on) ?? { qtyG: 0, heads: 0 };
      d.qtyG += c.qtyG;
      d.heads += c.heads;
      delta.set(c.on, d);
    }
    const onFile = new Map(existing.map((d) => [d.day, d]));
    const days = [...new Set([...onFile.keys(), ...delta.keys()])].sort();
    const balance = { qtyG: opening.qtyG, heads: opening.heads };
    const taken = { qtyG: 0, heads: 0 };
    const found: Array<{ field: Measure; day: string; onHand: number; wanted: number }> = [];
    for (const day of days) {
      for (const field of ['qtyG', 'heads'] as const) {
        balance[field] += onFile.get(day)?.[field] ?? 0;
        taken[field] += delta.get(day)?.[field] ?? 0;
        if (found.some((f) => f.field === field) || day < since || taken[field] >= 0 || balance[field] + taken[field] >= 0) continue;
        found.push({ field, day, onHand: balance[field], wanted: -taken[field] });
      }
      if (found.length === 2) break;
    }
    if (!found.length) continue;
    const commodity = await getCommodity(db, commodityId);
    for (const f of found) {
      out.push({
        commodity: { id: commodity.id, name: commodity.name },
        field: f.field === 'qtyG' ? 'qty_g' : 'heads',
        day: f.day,
        onHand: f.onHand,
        wanted: f.wanted,
        message: shortageMessage(commodity.name, f.field, f.day, since, f.onHand, f.wanted),
      });
    }
  }
  return out;
}

/** A write refused because stock would fall below zero on some date; carries each shortage. */
export class StockShortageError extends ValidationError {
  constructor(
    readonly shortages: Shortage[],
    fieldErrors: Record<string, string> = {},
    lead = '',
  ) {
    super(fieldErrors, lead + shortages.map((s) => s.message).join(' '));
  }
}

export interface NegativeDay {
  commodityId: number;
  day: string;
  qtyG: number;
  heads: number;
}

/**
 * Every day on which a commodity's balance already ends below zero (kg or ekor), for the admin to
 * correct with a stock count. Reads the daily totals only and changes nothing.
 */
export async function negativeBalances(db: DbOrTrx): Promise<NegativeDay[]> {
  const out: NegativeDay[] = [];
  let current = -1;
  let qtyG = 0;
  let heads = 0;
  for (const d of await allDayTotals(db)) {
    if (d.commodityId !== current) [current, qtyG, heads] = [d.commodityId, 0, 0];
    qtyG += d.qtyG;
    heads += d.heads;
    if (qtyG < 0 || heads < 0) out.push({ commodityId: current, day: d.day, qtyG, heads });
  }
  return out;
}
