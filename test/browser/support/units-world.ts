// Two UPT under one Kanwil in one installation (issue 17), filled through the app's own services in
// each unit's scope before the server opens the data folder: a plot, a harvest, a recipient and a
// handover with its receipt per UPT, a pimpinan of the Kanwil, and a petugas and a staf of each UPT.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../src/config.ts';
import { openConfigured, type Db } from '../../../src/db/connect.ts';
import { fileStoreFor, type FileStore } from '../../../src/db/file-store.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { installationWide, unitScope, withUnitScope } from '../../../src/db/unit-scope.ts';
import { wibDate, wibTime } from '../../../src/lib/time.ts';
import { createCommodity } from '../../../src/features/commodities/commodities.service.ts';
import { createHandover } from '../../../src/features/distributions/distributions.service.ts';
import { createHarvest } from '../../../src/features/harvests/harvests.service.ts';
import { createLocation } from '../../../src/features/locations/locations.service.ts';
import { createRecipient } from '../../../src/features/recipients/recipients.service.ts';
import { saveSettings } from '../../../src/features/settings/settings.service.ts';
import { insertUnit } from '../../../src/features/units/units.queries.ts';
import { createUser, setupFirstAdmin } from '../../../src/features/users/users.service.ts';

export const WORLD_PASSWORD = 'Kebun-Lumbung-2026';

/** What one UPT holds: words and figures only its own pages may show, and its records' ids. */
export interface UptRecords {
  unitId: number;
  name: string;
  petugas: string;
  staf: string;
  /** The staf's user id (a maker the unit's report may name). */
  stafId: number;
  /** Words that appear on its harvest list, stock and dashboard and nowhere in the other unit. */
  marks: { commodity: string; plot: string; weight: string; recipient: string; officer: string };
  harvestId: number;
  recipientId: number;
  distributionId: number;
  receiptNo: string;
}

export interface UnitsWorld {
  kanwil: { unitId: number; name: string; username: string; fullName: string };
  blora: UptRecords;
  pati: UptRecords;
}

interface UptPlan {
  name: string;
  code: string;
  letterhead: string;
  address: string;
  city: string;
  people: { petugas: [string, string]; staf: [string, string] };
  /** A commodity the unit adds itself (null: one of the installation's first four). */
  ownCommodity: string | null;
  commodity: string;
  plot: string;
  grams: number;
  weight: string;
  recipient: { name: string; nik: string; address: string; village: string; district: string };
  handedGrams: number;
}

const BLORA: UptPlan = {
  name: 'Rutan Kelas IIB Blora',
  code: 'RTNBLORA',
  letterhead: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
  address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
  city: 'Blora',
  people: { petugas: ['petugas.blora', 'Slamet Riyadi'], staf: ['staf.blora', 'Dewi Lestari'] },
  ownCommodity: null,
  commodity: 'Terong',
  plot: 'Lahan Blok Melati',
  grams: 12_500,
  weight: '12,5 kg',
  recipient: { name: 'Sukinah', nik: '3316014402450010', address: 'Jl. Pemuda Gg. 5 No. 1', village: 'Kauman', district: 'Blora' },
  handedGrams: 2_000,
};

const PATI: UptPlan = {
  name: 'Lapas Kelas IIB Pati',
  code: 'LPSPATI',
  letterhead: 'LEMBAGA PEMASYARAKATAN KELAS IIB PATI',
  address: 'Jl. Dr. Wahidin No. 1, Pati, Jawa Tengah 59113',
  city: 'Pati',
  people: { petugas: ['petugas.pati', 'Bambang Sutejo'], staf: ['staf.pati', 'Siti Rukayah'] },
  ownCommodity: 'Kangkung',
  commodity: 'Kangkung',
  plot: 'Kebun Hidroponik Pati',
  grams: 7_250,
  weight: '7,25 kg',
  recipient: { name: 'Kasmirah', nik: '3318105807790003', address: 'Dukuh Ngablak RT 3', village: 'Margorejo', district: 'Margorejo' },
  handedGrams: 1_500,
};

const KANWIL = { name: 'Kanwil Jawa Tengah', code: 'KWJATENG', username: 'kanwil.jateng', fullName: 'Hendra Wijaya' };

const token = () => randomBytes(16).toString('hex');

