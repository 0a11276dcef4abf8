// All Kysely for the dashboard: sums per WIB month over a bounded range of days, one grouped query each.
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { RUPIAH_KINDS } from '../../lib/movement-kinds.ts';
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

/**
 * Valid handovers per month between two days, with who was reached: distinct inmates' families
 * (keluarga_wbp) and distinct households (a keluarga_wbp or masyarakat recipient with a
 * household size, as the monthly report counts KK). Each range lies within one month.
 */
export async function reachByMonth(db: DbOrTrx, ranges: DayRange[]) {
  // Each recipient once per month first, from the handovers' covering index alone; then the
  // recipients by primary key (a join the other way round reads every recipient).
  const month = monthOf('handed_on');
  const perRecipient = db
    .selectFrom('distributions')
    .select((eb) => [month.as('month'), 'recipient_id', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .where((eb) => inRanges(eb, 'handed_on', ranges))
    .groupBy([month, 'recipient_id']);
  const rows = await db
    .selectFrom(perRecipient.as('x'))
    .innerJoin('recipients as r', 'r.id', 'x.recipient_id')
    .select((eb) => [
      'x.month',
      eb.fn.sum<number>('x.n').as('handovers'),
      eb.fn.count<number>(eb.case().when('r.category', '=', 'keluarga_wbp').then(eb.lit(1)).end()).as('families'),
      eb.fn
        .count<number>(
          eb
            .case()
            .when(eb.and([eb('r.category', 'in', ['keluarga_wbp', 'masyarakat']), eb('r.household_size', '>', 0)]))
            .then(eb.lit(1))
            .end(),
        )
        .as('households'),
    ])
    .groupBy('x.month')
    .execute();
  return rows.map((r) => ({
    month: r.month,
    handovers: Number(r.handovers),
    families: Number(r.families),
    households: Number(r.households),
  }));
}

/** `column` inside any of the ranges (each bounded, so each can use the date index). */
function inRanges<T extends keyof Database>(eb: ExpressionBuilder<Database, T>, column: string, ranges: DayRange[]) {
  const ref = sql.ref(column);
  return eb.or(ranges.map((r) => eb.and([eb(ref, '>=', r.from), eb(ref, '<=', r.to)])));
}

/** Rupiah of valid sales (PNBP) per month, over some ranges of days. */
export async function salesByMonth(db: DbOrTrx, ranges: DayRange[]) {
  const month = monthOf('out_date');
  const rows = await db
    .selectFrom('outflows')
    .select((eb) => [month.as('month'), eb.fn.sum<number>('amount_rp').as('rp')])
    .where('kind', 'in', RUPIAH_KINDS)
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

/**
 * The ledger's net per month, commodity and kind over some ranges of days (the same days of three
 * months): a bounded seek on the ledger's date index for each range.
 */
export async function ledgerInRanges(db: DbOrTrx, ranges: DayRange[]) {
  const month = monthOf('moved_on');
  const rows = await db
    .selectFrom('stock_movements')
    .select((eb) => [
      month.as('month'),
      'commodity_id',
      'kind',
      eb.fn.sum<number>('qty_g').as('qty_g'),
      eb.fn.sum<number>('heads').as('heads'),
    ])
    .where((eb) => inRanges(eb, 'moved_on', ranges))
    .groupBy([month, 'commodity_id', 'kind'])
    .execute();
  return rows.map((r) => ({
    month: r.month,
    commodityId: r.commodity_id,
    kind: r.kind,
    qtyG: Number(r.qty_g ?? 0),
    heads: Number(r.heads ?? 0),
  }));
}
