// The crash test's starting data, written straight into a fresh DATA_DIR before the first start:
// officers, the letterhead (receipt numbers need a unit code), plots, recipients and ample stock.
import { loadConfig } from '../../src/config.ts';
import { openConfigured } from '../../src/db/connect.ts';
import { setDefaultUnitScope } from '../../src/db/unit-scope.ts';
import { commandUnitScope } from '../../src/features/units/units.service.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { saveSettings } from '../../src/features/settings/settings.service.ts';
import { addLocation, addRecipient, addUser, token } from '../../test/support/app.ts';

export const COMMODITIES = [1, 2, 3, 4] as const;
export const LELE = 4;

export interface Seeded {
  petugas: string[];
  staf: Array<{ username: string; id: number }>;
  locations: number[];
  recipients: number[];
}

export async function seed(dataDir: string, clientsPerKind: number, databaseUrl?: string): Promise<Seeded> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const conn = await openConfigured(config);
  try {
    const db = conn.db;
    await migrateToLatest(db);
    // The fresh installation's one unit, as the first-run page leaves it.
    setDefaultUnitScope(await commandUnitScope(db));
    const adminId = await addUser(db, 'admin', ['admin']);
    const petugas: string[] = [];
    const staf: Seeded['staf'] = [];
    for (let i = 1; i <= clientsPerKind; i++) {
      await addUser(db, `petugas${i}`, ['petugas']);
      petugas.push(`petugas${i}`);
      staf.push({ username: `staf${i}`, id: await addUser(db, `staf${i}`, ['staf']) });
    }
    await saveSettings(
      db,
      fileStoreFor(db, config),
      {
        unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
        unit_code: 'RTNBLORA',
        ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN',
        kanwil_line: 'KANWIL JAWA TENGAH',
        address: 'Jl. Pemuda 12, Blora',
        city: 'Blora',
        phone: null,
        email: null,
        paper_size: 'a4',
        receipts_per_page: 1,
      },
      { logo: null, removeLogo: false, effectiveFrom: '2020-01-01' },
      adminId,
    );
    const locations = [
      await addLocation(db, 'Lahan Blok A'),
      await addLocation(db, 'Lahan Blok B'),
      await addLocation(db, 'Kolam 1', 'kolam'),
    ];
    const recipients: number[] = [];
    for (let i = 1; i <= 40; i++) {
      recipients.push(await addRecipient(db, { name: `Penerima ${i}`, nik: `331601570890${String(i).padStart(4, '0')}` }));
    }
    // Enough on hand that no handover during the test is refused for want of stock.
    for (const c of COMMODITIES) {
      await createHarvest(
        db,
        {
          commodity_id: c,
          location_id: locations[c === LELE ? 2 : 0]!,
          weight_g: 1_000_000_000,
          heads: c === LELE ? 10_000_000 : null,
          grade: null,
          harvest_date: '2025-01-02',
          harvest_time: '07:00',
          workers: [],
          note: 'stok awal uji',
          form_token: token(),
        },
        adminId,
      );
    }
    return { petugas, staf, locations, recipients };
  } finally {
    await conn.close();
  }
}
