// The unit tree: Ditjenpas (national) → Kanwil → UPT. A single-unit installation is one UPT, made on
// the first-run page.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { installationWide, unitScope, withUnitScope, type UnitScope } from '../../db/unit-scope.ts';
import { ROLES, type Role, type Unit, type UnitKind, type UptType } from '../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addStarterCommodities } from '../commodities/commodities.service.ts';
import { nowIso } from '../../lib/time.ts';
import {
  allUnits,
  changeUnit,
  countUnits,
  findUnit,
  findUnitByCode,
  firstUnitId,
  insertRole,
  insertUnit,
  membershipsOf,
  peoplePerUnit,
  rolesInUnit,
  rootUnitId,
} from './units.queries.ts';
import type { FirstUnitInput, UnitFormInput } from './units.schema.ts';

/** What a UPT's name says it is (Rutan …, Lapas …, LPKA …); `lainnya` when it does not say. */
export function uptTypeOf(name: string): UptType {
  const n = name.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^(lapas terbuka|lembaga pemasyarakatan terbuka)/.test(n)) return 'lapas_terbuka';
  if (/^(rutan|rumah tahanan)/.test(n)) return 'rutan';
  if (/^(lpka|lembaga pembinaan khusus anak)/.test(n)) return 'lpka';
  if (/^(bapas|balai pemasyarakatan)/.test(n)) return 'bapas';
  if (/^(lapas|lembaga pemasyarakatan)/.test(n)) return 'lapas';
  return 'lainnya';
}

/**
 * The installation's unit, named on the first-run page (in its transaction): a UPT with no parent.
 * A unit already there with no user yet (an installation whose letterhead was saved before it had
 * users) is that unit, renamed as the form says.
 */
export async function createFirstUnit(trx: DbOrTrx, input: FirstUnitInput): Promise<number> {
  const units = await countUnits(trx);
  if (units > 1) throw new ForbiddenError('Penyiapan awal sudah dilakukan. Silakan masuk.');
  const now = nowIso();
  const existing = units === 1 ? await firstUnitId(trx) : null;
  if (existing !== null) {
    await changeUnit(trx, existing, {
      name: input.unit_name,
      code: input.unit_code,
      upt_type: uptTypeOf(input.unit_name),
      updated_at: now,
    });
    return existing;
  }
  return insertUnit(trx, {
    parent_id: null,
    kind: 'upt',
    upt_type: uptTypeOf(input.unit_name),
    code: input.unit_code,
    name: input.unit_name,
    created_at: now,
    updated_at: now,
  });
}

/**
 * A unit of the tree below its parent, with nothing else (the national demo builds its units' rows
 * itself; the installation admin's page uses createUnit). A UPT's type is read from its name.
 */
export async function addUnitToTree(
  db: DbOrTrx,
  input: { kind: UnitKind; code: string; name: string; parentId: number | null },
): Promise<number> {
  const now = nowIso();
  return insertUnit(db, {
    parent_id: input.parentId,
    kind: input.kind,
    upt_type: input.kind === 'upt' ? uptTypeOf(input.name) : null,
    code: input.code,
    name: input.name,
    created_at: now,
    updated_at: now,
  });
}

/** Puts a unit under another: the first-run page's UPT joining a tree made after it (the national demo). */
export async function placeUnitUnder(db: DbOrTrx, id: number, parentId: number): Promise<void> {
  await changeUnit(db, id, { parent_id: parentId, updated_at: nowIso() });
}

/** Roles a user holding them on a Kanwil or on Ditjenpas has in each UPT below it: reading, nothing more. */
const READ_FROM_ABOVE: readonly Role[] = ['pimpinan'];

/** Where a user works now: the unit, the roles held there, whether its records may be changed. */
export interface Workplace {
  unitId: number;
  unitName: string;
  roles: Role[];
  writable: boolean;
  /** How many units the user may switch between (1: no choice to offer). */
  choices: number;
  /** Admin of the installation's root unit: its backups and its public address are the whole installation's. */
  installationAdmin: boolean;
  /**
   * The Kanwil and Ditjenpas units the user oversees (a pimpinan there), highest first: their
   * reporting rate, roll-ups and dashboards (src/features/oversight).
   */
  areas: number[];
}

