// All Kysely for package templates and their items.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { PackagesTable } from '../../db/database.ts';

export async function insertPackage(db: DbOrTrx, row: Insertable<PackagesTable>): Promise<number> {
  return (await db.insertInto('packages').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePackageRow(db: DbOrTrx, id: number, changes: Updateable<PackagesTable>): Promise<void> {
  await db.updateTable('packages').set(changes).where('id', '=', id).execute();
}

export async function findPackage(db: DbOrTrx, id: number) {
  return db.selectFrom('packages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPackageByName(db: DbOrTrx, name: string) {
  return db
    .selectFrom('packages')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function listPackages(db: DbOrTrx, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('packages').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('active', 'desc').orderBy('name').execute();
}

export async function itemsOfPackages(db: DbOrTrx, packageIds: number[]) {
  if (!packageIds.length) return [];
  return db
    .selectFrom('package_items as i')
    .innerJoin('commodities as c', 'c.id', 'i.commodity_id')
    .select(['i.package_id', 'i.commodity_id', 'i.qty_g', 'i.heads', 'c.name as commodity_name', 'c.sort_order'])
    .where('i.package_id', 'in', packageIds)
    .orderBy('c.sort_order')
    .orderBy('c.id')
    .execute();
}

export async function replacePackageItems(
  db: DbOrTrx,
  packageId: number,
  items: Array<{ commodity_id: number; qty_g: number; heads: number | null }>,
) {
  await db.deleteFrom('package_items').where('package_id', '=', packageId).execute();
  if (items.length)
    await db
      .insertInto('package_items')
      .values(items.map((i) => ({ ...i, package_id: packageId })))
      .execute();
}
