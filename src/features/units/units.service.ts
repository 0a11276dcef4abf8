// The unit tree: Ditjenpas (national) → Kanwil → UPT. A single-unit installation is one UPT, made on
// the first-run page.
import type { DbOrTrx } from '../../db/connect.ts';
import { installationWide, unitScope, withUnitScope, type UnitScope } from '../../db/unit-scope.ts';
import type { Role, UptType } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { allUnits, countUnits, findUnitByCode, firstUnitId, insertUnit, membershipsOf, rootUnitId, updateUnit } from './units.queries.ts';
import type { FirstUnitInput } from './units.schema.ts';

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
    await updateUnit(trx, existing, {
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
}

/**
 * The units a user may open: those the user holds roles on, and — for roles on a Kanwil or on
 * Ditjenpas — every UPT below, read only. Asked over the whole installation: it decides the scope.
 */
export function viewableUnits(db: DbOrTrx, userId: number) {
  return installationWide(async () => {
    const memberships = (await membershipsOf(db, userId)).filter((m) => m.active === 1);
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
  const units = await viewableUnits(db, userId);
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
  return { unitId: chosen, unitName: u.name, roles: [...u.roles].sort(), writable: u.writable, choices: units.size, installationAdmin };
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
