// All Kysely for users and their roles.
import type { DbOrTrx } from '../../db/connect.ts';
import { ROLES, type NewUser, type Role, type User, type UserUpdate } from '../../db/database.ts';

export async function countUsers(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUserById(db: DbOrTrx, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(db: DbOrTrx, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function rolesOf(db: DbOrTrx, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role);
}

/** The users holding a role in the unit (user_roles is limited to it by the unit scope), with those roles. */
export async function listUsersWithRoles(db: DbOrTrx) {
  const users = await db
    .selectFrom('users')
    .selectAll()
    .where(({ exists, selectFrom }) => exists(selectFrom('user_roles').select('id').whereRef('user_roles.user_id', '=', 'users.id')))
    .orderBy('active', 'desc')
    .orderBy('full_name')
    .execute();
  const roles = await db.selectFrom('user_roles').select(['user_id', 'role']).execute();
  // In the roles' own order (as the form lists them), not in whatever order an index returns them.
  const order = (r: Role) => ROLES.indexOf(r);
  return users.map((u) => ({
    ...u,
    roles: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => r.role)
      .sort((a, b) => order(a) - order(b)),
  }));
}

export async function insertUser(db: DbOrTrx, user: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUserRow(db: DbOrTrx, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function replaceRoles(db: DbOrTrx, userId: number, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) {
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
  }
}

export async function countActiveAdmins(db: DbOrTrx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .where('user_roles.role', '=', 'admin')
    .where('users.active', '=', 1)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends a user's sessions server-side (deactivation, password change), optionally keeping one. */
export async function deleteSessionsOfUser(db: DbOrTrx, userId: number, exceptSid?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSid) q = q.where('sid', '!=', exceptSid);
  await q.execute();
}

/** The first unit a user holds a role on (over the whole installation: the scope asks for it). */
export async function firstRoleUnit(db: DbOrTrx, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('user_roles')
    .select('unit_id')
    .where('user_id', '=', userId)
    .orderBy('unit_id')
    .limit(1)
    .executeTakeFirst();
  return row?.unit_id ?? null;
}
