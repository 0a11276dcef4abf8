// Rules for users: the first admin, accounts, roles, activation and passwords — all audited.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { Role, User } from '../../db/database.ts';
import type { SessionUser } from '../../lib/actor.ts';
import { passwordStem } from '../../lib/common-passwords.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../lib/password.ts';
import { nowIso } from '../../lib/time.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { currentUnitScope, installationWide, unitScope, withUnitScope, type UnitScope } from '../../db/unit-scope.ts';
import { createFirstUnit, getUnit, rolesFor, workplaceOf } from '../units/units.service.ts';
import type { FirstUnitInput } from '../units/units.schema.ts';
import {
  countActiveAdmins,
  countUsers,
  deleteSessionsOfUser,
  findUserById,
  findUserByUsername,
  firstRoleUnit,
  insertUser,
  listUsersWithRoles,
  replaceRoles,
  rolesOf,
  updateUserRow,
} from './users.queries.ts';
import type { SetupInput, UserCreateInput, UserUpdateInput } from './users.schema.ts';

/** What the audit trail keeps of a user: never the password hash. */
function auditView(u: User, roles: Role[]) {
  return { username: u.username, full_name: u.full_name, nip: u.nip, position: u.position, active: u.active, roles };
}

export async function hasAnyUser(db: DbOrTrx): Promise<boolean> {
  return (await countUsers(db)) > 0;
}

/** The user behind a session, or null when gone or deactivated (a deactivation takes effect at once). */
export async function loadSessionUser(db: DbOrTrx, id: number, wantedUnit?: number): Promise<SessionUser | null> {
  const u = await findUserById(db, id);
  if (!u || !u.active) return null;
  // No role on any unit (all of them taken away): as good as deactivated.
  const place = await workplaceOf(db, u.id, wantedUnit);
  if (!place) return null;
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    roles: place.roles,
    mustChangePassword: u.must_change_password === 1,
    unitId: place.unitId,
    unitName: place.unitName,
    writable: place.writable,
    unitChoices: place.choices,
    installationAdmin: place.installationAdmin,
    areas: place.areas,
  };
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'inactive' };

export async function authenticate(db: DbOrTrx, username: string, password: string): Promise<LoginResult> {
  const u = await findUserByUsername(db, username);
  if (!u) {
    await verifyPassword(password, await dummyHash()); // same time as a real check
    return { ok: false, reason: 'invalid' };
  }
  if (!(await verifyPassword(password, u.password_hash))) return { ok: false, reason: 'invalid' };
  if (!u.active) return { ok: false, reason: 'inactive' };
  return { ok: true, userId: u.id };
}

/** The first guess for any account: its own name, also with digits or marks added at the end. */
function refusePasswordLikeUsername(username: string, password: string): void {
  const name = username.toLowerCase();
  if (password.trim().toLowerCase() === name || passwordStem(password) === name) {
    throw new ValidationError({
      password: 'Kata sandi tidak boleh sama dengan nama pengguna, juga bila hanya ditambah angka atau tanda baca.',
    });
  }
}

