// The unit tree: Ditjenpas (national) → Kanwil → UPT. A single-unit installation is one UPT, made on
// the first-run page.
import type { DbOrTrx } from '../../db/connect.ts';
import { installationWide, unitScope, withUnitScope, type UnitScope } from '../../db/unit-scope.ts';
import type { UptType } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { countUnits, firstUnitId, insertUnit, updateUnit } from './units.queries.ts';
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

/**
 * The unit a user works in. One unit per installation for now: the installation's unit. (Roles on
 * several units, and a user's choice between them, come with the units' own pages.)
 */
export async function workingUnitOf(db: DbOrTrx, _userId: number): Promise<number | null> {
  return firstUnitId(db);
}

/**
 * The scope of a command (a report, a stock check) on the installation: its one UPT. An installation
 * of several units has no single unit to assume: the command says so instead of guessing.
 */
export async function soleUnitScope(db: DbOrTrx): Promise<UnitScope> {
  if ((await countUnits(db)) > 1)
    throw new Error('instalasi ini berisi beberapa unit; perintah ini baru dapat dipakai pada instalasi satu unit.');
  const id = await firstUnitId(db);
  if (id === null) throw new Error('belum ada unit: buka Lumbung di peramban untuk penyiapan awal.');
  return unitScope(id);
}

/**
 * Work of the installation itself, with no user (a scheduled backup): recorded in the unit at the
 * root of its tree (its first unit: a single-unit installation's only one).
 */
export async function asInstallation<T>(db: DbOrTrx, fn: () => Promise<T>): Promise<T> {
  const id = await firstUnitId(db);
  return id === null ? installationWide(fn) : withUnitScope(unitScope(id), fn);
}
