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
