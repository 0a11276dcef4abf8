// All Kysely for the dashboard: sums per WIB month over a bounded range of days, one grouped query each.
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { Database } from '../../db/database.ts';

export interface DayRange {
  from: string;
  to: string;
}

/** 'YYYY-MM' of an ISO date column; substr is plain SQL on SQLite and PostgreSQL alike. */
function monthOf(column: string): RawBuilder<string> {
  return sql<string>`substr(${sql.ref(column)}, 1, 7)`;
}

/** Valid harvests per month and commodity between two days (inclusive): grams and heads. */
export async function harvestByMonth(db: DbOrTrx, from: string, to: string) {
  const month = monthOf('harvest_date');
  const rows = await db
    .selectFrom('harvests')
    .select((eb) => [month.as('month'), 'commodity_id', eb.fn.sum<number>('weight_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .where('status', '=', 'active')
    .where('harvest_date', '>=', from)
    .where('harvest_date', '<=', to)
    .groupBy([month, 'commodity_id'])
    .execute();
  return rows.map((r) => ({ month: r.month, commodityId: r.commodity_id, qtyG: Number(r.qty_g), heads: Number(r.heads ?? 0) }));
}

/** Grams handed out in valid handovers per month between two days. */
export async function distributedByMonth(db: DbOrTrx, from: string, to: string) {
  const month = monthOf('d.handed_on');
  const rows = await db
    .selectFrom('distributions as d')
    .innerJoin('distribution_items as i', 'i.distribution_id', 'd.id')
    .select((eb) => [month.as('month'), eb.fn.sum<number>('i.qty_g').as('qty_g')])
    .where('d.status', '=', 'active')
    .where('d.handed_on', '>=', from)
    .where('d.handed_on', '<=', to)
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, qtyG: Number(r.qty_g) }));
}

/**
 * Valid handovers per month between two days, with who was reached: distinct inmates' families
 * (keluarga_wbp) and distinct households (a keluarga_wbp or masyarakat recipient with a
 * household size, as the monthly report counts KK).
 */
export async function reachByMonth(db: DbOrTrx, from: string, to: string) {
  const month = monthOf('d.handed_on');
  const rows = await db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .select((eb) => [
      month.as('month'),
      eb.fn.countAll<number>().as('handovers'),
      eb.fn.count<number>(eb.case().when('r.category', '=', 'keluarga_wbp').then(eb.ref('r.id')).end()).distinct().as('families'),
      eb.fn.count<number>(
        eb.case()
          .when(eb.and([eb('r.category', 'in', ['keluarga_wbp', 'masyarakat']), eb('r.household_size', '>', 0)]))
          .then(eb.ref('r.id'))
          .end(),
      ).distinct().as('households'),
    ])
    .where('d.status', '=', 'active')
    .where('d.handed_on', '>=', from)
    .where('d.handed_on', '<=', to)
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, handovers: Number(r.handovers), families: Number(r.families), households: Number(r.households) }));
}

/** `column` inside any of the ranges (each bounded, so each can use the date index). */
function inRanges<T extends keyof Database>(eb: ExpressionBuilder<Database, T>, column: string, ranges: DayRange[]) {
  const ref = sql.ref(column);
  return eb.or(ranges.map((r) => eb.and([eb(ref, '>=', r.from), eb(ref, '<=', r.to)])));
}

/** Net grams and heads that left the stock per month and kind of outflow, over some ranges of days. */
export async function outflowsByMonth(db: DbOrTrx, ranges: DayRange[]) {
  const month = monthOf('moved_on');
  const rows = await db
    .selectFrom('stock_movements')
    .select((eb) => [month.as('month'), 'kind', eb.fn.sum<number>('qty_g').as('qty_g')])
    .where('kind', 'in', ['distribution', 'kitchen', 'sale', 'loss'])
    .where((eb) => inRanges(eb, 'moved_on', ranges))
    .groupBy([month, 'kind'])
    .execute();
  // Outflows are negative in the ledger; 0 − x keeps "nothing" at 0, never −0.
  return rows.map((r) => ({ month: r.month, kind: r.kind, qtyG: 0 - Number(r.qty_g) }));
}

/** Rupiah of valid sales (PNBP) per month, over some ranges of days. */
export async function salesByMonth(db: DbOrTrx, ranges: DayRange[]) {
  const month = monthOf('out_date');
  const rows = await db
    .selectFrom('outflows')
    .select((eb) => [month.as('month'), eb.fn.sum<number>('amount_rp').as('rp')])
    .where('kind', '=', 'sale')
    .where('status', '=', 'active')
    .where((eb) => inRanges(eb, 'out_date', ranges))
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ month: r.month, rp: Number(r.rp ?? 0) }));
}

/** Receipts per month by status (a voided one keeps its number and counts as issued). */
export async function receiptsByMonth(db: DbOrTrx, ranges: DayRange[]) {
  const month = monthOf('handed_on');
  const rows = await db
    .selectFrom('distributions')
    .select((eb) => [month.as('month'), 'status', eb.fn.countAll<number>().as('n')])
    .where((eb) => inRanges(eb, 'handed_on', ranges))
    .groupBy([month, 'status'])
    .execute();
  return rows.map((r) => ({ month: r.month, status: r.status, count: Number(r.n) }));
}
