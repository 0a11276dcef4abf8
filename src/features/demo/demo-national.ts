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
import { NATIONAL_UPT, STANDALONE_UPT } from './demo-national-units.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { openConfigured } from '../../db/connect.ts';
import { fileStoreFor } from '../../db/file-store.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { declareHarvestDay } from '../oversight/oversight.harvest-day.ts';
import { importSignedFile } from '../oversight/oversight.import.ts';
import { issueReportKey } from '../oversight/oversight.import.ts';
import { areaOf } from '../oversight/oversight.service.ts';
import { reportMonths, reviewMonth } from '../reports/reports.archive.ts';
import { saveReportLink, signedFileOf } from '../reports/reports.signed.ts';
import { setupFirstAdmin } from '../users/users.service.ts';
import { KANWIL, type KanwilKey } from './demo-upt.ts';
import type { DemoUser } from './demo-plan.ts';
import { createDemoUser, DEMO_PASSWORD, DEMO_REFUSED_MESSAGE, DemoRefused, seedDemoBlora, seedUnit } from './demo.service.ts';

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
  /** What the reporting loop shows: reviews, the import, the national day. */
  loop?: string[];
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
  const { rootAdmin, nationalHead } = await withUnitScope(unitScope(tree.national), async () => {
    const id = await createDemoUser(db, INSTALLATION_ADMIN, blora.adminId);
    return { rootAdmin: id, nationalHead: await createDemoUser(db, NATIONAL_USER, id) };
  });
  user(INSTALLATION_ADMIN, NATIONAL_UNIT.name);
  user(NATIONAL_USER, NATIONAL_UNIT.name);
  summary.units.push({ depth: 0, ...NATIONAL_UNIT });

  const kanwilHead = {} as Record<KanwilKey, number>;
  for (const key of Object.keys(KANWIL) as KanwilKey[]) {
    kanwilHead[key] = await withUnitScope(unitScope(tree.kanwil[key]), () => createDemoUser(db, KANWIL_USERS[key], rootAdmin));
    user(KANWIL_USERS[key], KANWIL[key].name);
    summary.units.push({ depth: 1, code: KANWIL[key].code, name: KANWIL[key].name });
    if (key === 'jateng') summary.units.push(row);
    for (const [i, u] of NATIONAL_UPT.entries()) {
      if (u.kanwil !== key) continue;
      const done = await withUnitScope(unitScope(tree.upts[i]!), async () => {
        const adminId = await createDemoUser(db, u.admin, rootAdmin);
        const seeded = await seedUnit(db, files, u.unit, adminId);
        const finals = await finaliseMonths(
          db,
          u.unit.farm.from,
          OPEN_MONTHS[u.prefix] ?? 1,
          seeded.users[`${u.prefix}.pimpinan`]!,
          FINALISE_DAY[u.prefix],
        );
        return { ...seeded.counts, finals };
      });
      user(u.admin, u.unit.name);
      for (const x of u.unit.users) user(x, u.unit.name);
      summary.units.push({ depth: 2, name: u.unit.name, code: u.unit.code, ...done });
    }
  }

  // The reporting loop: the Kanwil heads review, one UPT reports from its own box, one national day.
  const standalone = await seedStandalone(db, tree.kanwil.jateng, rootAdmin, kanwilHead.jateng);
  // Listed with the other UPT of Jawa Tengah; its people are on its own box, not here.
  const afterJateng = summary.units.findIndex((u) => u.code === KANWIL.diy.code);
  summary.units.splice(afterJateng, 0, {
    depth: 2,
    name: `${STANDALONE_UPT.unit.name} (instalasi sendiri, laporan diimpor)`,
    code: STANDALONE_UPT.unit.code,
    ...standalone,
  });
  summary.loop = await reviewFinals(db, tree.upts, kanwilHead);
  const nation = await areaOf(db, tree.national);
  const day = await declareHarvestDay(
    db,
    nation,
    { day: NATIONAL_DAY.day, name: NATIONAL_DAY.name, note: NATIONAL_DAY.note },
    nationalHead,
  );
  summary.loop.push(`hari panen nasional ${NATIONAL_DAY.name} ${NATIONAL_DAY.day} (papan /harvest-days/${day})`);
  return summary;
}

