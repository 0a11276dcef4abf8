// Demo data for trying the app: users of each role, the Blora letterhead and its heads of unit.
// Later features add their own demo records here.
import { randomBytes } from 'node:crypto';
import { OUTFLOW_KINDS, OUTFLOW_WORDS, type OutflowKind } from '../../lib/movement-kinds.ts';
import type { Db } from '../../db/connect.ts';
import { unitScope, withUnitScope } from '../../db/unit-scope.ts';
import type { FileStore } from '../../db/file-store.ts';
import { wibDate } from '../../lib/time.ts';
import { backdateHarvestsToWhenHarvested, createHarvest } from '../harvests/harvests.service.ts';
import { createInmate } from '../inmates/inmates.service.ts';
import { createLocation } from '../locations/locations.service.ts';
import { backdateOutflowsToTheirDate, recordOutflow, stockOf } from '../stock/stock.service.ts';
import { addSignatory, saveSettings } from '../settings/settings.service.ts';
import { createUser, hasAnyUser, setupFirstAdmin } from '../users/users.service.ts';
import { aidOnDay, EVENT_DAYS, finishAid, prepareAid } from './demo-aid.ts';
import { prng } from '../../lib/random.ts';

/** The demo's outflows per kind: the cumulative chance on a day (upTo), the share of stock taken, sample fields, who records it. */
const DEMO_OUTFLOWS: Record<
  OutflowKind,
  {
    upTo: number;
    share: [number, number];
    by: 'petugas' | 'staf';
    rupiah?: true;
    parties?: string[];
    notes?: string[];
  }
> = {
  kitchen: { upTo: 0.25, share: [0.15, 0.35], by: 'petugas' },
  sale: { upTo: 0.29, share: [0.15, 0.35], by: 'staf', rupiah: true, parties: ['Koperasi Pegawai', 'Pasar Blora', 'Warung Bu Sri'] },
  loss: { upTo: 0.31, share: [0.02, 0.08], by: 'staf', notes: ['Busuk karena hujan', 'Rusak saat pengangkutan', 'Layu tidak terjual'] },
  grant: {
    upTo: 0.32,
    share: [0.1, 0.2],
    by: 'staf',
    parties: ['Panti Asuhan Al-Ikhlas', 'Pondok Pesantren Darul Ulum', 'Posyandu Melati'],
  },
};

export const DEMO_PASSWORD = 'lumbung-demo';

const DEMO_USERS = [
  { username: 'petugas', full_name: 'Slamet Riyadi', nip: '198703122010121001', position: 'Petugas Kebun', roles: ['petugas'] as const },
  { username: 'staf', full_name: 'Dewi Lestari', nip: '199001052015032002', position: 'Staf Distribusi', roles: ['staf'] as const },
  {
    username: 'pimpinan',
    full_name: 'Sugito',
    nip: '197505052000031002',
    position: 'Kepala Rutan Kelas IIB Blora',
    roles: ['pimpinan'] as const,
  },
];

export class DemoRefused extends Error {}

/** Fills a fresh database; refuses one that already has users, so real data is never mixed in. */
export async function seedDemo(db: Db, files: FileStore): Promise<string[]> {
  if (await hasAnyUser(db))
    throw new DemoRefused('Basis data ini sudah berisi pengguna; data demo hanya untuk basis data yang masih kosong.');
  const log: string[] = [];
  const pw = { password: DEMO_PASSWORD, password_confirm: DEMO_PASSWORD };
  const { userId: adminId, unitId } = await setupFirstAdmin(
    db,
    { username: 'admin', full_name: 'Admin Lumbung', nip: null, position: 'Pengelola Sistem', ...pw },
    { unit_name: 'Rutan Kelas IIB Blora', unit_code: 'RTNBLORA' },
  );
  log.push('pengguna admin');
  // Everything after this belongs to Rutan Blora.
  return withUnitScope(unitScope(unitId), async () => {
    const ids: Record<string, number> = {};
    for (const u of DEMO_USERS) {
      ids[u.username] = await createUser(db, { ...u, roles: [...u.roles], ...pw }, adminId, { mustChange: false });
      log.push(`pengguna ${u.username}`);
    }

    // In force since before the first demo harvest, so old demo papers print it too.
    await saveSettings(
      db,
      files,
      {
        unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
        unit_code: 'RTNBLORA',
        ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
        kanwil_line: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
        address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
        city: 'Blora',
        phone: '(0296) 531000',
        email: 'rutanblora@example.go.id',
        paper_size: 'f4',
        receipts_per_page: 1,
      },
      { logo: null, removeLogo: false, effectiveFrom: '2024-01-01' },
      adminId,
    );
    log.push('kop surat Rutan Kelas IIB Blora');

    // An invented change of head on 2025-03-01: Budi Hardiono, then Sugito.
    const head = { position: 'kepala_rutan' as const, title: 'Kepala Rutan Kelas IIB Blora' };
    await addSignatory(
      db,
      { ...head, name: 'Budi Hardiono', nip: '196808171990031003', valid_from: '2023-07-01', valid_to: null },
      adminId,
    );
    await addSignatory(db, { ...head, name: 'Sugito', nip: '197505052000031002', valid_from: '2025-03-01', valid_to: null }, adminId);
    log.push('Kepala Rutan: Budi Hardiono s.d. 28-02-2025, Sugito mulai 01-03-2025');

    log.push(...(await seedFarm(db, adminId, ids.petugas!, ids.staf!)));
    return log;
  });
}