type Membership = Awaited<ReturnType<typeof membershipsOf>>[number];

function activeMemberships(db: DbOrTrx, userId: number): Promise<Membership[]> {
  return installationWide(async () => (await membershipsOf(db, userId)).filter((m) => m.active === 1));
}

/**
 * The units a user may open: those the user holds roles on, and — for roles on a Kanwil or on
 * Ditjenpas — every UPT below, read only. Asked over the whole installation: it decides the scope.
 */
export async function viewableUnits(db: DbOrTrx, userId: number) {
  return viewableFrom(db, await activeMemberships(db, userId));
}

function viewableFrom(db: DbOrTrx, memberships: Membership[]) {
  return installationWide(async () => {
    const units = new Map<number, { name: string; kind: string; roles: Role[]; writable: boolean }>();
    for (const m of memberships) {
      const u = units.get(m.unit_id) ?? { name: m.name, kind: m.kind, roles: [], writable: m.kind === 'upt' };
      u.roles.push(m.role);
      units.set(m.unit_id, u);
    }
    const above = [...units].filter(([, u]) => u.kind !== 'upt');
    if (above.length) {
      const tree = await allUnits(db);
      const children = new Map<number, typeof tree>();
      for (const u of tree) if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
      for (const [id, holder] of above) {
        const roles = holder.roles.filter((r) => READ_FROM_ABOVE.includes(r));
        if (!roles.length) continue;
        const stack = [...(children.get(id) ?? [])];
        while (stack.length) {
          const u = stack.pop()!;
          stack.push(...(children.get(u.id) ?? []));
          if (u.kind !== 'upt' || u.active !== 1 || units.has(u.id)) continue;
          units.set(u.id, { name: u.name, kind: u.kind, roles: [...roles], writable: false });
        }
      }
    }
    return units;
  });
}

/** The unit asked for when the user may open it, else the first UPT the user works in, else the first it reads (null: none at all). */
export async function workplaceOf(db: DbOrTrx, userId: number, wanted?: number): Promise<Workplace | null> {
  const memberships = await activeMemberships(db, userId);
  const units = await viewableFrom(db, memberships);
  const chosen =
    (wanted !== undefined && units.has(wanted) ? wanted : undefined) ??
    [...units].find(([, u]) => u.writable)?.[0] ??
    [...units].find(([, u]) => u.kind === 'upt')?.[0] ??
    [...units.keys()][0];
  if (chosen === undefined) return null;
  const u = units.get(chosen)!;
  const root = await installationWide(() => rootUnitId(db));
  // Roles from above are only read roles: an admin role on the root is held on it directly.
  const installationAdmin = root !== null && (units.get(root)?.roles.includes('admin') ?? false);
  const areas = memberships
    .filter((m) => m.kind !== 'upt' && READ_FROM_ABOVE.includes(m.role))
    .sort((a, b) => (a.kind === b.kind ? a.unit_id - b.unit_id : a.kind === 'national' ? -1 : 1))
    .map((m) => m.unit_id);
  return {
    unitId: chosen,
    unitName: u.name,
    roles: [...u.roles].sort(),
    writable: u.writable,
    choices: units.size,
    installationAdmin,
    areas: [...new Set(areas)],
  };
}

/**
 * The scope of a command (a report, a stock check): the UPT named by `--unit CODE`, or the
 * installation's one UPT. An installation of several units has no single unit to assume: the
 * command asks for one instead of guessing.
 */
export async function commandUnitScope(db: DbOrTrx, code?: string): Promise<UnitScope> {
  return installationWide(async () => {
    if (code) {
      const unit = await findUnitByCode(db, code.trim().toUpperCase());
      if (!unit || unit.kind !== 'upt') throw new Error(`tidak ada UPT berkode ${code} di instalasi ini.`);
      return unitScope(unit.id);
    }
    if ((await countUnits(db)) > 1) {
      const codes = (await allUnits(db)).filter((u) => u.kind === 'upt').map((u) => u.code);
      throw new Error(
        `instalasi ini berisi beberapa unit: sebutkan unitnya dengan --unit KODE (${codes.slice(0, 8).join(', ')}${codes.length > 8 ? ', …' : ''}).`,
      );
    }
    return soleUnitScope(db);
  });
}