async function insertWithRoles(
  trx: DbOrTrx,
  input: Omit<UserCreateInput, 'password' | 'password_confirm'>,
  passwordHash: string,
  actorId: number | null,
  action: string,
  mustChange = actorId !== null,
): Promise<number> {
  if (await findUserByUsername(trx, input.username)) {
    throw new ValidationError({ username: 'Nama pengguna ini sudah dipakai. Pilih nama lain.' });
  }
  const now = nowIso();
  const id = await insertUser(trx, {
    username: input.username,
    full_name: input.full_name,
    nip: input.nip,
    position: input.position,
    password_hash: passwordHash,
    active: 1,
    // A password an admin typed is known to the admin: the user replaces it at the first login.
    must_change_password: mustChange ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
  await replaceRoles(trx, id, input.roles);
  const created = (await findUserById(trx, id))!;
  await recordAudit(trx, { userId: actorId ?? id, action, entity: 'user', entityId: id, after: auditView(created, input.roles) });
  return id;
}

/** Creates the first admin; refused once any user exists, so the setup page works only once. */
/** The first-run page: the installation's unit and its first admin, together or not at all. */
export async function setupFirstAdmin(db: Db, input: SetupInput, unit: FirstUnitInput): Promise<{ userId: number; unitId: number }> {
  refusePasswordLikeUsername(input.username, input.password);
  const hash = await hashPassword(input.password);
  // No one is signed in yet: the page works on the whole installation, and the admin's audit line
  // belongs to the unit just made.
  return installationWide(() =>
    db.transaction().execute(async (trx) => {
      if (await hasAnyUser(trx)) throw new ForbiddenError('Penyiapan awal sudah dilakukan. Silakan masuk.');
      const unitId = await createFirstUnit(trx, unit);
      const userId = await withUnitScope(unitScope(unitId), () =>
        insertWithRoles(trx, { ...input, roles: ['admin'] }, hash, null, 'setup'),
      );
      return { userId, unitId };
    }),
  );
}

/** `mustChange: false` only for the demo data, whose users share a published password on purpose. */
export async function createUser(db: Db, input: UserCreateInput, actorId: number, { mustChange = true } = {}): Promise<number> {
  refusePasswordLikeUsername(input.username, input.password);
  const hash = await hashPassword(input.password);
  return db.transaction().execute((trx) => insertWithRoles(trx, input, hash, actorId, 'create', mustChange));
}

export async function listUsers(db: DbOrTrx) {
  return listUsersWithRoles(db);
}

/** The id of an active user by username, or null (the report command's `--user`). */
export async function activeUserId(db: DbOrTrx, username: string): Promise<number | null> {
  const u = await findUserByUsername(db, username);
  return u && u.active ? u.id : null;
}

/**
 * A person as papers name them (the officer of a receipt, who drew a report): users belong to the
 * installation, and a name stays on a paper after its holder left the unit.
 */
export async function getPerson(db: DbOrTrx, id: number): Promise<User> {
  const u = await findUserById(db, id);
  if (!u) throw new NotFoundError('Pengguna tidak ditemukan.');
  return u;
}

/** A user of this unit (one holding a role in it); another unit's user is not found. */
export async function getUser(db: DbOrTrx, id: number) {
  const u = await findUserById(db, id);
  const roles = u ? await rolesOf(db, id) : [];
  if (!u || !roles.length) throw new NotFoundError('Pengguna tidak ditemukan.');
  return { ...u, roles };
}

async function guardLastAdmin(trx: DbOrTrx, user: User, roles: Role[], losing: boolean): Promise<void> {
  if (losing && roles.includes('admin') && user.active && (await countActiveAdmins(trx)) <= 1) {
    throw new ValidationError(
      { roles: 'Ini satu-satunya admin yang aktif. Tambahkan admin lain lebih dahulu.' },
      'Ini satu-satunya admin yang aktif. Tambahkan admin lain lebih dahulu.',
    );
  }
}

export async function updateUser(db: Db, id: number, input: UserUpdateInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getUser(trx, id);
    await guardLastAdmin(trx, before, before.roles, !input.roles.includes('admin'));
    await updateUserRow(trx, id, { full_name: input.full_name, nip: input.nip, position: input.position, updated_at: nowIso() });
    await replaceRoles(trx, id, input.roles);
    const after = (await findUserById(trx, id))!;
    await recordAudit(trx, {
      userId: actorId,
      action: 'update',
      entity: 'user',
      entityId: id,
      before: auditView(before, before.roles),
      after: auditView(after, input.roles),
    });
  });
}

export async function setUserActive(db: Db, id: number, active: boolean, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getUser(trx, id);
    if (!active && id === actorId) throw new ValidationError({}, 'Anda tidak dapat menonaktifkan akun Anda sendiri.');
    if (!active) await guardLastAdmin(trx, before, before.roles, true);
    await updateUserRow(trx, id, { active: active ? 1 : 0, updated_at: nowIso() });
    if (!active) await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, {
      userId: actorId,
      action: active ? 'activate' : 'deactivate',
      entity: 'user',
      entityId: id,
      before: { active: before.active },
      after: { active: active ? 1 : 0 },
    });
  });
}

/** An admin sets a temporary password; the user must choose their own at next login. */
export async function resetPassword(db: Db, id: number, newPassword: string, actorId: number): Promise<void> {
  refusePasswordLikeUsername((await getUser(db, id)).username, newPassword);
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await getUser(trx, id);
    await updateUserRow(trx, id, { password_hash: hash, must_change_password: id === actorId ? 0 : 1, updated_at: nowIso() });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, { userId: actorId, action: 'reset_password', entity: 'user', entityId: id });
  });
}

