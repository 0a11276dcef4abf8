// All Kysely for the monthly report: sums per commodity, location and kind over a range of days.
import type { DbOrTrx } from '../../db/connect.ts';

/** Valid harvests between two days (inclusive): kilos, heads and how many weighings, per commodity. */
export async function harvestTotals(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('harvests')
    .select((eb) => ['commodity_id', eb.fn.sum<number>('weight_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads'), eb.fn.countAll<number>().as('n')])
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
    .select((eb) => ['l.id as location_id', 'l.name as location_name', 'l.kind as location_kind', 'h.commodity_id', eb.fn.sum<number>('h.weight_g').as('qty_g'), eb.fn.countAll<number>().as('n')])
    .where('h.status', '=', 'active')
    .where('h.harvest_date', '>=', from)
    .where('h.harvest_date', '<=', to)
    .groupBy(['l.id', 'l.name', 'l.kind', 'h.commodity_id'])
    .orderBy('l.name')
    .execute();
  return rows.map((r) => ({ locationId: r.location_id, locationName: r.location_name, locationKind: r.location_kind, commodityId: r.commodity_id, qtyG: Number(r.qty_g), count: Number(r.n) }));
}

/**
 * The ledger's net movement per commodity and kind between two days. Reversals are dated like
 * what they reverse, so a void inside the range cancels out and one after it changes nothing.
 */
export async function movementTotals(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('stock_movements')
    .select((eb) => ['commodity_id', 'kind', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .where('moved_on', '>=', from)
    .where('moved_on', '<=', to)
    .groupBy(['commodity_id', 'kind'])
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, kind: r.kind, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
}

/** Stock per commodity at the start of a day: every movement dated before it. */
export async function stockBefore(db: DbOrTrx, day: string) {
  const rows = await db
    .selectFrom('stock_movements')
    .select((eb) => ['commodity_id', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .where('moved_on', '<', day)
    .groupBy('commodity_id')
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
}

/** Rupiah of valid sales between two days (PNBP). */
export async function salesRupiah(db: DbOrTrx, from: string, to: string): Promise<number> {
  const r = await db
    .selectFrom('outflows')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_rp'), eb.lit(0)).as('rp'))
    .where('kind', '=', 'sale')
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
      eb.selectFrom('distributions as d').select(eb.fn.countAll<number>().as('n')).whereRef('d.event_id', '=', 'e.id').where('d.status', '=', 'active').as('handovers'),
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