async function soleUnitScope(db: DbOrTrx): Promise<UnitScope> {
  const id = await firstUnitId(db);
  if (id === null) throw new Error('belum ada unit: buka Lumbung di peramban untuk penyiapan awal.');
  return unitScope(id);
}

/**
 * Work of the installation itself, with no user (a scheduled backup): recorded in the unit at the
 * root of its tree (Ditjenpas; a single-unit installation's only unit).
 */
export async function asInstallation<T>(db: DbOrTrx, fn: () => Promise<T>): Promise<T> {
  const id = await installationWide(() => rootUnitId(db));
  return id === null ? installationWide(fn) : withUnitScope(unitScope(id), fn);
}

/** Which roles make sense on a unit: a Kanwil or Ditjenpas reads and manages, it does not farm. */
export function rolesFor(kind: UnitKind): readonly Role[] {
  return kind === 'upt' ? ROLES : ['pimpinan', 'admin'];
}

/** Where each kind of unit sits: a Kanwil under Ditjenpas, a UPT under a Kanwil (or on its own). */
const PARENT_KIND: Record<UnitKind, UnitKind | null> = { national: null, kanwil: 'national', upt: 'kanwil' };

export async function getUnit(db: DbOrTrx, id: number): Promise<Unit> {
  const unit = await installationWide(() => findUnit(db, id));
  if (!unit) throw new NotFoundError('Unit tidak ditemukan.');
  return unit;
}

/** The tree in reading order (each unit after its parent), with its depth and people, for the installation admin. */
export async function unitTree(db: DbOrTrx) {
  return installationWide(async () => {
    const units = await allUnits(db);
    const people = await peoplePerUnit(db);
    const byParent = new Map<number | null, typeof units>();
    for (const u of units) byParent.set(u.parent_id, [...(byParent.get(u.parent_id) ?? []), u]);
    const rows: Array<(typeof units)[number] & { depth: number; people: number }> = [];
    const walk = (parent: number | null, depth: number) => {
      for (const u of byParent.get(parent) ?? []) {
        rows.push({ ...u, depth, people: people.get(u.id) ?? 0 });
        walk(u.id, depth + 1);
      }
    };
    walk(null, 0);
    return rows;
  });
}

/** The units a unit of this kind may sit under (none for Ditjenpas). */
export async function parentChoices(db: DbOrTrx, kind: UnitKind): Promise<Array<{ id: number; name: string }>> {
  const wanted = PARENT_KIND[kind];
  if (!wanted) return [];
  return (await installationWide(() => allUnits(db))).filter((u) => u.kind === wanted).map((u) => ({ id: u.id, name: u.name }));
}

async function checkPlace(trx: DbOrTrx, input: UnitFormInput, id: number | null): Promise<void> {
  const clash = await findUnitByCode(trx, input.code);
  if (clash && clash.id !== id) throw new ValidationError({ code: `Kode ${input.code} sudah dipakai ${clash.name}.` });
  if (input.kind === 'national') {
    if (input.parent_id !== null) throw new ValidationError({ parent_id: 'Ditjenpas tidak berinduk.' });
    const other = (await allUnits(trx)).find((u) => u.kind === 'national' && u.id !== id);
    if (other) throw new ValidationError({ kind: `Sudah ada unit nasional: ${other.name}.` });
    return;
  }
  if (input.parent_id === null) {
    if (input.kind === 'kanwil' && (await allUnits(trx)).some((u) => u.kind === 'national'))
      throw new ValidationError({ parent_id: 'Pilih induknya: Ditjenpas.' });
    return;
  }
  const parent = await findUnit(trx, input.parent_id);
  if (!parent || parent.kind !== PARENT_KIND[input.kind] || parent.id === id)
    throw new ValidationError({
      parent_id: input.kind === 'upt' ? 'Induk UPT harus sebuah Kantor Wilayah.' : 'Induk Kantor Wilayah harus Ditjenpas.',
    });
}