/** The Panen Raya Serentak of the UPT' own events, declared nationally. */
const NATIONAL_DAY = {
  day: '2026-01-15',
  name: 'Panen Raya Serentak Ketahanan Pangan',
  note: 'Serentak di seluruh UPT, bersama Menteri secara daring.',
};

/**
 * The Kanwil heads of Jawa Tengah and DI Yogyakarta accept each final month of their UPT but the
 * last, still to check; Jawa Tengah returns Lapas Pati's last one with a reason. Jawa Timur has
 * checked nothing yet.
 */
async function reviewFinals(db: Db, upts: number[], head: Record<KanwilKey, number>): Promise<string[]> {
  const lines: string[] = [];
  for (const [i, u] of NATIONAL_UPT.entries()) {
    if (u.kanwil === 'jatim') continue;
    const unitId = upts[i]!;
    const months = await withUnitScope(unitScope(unitId), async () =>
      (await reportMonths(db))
        .filter((m) => m.final)
        .map((m) => m.month)
        .sort(),
    );
    for (const month of months.slice(0, -1)) await reviewMonth(db, unitId, month, head[u.kanwil], 'accepted', null);
    const last = months.at(-1);
    if (last && u.prefix === 'pati') {
      await reviewMonth(db, unitId, last, head[u.kanwil], 'returned', 'Susut cabai 12 kg belum dijelaskan di catatan; mohon dilengkapi.');
      lines.push(`${u.unit.name}: laporan ${last} dikembalikan Kanwil`);
    }
    lines.push(`${u.unit.name}: ${Math.max(0, months.length - 1)} laporan diterima Kanwil`);
  }
  return lines;
}

/**
 * Lapas Terbuka Kendal runs Lumbung on its own box: seeded in a database of its own (a temporary
 * file), its months finalised there, the last one signed with the key the centre issued and
 * imported by its Kanwil head — as the real loop does, with no network between them.
 */
async function seedStandalone(db: Db, kanwilId: number, rootAdmin: number, kanwilHeadId: number) {
  const s = STANDALONE_UPT;
  const unitId = await installationWide(() => addUnitToTree(db, { kind: 'upt', code: s.unit.code, name: s.unit.name, parentId: kanwilId }));
  const credential = await issueReportKey(db, unitId, rootAdmin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-kendal-'));
  const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', LOG_LEVEL: 'silent', SESSION_SECRET: 'k'.repeat(40) });
  const box = await openConfigured(config);
  try {
    await migrateToLatest(box.db);
    const { userId, unitId: own } = await setupFirstAdmin(
      box.db,
      { ...s.admin, password: DEMO_PASSWORD, password_confirm: DEMO_PASSWORD },
      { unit_name: s.unit.name, unit_code: s.unit.code },
    );
    const { file, counts, finals } = await withUnitScope(unitScope(own), async () => {
      const seeded = await seedUnit(box.db, fileStoreFor(box.db, config), s.unit, userId);
      const finals = await finaliseMonths(box.db, s.unit.farm.from, 1, seeded.users[`${s.prefix}.pimpinan`]!, FINALISE_DAY[s.prefix]);
      await saveReportLink(box.db, { credential, central_url: null }, userId);
      return { file: await signedFileOf(box.db, shiftMonth(currentMonth(), -2)), counts: seeded.counts, finals };
    });
    await importSignedFile(db, file.json, { kind: 'upload', userId: kanwilHeadId, area: await areaOf(db, kanwilId) });
    return { ...counts, finals };
  } finally {
    await box.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The unit's monthly reports made final by its head, from its first month on, all but the last
 * `open` finished months, each early in the next month (on `day`): so the reporting rate has a
 * history of on-time and late reports.
 */
async function finaliseMonths(db: Db, from: string, open: number, headId: number, day = 5): Promise<number> {
  const last = shiftMonth(currentMonth(), -1 - open);
  let n = 0;
  for (let month = from.slice(0, 7); month <= last; month = shiftMonth(month, 1)) {
    await finaliseMonth(db, month, headId, '', `${shiftMonth(month, 1)}-${String(day).padStart(2, '0')}T02:30:00.000Z`);
    n++;
  }
  return n;
}

/** The day of the next month each UPT finalises on: most before the deadline (the 10th), Kutoarjo after it. */
const FINALISE_DAY: Record<string, number> = { pati: 6, purwodadi: 8, kutoarjo: 13, yogya: 4, wonosari: 9, malang: 7, kendal: 5 };
