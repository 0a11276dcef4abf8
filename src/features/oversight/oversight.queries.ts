// All Kysely of the oversight pages: the months' report records and the day's ledger of the UPT in
// an area. Run in the area's read-only scope (src/db/unit-scope.ts): the scope limits every query to
// the area's UPT, as it limits a unit's pages to that unit.
import type { DbOrTrx } from '../../db/connect.ts';

/** Every report record of a month (final and reopened) of the UPT in scope, oldest first. */
export function reportRecordsOf(db: DbOrTrx, month: string) {
  return db
    .selectFrom('monthly_reports')
    .select(['id', 'unit_id', 'status', 'finalised_at', 'review', 'reviewed_at', 'review_reason', 'source'])
    .where('month', '=', month)
    .orderBy('id')
    .execute();
}

/** The frozen snapshots of these report records. */
export function snapshotsOf(db: DbOrTrx, ids: readonly number[]) {
  return db.selectFrom('monthly_reports').select(['id', 'unit_id', 'snapshot_json']).where('id', 'in', ids).execute();
}

/** Each commodity's place in the national catalogue now (for reports frozen before it existed). */
export function catalogueOfCommodities(db: DbOrTrx) {
  return db.selectFrom('commodities').select(['id', 'unit_id', 'name', 'national_code', 'sector', 'tracks_heads']).execute();
}

/** A day's harvests and handovers per UPT and commodity, from the ledger (net of voids). */
export function dayMovements(db: DbOrTrx, day: string) {
  return db
    .selectFrom('stock_movements')
    .select((eb) => [
      'unit_id',
      'commodity_id',
      'kind',
      eb.fn.sum<number>('qty_g').as('qty_g'),
      eb.fn.sum<number>('heads').as('heads'),
      eb.fn.max<string>('created_at').as('last_at'),
    ])
    .where('moved_on', '=', day)
    .where('kind', 'in', ['harvest', 'distribution'])
    .groupBy(['unit_id', 'commodity_id', 'kind'])
    .execute();
}

/** The ledger summed per UPT, commodity, month and kind over a range of months (live figures). */
export function ledgerMonths(db: DbOrTrx, fromMonth: string, toMonth: string) {
  return db
    .selectFrom('stock_month_totals')
    .select((eb) => [
      'unit_id',
      'commodity_id',
      'month',
      'kind',
      eb.fn.sum<number>('qty_g').as('qty_g'),
      eb.fn.sum<number>('heads').as('heads'),
    ])
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .groupBy(['unit_id', 'commodity_id', 'month', 'kind'])
    .execute();
}

/** Each UPT's stock now, per commodity: every movement ever, summed. */
export function stockNow(db: DbOrTrx) {
  return db
    .selectFrom('stock_month_totals')
    .select((eb) => ['unit_id', 'commodity_id', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .groupBy(['unit_id', 'commodity_id'])
    .execute();
}

/** The national harvest days, newest first. */
export function harvestDays(db: DbOrTrx) {
  return db.selectFrom('harvest_days').selectAll().orderBy('day', 'desc').execute();
}

export function findHarvestDay(db: DbOrTrx, id: number) {
  return db.selectFrom('harvest_days').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findHarvestDayOn(db: DbOrTrx, day: string) {
  return db.selectFrom('harvest_days').select('id').where('day', '=', day).executeTakeFirst();
}

export async function insertHarvestDay(
  db: DbOrTrx,
  row: { day: string; name: string; note: string | null; declared_at: string; declared_by: number },
) {
  return (await db.insertInto('harvest_days').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
