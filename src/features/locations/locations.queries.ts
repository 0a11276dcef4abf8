// All Kysely for plots (lahan) and ponds (kolam).
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { Location, LocationsTable } from '../../db/database.ts';

export async function listLocations(db: DbOrTrx, opts: { activeOnly?: boolean } = {}): Promise<Location[]> {
  let q = db.selectFrom('locations').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('kind').orderBy('name').execute();
}

export async function findLocation(db: DbOrTrx, id: number): Promise<Location | undefined> {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLocationByName(db: DbOrTrx, name: string): Promise<Location | undefined> {
  return db
    .selectFrom('locations')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertLocation(db: DbOrTrx, row: Insertable<LocationsTable>): Promise<number> {
  return (await db.insertInto('locations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateLocationRow(db: DbOrTrx, id: number, changes: Updateable<LocationsTable>): Promise<void> {
  await db.updateTable('locations').set(changes).where('id', '=', id).execute();
}
