// Demo data for trying the app: one UPT with users of each role, its letterhead and heads of unit,
// its commodities and a farm's worth of records. `seedDemo` makes Rutan Blora alone; the national
// demo (demo-national.ts) makes several units the same way.
import type { Db } from '../../db/connect.ts';
import { unitScope, withUnitScope } from '../../db/unit-scope.ts';
import type { FileStore } from '../../db/file-store.ts';
import { previousDay } from '../../lib/time.ts';
import { createCommodity } from '../commodities/commodities.service.ts';
import { addSignatory, saveSettings } from '../settings/settings.service.ts';
import { createUser, hasAnyUser, setupFirstAdmin } from '../users/users.service.ts';
import { BLORA, BLORA_ADMIN } from './demo-blora.ts';
import { seedFarm, type FarmCounts } from './demo-farm.ts';
import type { DemoUnit, DemoUser } from './demo-plan.ts';

export const DEMO_PASSWORD = 'lumbung-demo';

export class DemoRefused extends Error {}

export const DEMO_REFUSED_MESSAGE = 'Basis data ini sudah berisi pengguna; data demo hanya untuk basis data yang masih kosong.';

/** The demo's users share a published password on purpose: no change asked at the first login. */
export function createDemoUser(db: Db, user: DemoUser, actorId: number): Promise<number> {
  return createUser(db, { ...user, password: DEMO_PASSWORD, password_confirm: DEMO_PASSWORD }, actorId, { mustChange: false });
}

/** Fills a fresh database with Rutan Blora; refuses one that already has users, so real data is never mixed in. */
export async function seedDemo(db: Db, files: FileStore): Promise<string[]> {
  const { log } = await seedDemoBlora(db, files);
  return log;
}

/** Rutan Blora as the first-run page makes it, then its records: the start of both demos. */
export async function seedDemoBlora(
  db: Db,
  files: FileStore,
): Promise<{ unitId: number; adminId: number; log: string[]; counts: FarmCounts }> {
  if (await hasAnyUser(db)) throw new DemoRefused(DEMO_REFUSED_MESSAGE);
  const { userId: adminId, unitId } = await setupFirstAdmin(
    db,
    { ...BLORA_ADMIN, password: DEMO_PASSWORD, password_confirm: DEMO_PASSWORD },
    { unit_name: BLORA.name, unit_code: BLORA.code },
  );
  // Everything after this belongs to Rutan Blora.
  const { log, counts } = await withUnitScope(unitScope(unitId), () => seedUnit(db, files, BLORA, adminId));
  return { unitId, adminId, log: [`pengguna ${BLORA_ADMIN.username}`, ...log], counts };
}

const dayMonthYear = (iso: string) => iso.split('-').reverse().join('-');

/** One UPT's users, letterhead, heads, commodities and farm, in the unit scope the caller set; `adminId` is its admin. */
export async function seedUnit(
  db: Db,
  files: FileStore,
  unit: DemoUnit,
  adminId: number,
): Promise<{ log: string[]; counts: FarmCounts; users: Record<string, number> }> {
  const log: string[] = [];
  const ids: Record<string, number> = {};
  for (const u of unit.users) {
    ids[u.username] = await createDemoUser(db, u, adminId);
    log.push(`pengguna ${u.username}`);
  }
  const byRole = (role: 'petugas' | 'staf') => unit.users.find((u) => u.roles.includes(role))!.username;

  // In force since before the first demo record, so old demo papers print it too.
  await saveSettings(db, files, unit.letterhead, { logo: null, removeLogo: false, effectiveFrom: unit.letterheadFrom }, adminId);
  log.push(`kop surat ${unit.name}`);

  // Each head from a day; adding the next closes the one before on the day before.
  for (const h of unit.heads)
    await addSignatory(
      db,
      { position: 'kepala_rutan', title: unit.headTitle, name: h.name, nip: h.nip, valid_from: h.from, valid_to: null },
      adminId,
    );
  const terms = unit.heads.map((h, i) => {
    const next = unit.heads[i + 1];
    return next ? `${h.name} s.d. ${dayMonthYear(previousDay(next.from))}` : `${h.name} mulai ${dayMonthYear(h.from)}`;
  });
  log.push(`${unit.headTitle.replace(/ Kelas .*/, '')}: ${terms.join(', ')}`);

  for (const c of unit.commodities) await createCommodity(db, c, adminId);
  if (unit.commodities.length) log.push(`komoditas: ${unit.commodities.map((c) => c.name).join(', ')}`);

  const farm = await seedFarm(db, unit.farm, { adminId, petugasId: ids[byRole('petugas')]!, stafId: ids[byRole('staf')]! });
  log.push(...farm.log);
  return { log, counts: farm.counts, users: ids };
}
