// All Kysely for the unit tree.
import type { DbOrTrx } from '../../db/connect.ts';
import type { NewUnit, Role, Unit, UnitUpdate } from '../../db/database.ts';

export async function insertUnit(db: DbOrTrx, unit: NewUnit): Promise<number> {
  const row = await db.insertInto('units').values(unit).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findUnitByCode(db: DbOrTrx, code: string): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The installation's first unit: the one unit of a single-unit installation. */
export async function firstUnitId(db: DbOrTrx): Promise<number | null> {
  const row = await db.selectFrom('units').select('id').orderBy('id').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** The root of the tree: Ditjenpas when there is one, else the first unit without a parent (a single UPT). */
export async function rootUnitId(db: DbOrTrx): Promise<number | null> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('parent_id', 'is', null)
    .orderBy((eb) => eb.case().when('kind', '=', 'national').then(0).else(1).end())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export function countUnits(db: DbOrTrx): Promise<number> {
  return db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Every role a user holds, on which unit (over the whole installation: it decides the scope). */
export function membershipsOf(db: DbOrTrx, userId: number) {
  return db
    .selectFrom('user_roles as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.unit_id', 'r.role', 'u.kind', 'u.name', 'u.active'])
    .where('r.user_id', '=', userId)
    .orderBy('r.unit_id')
    .execute();
}

/** The whole tree (some hundreds of rows at most: the national programme has about 500 UPT). */
export function allUnits(db: DbOrTrx) {
  return db.selectFrom('units').select(['id', 'parent_id', 'kind', 'name', 'code', 'active']).orderBy('name').execute();
}

export function findUnit(db: DbOrTrx, id: number): Promise<Unit | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function changeUnit(db: DbOrTrx, id: number, values: UnitUpdate) {
  return db.updateTable('units').set(values).where('id', '=', id).execute();
}

/** How many people hold a role on each unit (the installation admin's list). */
export async function peoplePerUnit(db: DbOrTrx): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['unit_id', (eb) => eb.fn.count<number>('user_id').distinct().as('n')])
    .groupBy('unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
}

/** The people holding roles on the unit of the scope, with their roles. */
export function rolesInUnit(db: DbOrTrx) {
  return db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.username', 'u.full_name', 'u.active', 'r.role'])
    .orderBy('u.full_name')
    .orderBy('u.id')
    .execute();
}

export function insertRole(db: DbOrTrx, userId: number, role: Role) {
  return db
    .insertInto('user_roles')
    .values({ user_id: userId, role })
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .execute();
}

export function deleteRole(db: DbOrTrx, userId: number, role: Role) {
  return db.deleteFrom('user_roles').where('user_id', '=', userId).where('role', '=', role).executeTakeFirst();
}
