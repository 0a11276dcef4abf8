// All Kysely for commodities.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { CommoditiesTable, Commodity } from '../../db/database.ts';

export async function listCommodities(db: DbOrTrx, opts: { activeOnly?: boolean } = {}): Promise<Commodity[]> {
  let q = db.selectFrom('commodities').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('sort_order').orderBy('name').execute();
}

export async function findCommodity(db: DbOrTrx, id: number): Promise<Commodity | undefined> {
  return db.selectFrom('commodities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCommodityByName(db: DbOrTrx, name: string): Promise<Commodity | undefined> {
  // Names compare without case: "terong" and "Terong" are one commodity.
  return db
    .selectFrom('commodities')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertCommodity(db: DbOrTrx, row: Insertable<CommoditiesTable>): Promise<number> {
  return (await db.insertInto('commodities').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCommodityRow(db: DbOrTrx, id: number, changes: Updateable<CommoditiesTable>): Promise<void> {
  await db.updateTable('commodities').set(changes).where('id', '=', id).execute();
}

export async function commodityHasRecords(db: DbOrTrx, id: number): Promise<boolean> {
  const row = await db.selectFrom('stock_movements').select('id').where('commodity_id', '=', id).limit(1).executeTakeFirst();
  return Boolean(row);
}
