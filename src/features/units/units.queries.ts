// All Kysely for the unit tree.
import type { DbOrTrx } from '../../db/connect.ts';
import type { NewUnit, Unit } from '../../db/database.ts';

export async function insertUnit(db: DbOrTrx, unit: NewUnit): Promise<number> {
  const row = await db.insertInto('units').values(unit).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findUnitByCode(db: DbOrTrx, code: string): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

export function countUnits(db: DbOrTrx): Promise<number> {
  return db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