const DEMO_INMATES = [
  ['Ahmad Fauzi', 'BI.123/2025'],
  ['Joko Susilo', 'BI.87/2025'],
  ['Rudi Hartono', 'AIII.45/2026'],
  ['Sutrisno', 'BI.201/2024'],
  ['Dedi Kurniawan', 'BI.56/2025'],
  ['Agus Salim', 'AIII.12/2025'],
  ['Wahyu Pratama', 'BI.310/2024'],
  ['Slamet', 'BII.9/2025'],
  ['Eko Prasetyo', 'BI.144/2025'],
  ['Bambang Irawan', 'AIII.70/2026'],
] as const;

/**
 * Harvests from 1 November 2024 until yesterday — several a week per commodity, plausible
 * weights — with kitchen use, sales and the odd loss, all through the services (ledger, audit).
 */
async function seedFarm(db: Db, adminId: number, petugasId: number, stafId: number): Promise<string[]> {
  const rnd = prng(20241101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
  const loc = async (name: string, kind: 'lahan' | 'kolam', area: number) =>
    createLocation(db, { name, kind, area_m2: area, note: null, active: 1 }, adminId);
  const plots = [
    await loc('Lahan Blok A', 'lahan', 1200),
    await loc('Lahan Blok B', 'lahan', 800),
    await loc('Lahan Belakang Dapur', 'lahan', 300),
  ];
  const ponds = [await loc('Kolam 1', 'kolam', 60), await loc('Kolam 2', 'kolam', 60)];
  for (const [name, reg] of DEMO_INMATES)
    await createInmate(db, { name, reg_number: reg, block: pick(['Blok A', 'Blok B', 'Blok C']), active: 1 }, adminId);
  const workers = DEMO_INMATES.map(([name, reg]) => `${reg} — ${name}`);
  const token = () => randomBytes(16).toString('hex');
  const aid = await prepareAid(db, adminId, stafId);
  const eventDays: string[] = Object.values(EVENT_DAYS);

  // commodity id → [chance per day, min kg, max kg]
  const veg: Record<number, [number, number, number]> = { 1: [0.4, 12, 38], 2: [0.35, 0.8, 4.5], 3: [0.4, 10, 32] };
  let harvests = 0;
  let outflows = 0;
  const end = wibDate(new Date(Date.now() - 86_400_000));
  for (let d = new Date('2024-11-01T12:00:00Z'); wibDate(d) <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = wibDate(d);
    const hh = String(6 + Math.floor(rnd() * 4)).padStart(2, '0');
    const time = `${hh}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`;
    // On an event day everything is picked in the morning, so there is produce to hand out.
    const big = eventDays.includes(day);
    for (const [id, [chance, lo, hi]] of Object.entries(veg)) {
      if (rnd() > chance && !big) continue;
      await createHarvest(
        db,
        {
          commodity_id: Number(id),
          location_id: pick(plots),
          weight_g: Math.round(between(big ? hi : lo, hi * (big ? 2 : 1)) * 10) * 100,
          heads: null,
          grade: pick(['A', 'A', 'B', 'B', 'C', null] as const),
          harvest_date: day,
          harvest_time: time,
          workers: [pick(workers), pick(workers)],
          note: null,
          form_token: token(),
        },
        petugasId,
      );
      harvests++;
    }
    // Each pond is drained about every two weeks; lele by weight and head count.
    for (const pond of ponds) {
      if (rnd() > 0.07 && !(day === EVENT_DAYS.panenRaya && pond === ponds[0])) continue;
      const kg = between(20, 60);
      await createHarvest(
        db,
        {
          commodity_id: 4,
          location_id: pond,
          weight_g: Math.round(kg * 10) * 100,
          heads: Math.round(kg * between(6, 8)),
          grade: 'A',
          harvest_date: day,
          harvest_time: time,
          workers: [pick(workers)],
          note: null,
          form_token: token(),
        },
        petugasId,
      );
      harvests++;
    }
    await aidOnDay(db, aid, day, rnd);
    // The kitchen takes part of the stock on most weekdays; a few sales and losses a month.
    for (const id of [1, 2, 3, 4]) {
      const stock = await stockOf(db, id);
      if (stock.qty_g < 2000) continue;
      const roll = rnd();
      // Each outflow kind of the registry has its share of days and its sample fields (a missing kind fails to compile).
      const kind = OUTFLOW_KINDS.find((k) => roll < DEMO_OUTFLOWS[k].upTo);
      if (!kind) continue;
      const sample = DEMO_OUTFLOWS[kind];
      const share = between(...sample.share);
      const qty = Math.round((stock.qty_g * share) / 100) * 100;
      const heads = id === 4 ? Math.min(stock.heads, Math.round((qty / 1000) * 7)) : null;
      await recordOutflow(
        db,
        {
          kind,
          commodity_id: id,
          out_date: day,
          qty_g: qty,
          heads,
          form_token: token(),
          amount_rp: sample.rupiah ? Math.round(((qty / 1000) * (id === 2 ? 40_000 : id === 4 ? 25_000 : 8_000)) / 500) * 500 : null,
          party: sample.parties ? pick(sample.parties) : null,
          note: sample.notes ? pick(sample.notes) : null,
        },
        sample.by === 'petugas' ? petugasId : stafId,
      );
      outflows++;
    }
  }
  // Entered on the day they happened, as an officer would have: old entries are not editable by a petugas today.
  await backdateHarvestsToWhenHarvested(db);
  await backdateOutflowsToTheirDate(db);
  const aidLog = await finishAid(db, aid);
  return [
    `lahan dan kolam: ${plots.length + ponds.length}`,
    `WBP: ${DEMO_INMATES.length}`,
    `panen: ${harvests}`,
    `pengeluaran (${OUTFLOW_WORDS}): ${outflows}`,
    ...aidLog,
  ];
}
