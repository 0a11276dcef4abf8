// All Kysely for the monthly report: sums per commodity, location and kind over a range of days.
import { sql } from 'kysely';
import { RUPIAH_KINDS } from '../../lib/movement-kinds.ts';
import type { DbOrTrx } from '../../db/connect.ts';

/** Valid harvests between two days (inclusive): kilos, heads and how many weighings, per commodity. */
export async function harvestTotals(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('harvests')
    .select((eb) => [
      'commodity_id',
      eb.fn.sum<number>('weight_g').as('qty_g'),
      eb.fn.sum<number>('heads').as('heads'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('status', '=', 'active')
    .where('harvest_date', '>=', from)
    .where('harvest_date', '<=', to)
    .groupBy('commodity_id')
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, qtyG: Number(r.qty_g), heads: Number(r.heads ?? 0), count: Number(r.n) }));
}

/** Valid harvests per location and commodity between two days. */
export async function harvestByLocation(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('harvests as h')
    .innerJoin('locations as l', 'l.id', 'h.location_id')
    .select((eb) => [
      'l.id as location_id',
      'l.name as location_name',
      'l.kind as location_kind',
      'h.commodity_id',
      eb.fn.sum<number>('h.weight_g').as('qty_g'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('h.status', '=', 'active')
    .where('h.harvest_date', '>=', from)
    .where('h.harvest_date', '<=', to)
    .groupBy(['l.id', 'l.name', 'l.kind', 'h.commodity_id'])
    .orderBy('l.name')
    .execute();
  return rows.map((r) => ({
    locationId: r.location_id,
    locationName: r.location_name,
    locationKind: r.location_kind,
    commodityId: r.commodity_id,
    qtyG: Number(r.qty_g),
    count: Number(r.n),
  }));
}

/**
 * The ledger's net movement per commodity and kind in a month, from the monthly totals. Reversals
 * are dated like what they reverse, so a void inside the month cancels out and one after it
 * changes nothing.
 */
export async function movementTotals(db: DbOrTrx, month: string) {
  const rows = await db
    .selectFrom('stock_month_totals')
    .select(['commodity_id', 'kind', 'qty_g', 'heads'])
    .where('month', '=', month)
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, kind: r.kind, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
}

/** Stock per commodity at the start of a month: every movement dated before it (from the monthly totals). */
export async function stockBefore(db: DbOrTrx, month: string) {
  const rows = await db
    .selectFrom('stock_month_totals')
    .select((eb) => ['commodity_id', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .where('month', '<', month)
    .groupBy('commodity_id')
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
}

/** Rupiah of valid sales between two days (PNBP). */
export async function salesRupiah(db: DbOrTrx, from: string, to: string): Promise<number> {
  const r = await db
    .selectFrom('outflows')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_rp'), eb.lit(0)).as('rp'))
    .where('kind', 'in', RUPIAH_KINDS)
    .where('status', '=', 'active')
    .where('out_date', '>=', from)
    .where('out_date', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(r.rp);
}

/** Receipts of the month by status, and how many of their prints were copies. */
export async function receiptCounts(db: DbOrTrx, from: string, to: string, fromInstant: string, toInstant: string) {
  const byStatus = await db
    .selectFrom('distributions')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('handed_on', '>=', from)
    .where('handed_on', '<=', to)
    .groupBy('status')
    .execute();
  const reprints = await db
    .selectFrom('receipt_prints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('copy_no', '>', 1)
    .where('printed_at', '>=', fromInstant)
    .where('printed_at', '<', toInstant)
    .executeTakeFirstOrThrow();
  const n = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  return { issued: n('active') + n('void'), valid: n('active'), voided: n('void'), reprints: Number(reprints.n) };
}

/** Valid handovers of the month per recipient category: handovers, distinct recipients, households. */
export async function reachByCategory(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .select(['r.category', 'r.id', 'r.household_size'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('d.status', '=', 'active')
    .where('d.handed_on', '>=', from)
    .where('d.handed_on', '<=', to)
    .groupBy(['r.category', 'r.id', 'r.household_size'])
    .execute();
  return rows.map((r) => ({ category: r.category, recipientId: r.id, householdSize: r.household_size, handovers: Number(r.n) }));
}

/** The month's events with their valid handovers. */
export async function eventsOfMonth(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('events as e')
    .select(['e.id', 'e.name', 'e.kind', 'e.event_date', 'e.place'])
    .select((eb) =>
      // Only the month's handovers: receipts dated the day after an event count in the next month.
      eb
        .selectFrom('distributions as d')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('d.event_id', '=', 'e.id')
        .where('d.status', '=', 'active')
        .where('d.handed_on', '>=', from)
        .where('d.handed_on', '<=', to)
        .as('handovers'),
    )
    .where('e.event_date', '>=', from)
    .where('e.event_date', '<=', to)
    .orderBy('e.event_date')
    .orderBy('e.id')
    .execute();
}

/** Inmates who worked on valid harvests of the month, with their distinct work-days. */
export async function workersOfMonth(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('harvest_workers as w')
    .innerJoin('harvests as h', 'h.id', 'w.harvest_id')
    .innerJoin('inmates as i', 'i.id', 'w.inmate_id')
    .select(['i.id', 'i.name', 'i.reg_number', 'h.harvest_date'])
    .where('h.status', '=', 'active')
    .where('h.harvest_date', '>=', from)
    .where('h.harvest_date', '<=', to)
    .groupBy(['i.id', 'i.name', 'i.reg_number', 'h.harvest_date'])
    .execute();
  const byInmate = new Map<number, { name: string; regNumber: string; days: number }>();
  for (const r of rows) {
    const w = byInmate.get(r.id) ?? { name: r.name, regNumber: r.reg_number, days: 0 };
    w.days++;
    byInmate.set(r.id, w);
  }
  return [...byInmate.values()].sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
}

// ---- The annex: what was voided or corrected in the month's records, and the stock counts ----

/** Voided harvests dated in the range, with who voided them and why. */
export async function voidedHarvests(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('harvests as h')
    .innerJoin('commodities as c', 'c.id', 'h.commodity_id')
    .leftJoin('users as u', 'u.id', 'h.voided_by')
    .select([
      'h.id',
      'h.harvest_date as day',
      'c.name as commodity',
      'h.weight_g as qty_g',
      'h.heads',
      'h.void_reason as reason',
      'h.voided_at as at',
      'u.full_name as by',
    ])
    .where('h.status', '=', 'void')
    .where('h.harvest_date', '>=', from)
    .where('h.harvest_date', '<=', to)
    .orderBy('h.harvest_date')
    .orderBy('h.id')
    .execute();
}

/** Voided kitchen use, sales and losses dated in the range. */
export async function voidedOutflows(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('outflows as o')
    .innerJoin('commodities as c', 'c.id', 'o.commodity_id')
    .leftJoin('users as u', 'u.id', 'o.voided_by')
    .select([
      'o.id',
      'o.kind',
      'o.out_date as day',
      'c.name as commodity',
      'o.qty_g',
      'o.heads',
      'o.void_reason as reason',
      'o.voided_at as at',
      'u.full_name as by',
    ])
    .where('o.status', '=', 'void')
    .where('o.out_date', '>=', from)
    .where('o.out_date', '<=', to)
    .orderBy('o.out_date')
    .orderBy('o.id')
    .execute();
}

/** Voided receipts dated in the range, with the number of the receipt that replaced each, if any. */
export async function voidedReceipts(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .leftJoin('users as u', 'u.id', 'd.voided_by')
    .select([
      'd.id',
      'd.receipt_no',
      'd.handed_on as day',
      'r.name as recipient',
      'd.void_reason as reason',
      'd.voided_at as at',
      'u.full_name as by',
    ])
    .select((eb) =>
      eb.selectFrom('distributions as n').select('n.receipt_no').whereRef('n.replaces_id', '=', 'd.id').limit(1).as('replaced_by'),
    )
    .where('d.status', '=', 'void')
    .where('d.handed_on', '>=', from)
    .where('d.handed_on', '<=', to)
    .orderBy('d.receipt_year')
    .orderBy('d.receipt_seq')
    .execute();
}

/** Edits of harvests dated in the range, from the audit trail (who, when, why, before and after). */
export async function harvestCorrections(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('audit_log as a')
    .innerJoin('harvests as h', (j) => j.on(sql<boolean>`a.entity_id = cast(h.id as varchar(20))`))
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['h.id', 'h.harvest_date as day', 'a.at', 'a.reason', 'a.before_json', 'a.after_json', 'u.full_name as by'])
    .where('a.entity', '=', 'harvest')
    .where('a.action', '=', 'update')
    .where('h.harvest_date', '>=', from)
    .where('h.harvest_date', '<=', to)
    .orderBy('a.at')
    .orderBy('a.id')
    .execute();
}

/** Stock counts (stok opname) dated in the range. */
export async function stockCountsOf(db: DbOrTrx, from: string, to: string) {
  return db
    .selectFrom('stock_counts as s')
    .innerJoin('commodities as c', 'c.id', 's.commodity_id')
    .leftJoin('users as u', 'u.id', 's.recorded_by')
    .select([
      's.id',
      's.count_date as day',
      'c.name as commodity',
      'c.tracks_heads',
      's.book_g',
      's.counted_g',
      's.book_heads',
      's.counted_heads',
      's.reason',
      'u.full_name as by',
    ])
    .where('s.count_date', '>=', from)
    .where('s.count_date', '<=', to)
    .orderBy('s.count_date')
    .orderBy('s.id')
    .execute();
}

/** Kilos and heads handed out per commodity in valid handovers of the range, and how many handovers. */
export async function distributedByCommodity(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('distribution_items as i')
    .innerJoin('distributions as d', 'd.id', 'i.distribution_id')
    .select((eb) => [
      'i.commodity_id',
      eb.fn.sum<number>('i.qty_g').as('qty_g'),
      eb.fn.sum<number>('i.heads').as('heads'),
      eb.fn.count<number>('i.distribution_id').distinct().as('n'),
    ])
    .where('d.status', '=', 'active')
    .where('d.handed_on', '>=', from)
    .where('d.handed_on', '<=', to)
    .groupBy('i.commodity_id')
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, qtyG: Number(r.qty_g), heads: Number(r.heads ?? 0), handovers: Number(r.n) }));
}

/** Outflow entries per kind in the range (valid ones), for the count beside each kind's kilos. */
export async function outflowCounts(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('outflows')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .where('out_date', '>=', from)
    .where('out_date', '<=', to)
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, count: Number(r.n) }));
}