export async function changeOwnPassword(db: Db, userId: number, current: string, newPassword: string, keepSid: string): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(current, user.password_hash))) {
    throw new ValidationError({ current_password: 'Kata sandi saat ini salah.' });
  }
  if (current === newPassword) {
    throw new ValidationError({ password: 'Kata sandi baru harus berbeda dari kata sandi saat ini.' });
  }
  refusePasswordLikeUsername(user.username, newPassword);
  const hash = await hashPassword(newPassword);
  await withUnitScope(await ownAccountScope(db, userId), () =>
    db.transaction().execute(async (trx) => {
      await updateUserRow(trx, userId, { password_hash: hash, must_change_password: 0, updated_at: nowIso() });
      await deleteSessionsOfUser(trx, userId, keepSid); // other devices must log in again
      await recordAudit(trx, { userId, action: 'change_password', entity: 'user', entityId: userId });
    }),
  );
}

/**
 * Where a user's acts on their own account are recorded: the unit they work in, or — for a Kanwil
 * head reading a UPT, whose scope there writes nothing — the unit their role is on. (Without it a
 * Kanwil user whose first password an admin typed could never replace it.)
 */
async function ownAccountScope(db: DbOrTrx, userId: number): Promise<UnitScope> {
  const scope = currentUnitScope();
  if (scope.kind === 'units' && scope.write !== null) return scope;
  const home = await installationWide(() => firstRoleUnit(db, userId));
  return home === null ? scope : unitScope(home);
}

/**
 * The installation admin gives someone who already has an account a role on a unit (the Kanwil's
 * head, an officer who works in two UPT). Recorded in that unit's audit trail.
 */
export async function grantRole(db: Db, unitId: number, username: string, role: Role, actorId: number): Promise<void> {
  await withUnitScope(unitScope(unitId), () =>
    db.transaction().execute(async (trx) => {
      await refuseRolesForeignTo(trx, unitId, [role], 'role');
      const user = await findUserByUsername(trx, username);
      if (!user) throw new ValidationError({ username: `Belum ada pengguna "${username}". Buat pengguna baru untuk unit ini.` });
      const before = await rolesOf(trx, user.id);
      if (before.includes(role)) throw new ValidationError({ role: 'Pengguna itu sudah memegang peran ini di unit ini.' });
      await replaceRoles(trx, user.id, [...before, role]);
      await recordAudit(trx, {
        userId: actorId,
        action: 'update',
        entity: 'user',
        entityId: user.id,
        before: { roles: before },
        after: { roles: [...before, role] },
      });
    }),
  );
}

/** Takes a role on a unit back; the unit's last active admin keeps it (someone must manage the unit). */
export async function revokeRole(db: Db, unitId: number, userId: number, role: Role, actorId: number): Promise<void> {
  await withUnitScope(unitScope(unitId), () =>
    db.transaction().execute(async (trx) => {
      const user = await getUser(trx, userId);
      if (!user.roles.includes(role)) throw new NotFoundError('Peran itu tidak dipegang pengguna ini di unit ini.');
      await guardLastAdmin(trx, user, user.roles, role === 'admin');
      const after = user.roles.filter((r) => r !== role);
      await replaceRoles(trx, userId, after);
      await recordAudit(trx, {
        userId: actorId,
        action: 'update',
        entity: 'user',
        entityId: userId,
        before: { roles: user.roles },
        after: { roles: after },
      });
      // From the next request on the unit is no longer among the user's (loadSessionUser asks every time).
    }),
  );
}

/** A new account with roles on the given unit (the installation admin's page for that unit). */
export async function createUserInUnit(db: Db, unitId: number, input: UserCreateInput, actorId: number): Promise<number> {
  await refuseRolesForeignTo(db, unitId, input.roles, 'roles');
  return withUnitScope(unitScope(unitId), () => createUser(db, input, actorId));
}

/** A Kanwil or Ditjenpas takes only the roles it has (rolesFor): reading and managing, no farming. */
async function refuseRolesForeignTo(db: DbOrTrx, unitId: number, roles: readonly Role[], field: 'role' | 'roles'): Promise<void> {
  const allowed = rolesFor((await getUnit(db, unitId)).kind);
  if (roles.every((r) => allowed.includes(r))) return;
  throw new ValidationError({
    [field]:
      field === 'role' ? 'Peran itu tidak dipakai di unit ini.' : 'Di Kantor Wilayah dan Ditjenpas hanya ada peran Pimpinan dan Admin.',
  });
}