function unitValues(input: UnitFormInput) {
  return {
    kind: input.kind,
    parent_id: input.kind === 'national' ? null : input.parent_id,
    name: input.name,
    code: input.code,
    upt_type: input.kind === 'upt' ? (input.upt_type ?? uptTypeOf(input.name)) : null,
    active: input.active,
  };
}

/**
 * A new unit from the installation admin's page, recorded in the installation's audit trail. A UPT
 * starts with the programme's first commodities; whoever makes Ditjenpas becomes its admin, so
 * making the national root never locks its maker out of the installation's pages.
 */
export async function createUnit(db: Db, input: UnitFormInput, actorId: number): Promise<number> {
  // One transaction over the installation: the unit, then its first rows in its own scope.
  return installationWide(() =>
    db.transaction().execute(async (trx) => {
      await checkPlace(trx, input, null);
      const now = nowIso();
      const id = await insertUnit(trx, { ...unitValues(input), created_at: now, updated_at: now });
      await withUnitScope(unitScope(id), async () => {
        if (input.kind === 'upt') await addStarterCommodities(trx);
        if (input.kind === 'national') await insertRole(trx, actorId, 'admin');
        await recordAudit(trx, { userId: actorId, action: 'create', entity: 'unit', entityId: id, after: unitValues(input) });
      });
      return id;
    }),
  );
}

/** Name, code, type, parent and whether it is in use; its kind stays what it was made as. */
export async function editUnit(db: Db, id: number, input: UnitFormInput, actorId: number): Promise<void> {
  await installationWide(() =>
    db.transaction().execute(async (trx) => {
      const unit = await findUnit(trx, id);
      if (!unit) throw new NotFoundError('Unit tidak ditemukan.');
      const wanted = { ...input, kind: unit.kind };
      await checkPlace(trx, wanted, id);
      if (!wanted.active && id === (await rootUnitId(trx)))
        throw new ValidationError({ active: 'Unit puncak instalasi tidak dapat dinonaktifkan.' });
      const after = unitValues(wanted);
      await changeUnit(trx, id, { ...after, updated_at: nowIso() });
      const before = {
        kind: unit.kind,
        parent_id: unit.parent_id,
        name: unit.name,
        code: unit.code,
        upt_type: unit.upt_type,
        active: unit.active,
      };
      await withUnitScope(unitScope(id), () =>
        recordAudit(trx, { userId: actorId, action: 'update', entity: 'unit', entityId: id, before, after }),
      );
    }),
  );
}

/** The people holding roles on a unit, one row each with their roles in the roles' own order. */
export async function peopleOf(db: DbOrTrx, unitId: number) {
  const rows = await withUnitScope(unitScope(unitId), () => rolesInUnit(db));
  const people = new Map<number, { id: number; username: string; full_name: string; active: number; roles: Role[] }>();
  for (const r of rows) {
    const p = people.get(r.id) ?? { id: r.id, username: r.username, full_name: r.full_name, active: r.active, roles: [] };
    p.roles.push(r.role);
    people.set(r.id, p);
  }
  for (const p of people.values()) p.roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  return [...people.values()];
}

/** Every unit of the installation, flat (the oversight pages walk it for an area's UPT). */
export function allUnitsFlat(db: DbOrTrx) {
  return installationWide(() => allUnits(db));
}

/** The installation's root unit (Ditjenpas, or a single UPT), or undefined before the first-run page. */
export function rootUnit(db: DbOrTrx): Promise<Unit | undefined> {
  return installationWide(async () => {
    const id = await rootUnitId(db);
    return id === null ? undefined : findUnit(db, id);
  });
}

/** The day of the next month a month's report is due, kept on the root unit (issue 18). */
export async function setReportDeadlineDay(db: DbOrTrx, rootId: number, day: number): Promise<void> {
  await changeUnit(db, rootId, { report_deadline_day: day, updated_at: nowIso() });
}