/** Letterhead, people and one of each record in the UPT whose scope this runs in. */
async function fillUpt(db: Db, files: FileStore, unitId: number, plan: UptPlan, adminId: number): Promise<UptRecords> {
  const pw = { password: WORLD_PASSWORD, password_confirm: WORLD_PASSWORD, nip: null };
  const person = (role: 'petugas' | 'staf') => {
    const [username, full_name] = plan.people[role];
    return createUser(db, { username, full_name, position: null, roles: [role], ...pw }, adminId, { mustChange: false });
  };
  const petugasId = await person('petugas');
  const stafId = await person('staf');
  await saveSettings(
    db,
    files,
    {
      unit_name: plan.letterhead,
      unit_code: plan.code,
      ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
      kanwil_line: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
      address: plan.address,
      city: plan.city,
      phone: null,
      email: null,
      paper_size: 'a4',
      receipts_per_page: 1,
    },
    { logo: null, removeLogo: false, effectiveFrom: '2024-01-01' },
    adminId,
  );
  const commodityId = plan.ownCommodity
    ? await createCommodity(
        db,
        { name: plan.ownCommodity, kind: 'sayur', tracks_heads: 0, sort_order: 1, active: 1, national_code: null },
        adminId,
      )
    : (await db.selectFrom('commodities').select('id').where('name', '=', plan.commodity).executeTakeFirstOrThrow()).id;
  const plotId = await createLocation(db, { name: plan.plot, kind: 'lahan', area_m2: 400, note: null, active: 1 }, adminId);
  const today = wibDate();
  const harvest = await createHarvest(
    db,
    {
      commodity_id: commodityId,
      location_id: plotId,
      weight_g: plan.grams,
      heads: null,
      grade: null,
      harvest_date: today,
      harvest_time: wibTime(),
      workers: [],
      note: null,
      form_token: token(),
    },
    petugasId,
  );
  const r = plan.recipient;
  const recipientId = await createRecipient(
    db,
    {
      category: 'masyarakat',
      name: r.name,
      nik: r.nik,
      kk_number: null,
      inmate: null,
      relation: null,
      address: r.address,
      rt_rw: '002/006',
      village: r.village,
      district: r.district,
      phone: null,
      household_size: 3,
      note: null,
      active: 1,
      confirm_distinct: 0,
    },
    { id: stafId, roles: ['staf'] },
  );
  const handover = await createHandover(
    db,
    {
      recipient_id: recipientId,
      event_id: null,
      handed_on: today,
      officer_id: stafId,
      note: null,
      replaces_id: null,
      form_token: token(),
      items: [{ commodity_id: commodityId, qty_g: plan.handedGrams, heads: null, note: null }],
    },
    stafId,
  );
  const receipt = await db.selectFrom('distributions').select('receipt_no').where('id', '=', handover.id).executeTakeFirstOrThrow();
  return {
    unitId,
    name: plan.name,
    petugas: plan.people.petugas[0],
    staf: plan.people.staf[0],
    stafId,
    marks: { commodity: plan.commodity, plot: plan.plot, weight: plan.weight, recipient: r.name, officer: plan.people.petugas[1] },
    harvestId: harvest.id,
    recipientId,
    distributionId: handover.id,
    receiptNo: receipt.receipt_no,
  };
}

/** Fills a fresh data folder (SQLite) with the two units; the server is started on it afterwards. */
export async function seedUnitsWorld(dataDir: string): Promise<UnitsWorld> {
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const conn = await openConfigured(config);
  try {
    const db = conn.db;
    await migrateToLatest(db);
    const files = fileStoreFor(db, config);
    // The first-run page's work: Blora, the installation's first unit, and its admin.
    const { userId: adminId, unitId: bloraId } = await setupFirstAdmin(
      db,
      {
        username: 'admin.blora',
        full_name: 'Admin Rutan Blora',
        nip: null,
        position: null,
        password: WORLD_PASSWORD,
        password_confirm: WORLD_PASSWORD,
      },
      { unit_name: BLORA.name, unit_code: BLORA.code },
    );
    // No page makes the tree yet (a central installation is set up by its operator): the Kanwil,
    // Pati under it, and Blora moved under it.
    const { kanwilId, patiId } = await installationWide(async () => {
      const now = new Date().toISOString();
      const kanwilId = await insertUnit(db, {
        parent_id: null,
        kind: 'kanwil',
        upt_type: null,
        code: KANWIL.code,
        name: KANWIL.name,
        created_at: now,
        updated_at: now,
      });
      const patiId = await insertUnit(db, {
        parent_id: kanwilId,
        kind: 'upt',
        upt_type: 'lapas',
        code: PATI.code,
        name: PATI.name,
        created_at: now,
        updated_at: now,
      });
      await db.updateTable('units').set({ parent_id: kanwilId, updated_at: now }).where('id', '=', bloraId).execute();
      return { kanwilId, patiId };
    });
    await withUnitScope(unitScope(kanwilId), () =>
      createUser(
        db,
        {
          username: KANWIL.username,
          full_name: KANWIL.fullName,
          nip: null,
          position: 'Kepala Divisi Pemasyarakatan',
          roles: ['pimpinan'],
          password: WORLD_PASSWORD,
          password_confirm: WORLD_PASSWORD,
        },
        adminId,
        { mustChange: false },
      ),
    );
    const blora = await withUnitScope(unitScope(bloraId), () => fillUpt(db, files, bloraId, BLORA, adminId));
    const pati = await withUnitScope(unitScope(patiId), async () => {
      const patiAdmin = await createUser(
        db,
        {
          username: 'admin.pati',
          full_name: 'Admin Lapas Pati',
          nip: null,
          position: null,
          roles: ['admin'],
          password: WORLD_PASSWORD,
          password_confirm: WORLD_PASSWORD,
        },
        adminId,
        { mustChange: false },
      );
      return fillUpt(db, files, patiId, PATI, patiAdmin);
    });
    return { kanwil: { unitId: kanwilId, name: KANWIL.name, username: KANWIL.username, fullName: KANWIL.fullName }, blora, pati };
  } finally {
    await conn.close();
  }
}
