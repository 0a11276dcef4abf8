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

/** The keys issued to a UPT, newest first (installation records: asked by the unit's id). */
export function keysOfUnit(db: DbOrTrx, unitId: number) {
  return db
    .selectFrom('unit_report_keys as k')
    .innerJoin('users as u', 'u.id', 'k.issued_by')
    .select(['k.id', 'k.key_id', 'k.issued_at', 'k.revoked_at', 'u.full_name as issued_by_name'])
    .where('k.for_unit_id', '=', unitId)
    .orderBy('k.issued_at', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
}

export function findKey(db: DbOrTrx, keyId: string) {
  return db.selectFrom('unit_report_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

export function findKeyByToken(db: DbOrTrx, tokenHash: string) {
  return db
    .selectFrom('unit_report_keys')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertKey(
  db: DbOrTrx,
  row: { for_unit_id: number; key_id: string; secret: string; token_hash: string; issued_at: string; issued_by: number },
) {
  return (
    await db
      .insertInto('unit_report_keys')
      .values({ ...row, revoked_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** Revokes every key of a unit still in force; how many. */
export async function revokeKeysOf(db: DbOrTrx, unitId: number, at: string): Promise<number> {
  const r = await db
    .updateTable('unit_report_keys')
    .set({ revoked_at: at })
    .where('for_unit_id', '=', unitId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
