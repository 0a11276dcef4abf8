// The national demo (`npm run seed:national`): Ditjenpas → three Kanwil → seven UPT in one
// installation, Rutan Blora being exactly the one-unit demo, with users on every level.
import type { Db } from '../../db/connect.ts';
import type { FileStore } from '../../db/file-store.ts';
import { installationWide, unitScope, withUnitScope } from '../../db/unit-scope.ts';
import type { Role } from '../../db/database.ts';
import { shiftMonth } from '../../lib/time.ts';
import { currentMonth, finaliseMonth } from '../reports/reports.archive.ts';
import { addUnitToTree, placeUnitUnder } from '../units/units.service.ts';
import { hasAnyUser } from '../users/users.service.ts';
import { BLORA, BLORA_ADMIN } from './demo-blora.ts';
import { NATIONAL_UPT } from './demo-national-units.ts';
import { KANWIL, type KanwilKey } from './demo-upt.ts';
import type { DemoUser } from './demo-plan.ts';
import { createDemoUser, DEMO_REFUSED_MESSAGE, DemoRefused, seedDemoBlora, seedUnit } from './demo.service.ts';

export const NATIONAL_UNIT = { code: 'DITJENPAS', name: 'Direktorat Jenderal Pemasyarakatan' };

/** Admin of the root unit: the installation's backups and public address are theirs. */
const INSTALLATION_ADMIN: DemoUser = {
  username: 'ditjenpas.admin',
  full_name: 'Admin Lumbung Nasional',
  nip: null,
  position: 'Pengelola Sistem Nasional',
  roles: ['admin'],
};
const NATIONAL_USER: DemoUser = {
  username: 'ditjenpas',
  full_name: 'Rahmat Hidayatullah',
  nip: '197201152000031001',
  position: 'Direktorat Pembinaan, Ditjenpas',
  roles: ['pimpinan'],
};
const KANWIL_USERS: Record<KanwilKey, DemoUser> = {
  jateng: {
    username: 'kanwil.jateng',
    full_name: 'Supriyanto',
    nip: '197308241998031002',
    position: 'Kepala Bidang Pembinaan, Kanwil Ditjenpas Jawa Tengah',
    roles: ['pimpinan'],
  },
  diy: {
    username: 'kanwil.diy',
    full_name: 'Retno Widyastuti',
    nip: '197611032001122001',
    position: 'Kepala Bidang Pembinaan, Kanwil Ditjenpas DI Yogyakarta',
    roles: ['pimpinan'],
  },
  jatim: {
    username: 'kanwil.jatim',
    full_name: 'Achmad Fauzan',
    nip: '197005171995031001',
    position: 'Kepala Bidang Pembinaan, Kanwil Ditjenpas Jawa Timur',
    roles: ['pimpinan'],
  },
};

/**
 * Finished months each UPT has not finalised yet: most have last month still open (its report is
 * being drawn up); Rutan Wonosari is two months further behind, so its Kanwil has late reports to chase.
 */
const OPEN_MONTHS: Record<string, number> = { wonosari: 3 };

export interface NationalSummary {
  units: Array<{ depth: number; name: string; code: string; harvests?: number; outflows?: number; receipts?: number; finals?: number }>;
  users: Array<{ username: string; unit: string; roles: Role[] }>;
}

export async function seedNational(db: Db, files: FileStore): Promise<NationalSummary> {
  if (await hasAnyUser(db)) throw new DemoRefused(DEMO_REFUSED_MESSAGE);
  // Rutan Blora first, as a fresh installation's first-run page makes it; the tree is built around it.
  const blora = await seedDemoBlora(db, files);
  const summary: NationalSummary = { units: [], users: [] };
  const row = { depth: 2, name: BLORA.name, code: BLORA.code, ...blora.counts, finals: 0 };
  const user = (u: DemoUser, unit: string) => summary.users.push({ username: u.username, unit, roles: u.roles });
  user({ ...BLORA_ADMIN, roles: ['admin'] }, BLORA.name);
  for (const u of BLORA.users) user(u, BLORA.name);

  // The tree belongs to the whole installation, not to any unit.
  const tree = await installationWide(async () => {
    const national = await addUnitToTree(db, { kind: 'national', ...NATIONAL_UNIT, parentId: null });
    const kanwil = {} as Record<KanwilKey, number>;
    for (const key of Object.keys(KANWIL) as KanwilKey[])
      kanwil[key] = await addUnitToTree(db, { kind: 'kanwil', code: KANWIL[key].code, name: KANWIL[key].name, parentId: national });
    await placeUnitUnder(db, blora.unitId, kanwil.jateng);
    const upts: number[] = [];
    for (const u of NATIONAL_UPT)
      upts.push(await addUnitToTree(db, { kind: 'upt', code: u.unit.code, name: u.unit.name, parentId: kanwil[u.kanwil] }));
    return { national, kanwil, upts };
  });

  // Blora's admin ran the installation until the tree was made; it appoints the national admin, who takes over.
  const rootAdmin = await withUnitScope(unitScope(tree.national), async () => {
    const id = await createDemoUser(db, INSTALLATION_ADMIN, blora.adminId);
    await createDemoUser(db, NATIONAL_USER, id);
    return id;
  });
  user(INSTALLATION_ADMIN, NATIONAL_UNIT.name);
  user(NATIONAL_USER, NATIONAL_UNIT.name);
  summary.units.push({ depth: 0, ...NATIONAL_UNIT });

  for (const key of Object.keys(KANWIL) as KanwilKey[]) {
    await withUnitScope(unitScope(tree.kanwil[key]), () => createDemoUser(db, KANWIL_USERS[key], rootAdmin));
    user(KANWIL_USERS[key], KANWIL[key].name);
    summary.units.push({ depth: 1, code: KANWIL[key].code, name: KANWIL[key].name });
    if (key === 'jateng') summary.units.push(row);
    for (const [i, u] of NATIONAL_UPT.entries()) {
      if (u.kanwil !== key) continue;
      const done = await withUnitScope(unitScope(tree.upts[i]!), async () => {
        const adminId = await createDemoUser(db, u.admin, rootAdmin);
        const seeded = await seedUnit(db, files, u.unit, adminId);
        const finals = await finaliseMonths(db, u.unit.farm.from, OPEN_MONTHS[u.prefix] ?? 1, seeded.users[`${u.prefix}.pimpinan`]!);
        return { ...seeded.counts, finals };
      });
      user(u.admin, u.unit.name);
      for (const x of u.unit.users) user(x, u.unit.name);
      summary.units.push({ depth: 2, name: u.unit.name, code: u.unit.code, ...done });
    }
  }
  return summary;
}

/** The unit's monthly reports made final by its head, from its first month on, all but the last `open` finished months. */
async function finaliseMonths(db: Db, from: string, open: number, headId: number): Promise<number> {
  const last = shiftMonth(currentMonth(), -1 - open);
  let n = 0;
  for (let month = from.slice(0, 7); month <= last; month = shiftMonth(month, 1)) {
    await finaliseMonth(db, month, headId);
    n++;
  }
  return n;
}
