// `npm run seed:large -- --years 10 [--data-dir DIR] [--seed N]`: a realistic large database for
// benchmarks (issue #7) — about 100 000 ledger movements a year — written directly with prepared
// statements into the schema of the app's migrations. Refuses a database that already has users.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Migrator } from 'kysely';
import { migrations } from '../migrations/index.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { installationWide } from '../src/db/unit-scope.ts';
import { hashPassword } from '../src/lib/password.ts';
import { wibDate } from '../src/lib/time.ts';
import { checkConsistency } from './large/check.ts';
import { DayGenerator } from './large/days.ts';
import { LedgerWriter, type Refs } from './large/ledger.ts';
import { addDays, makeInmates, makeRecipients, prng } from './large/people.ts';
import { NATIONAL_PASSWORD, seedNationalLarge } from './large/national.ts';

export const LARGE_PASSWORD = 'lumbung-bench';
/** Bumped when the generator's output changes, so cached benchmark databases are rebuilt. */
export const GENERATOR_VERSION = 2;

/**
 * The migration whose tables the generator writes. It fills the database as it stood then; the
 * later migrations (derived totals, indexes) then run over the data, as they would on a database
 * that was in use for years — so a derived table is built by the app's own code, never here.
 */
export const LEDGER_SCHEMA = '2026-11-23-0008-create-monthly-reports';

/** What a cached benchmark database depends on: the generator and every migration. */
export function schemaKey(): string {
  return `g${GENERATOR_VERSION}-${Object.keys(migrations).length}-${Object.keys(migrations).at(-1)}`;
}

export const LARGE_USERS = [
  { username: 'admin', full_name: 'Admin Lumbung', nip: null, position: 'Pengelola Sistem', roles: ['admin'] },
  { username: 'petugas', full_name: 'Slamet Riyadi', nip: '198703122010121001', position: 'Petugas Kebun', roles: ['petugas'] },
  { username: 'petugas2', full_name: 'Heru Santoso', nip: '199204202015031004', position: 'Petugas Kebun', roles: ['petugas'] },
  { username: 'staf', full_name: 'Dewi Lestari', nip: '199001052015032002', position: 'Staf Distribusi', roles: ['staf'] },
  { username: 'staf2', full_name: 'Tri Wahyuni', nip: '199306152019032001', position: 'Staf Distribusi', roles: ['staf'] },
  { username: 'pimpinan', full_name: 'Sugito', nip: '197505052000031002', position: 'Kepala Rutan Kelas IIB Blora', roles: ['pimpinan'] },
] as const;

const HEADS = [
  ['Bambang Sutejo', '196503121989031002'],
  ['Budi Hardiono', '196808171990031003'],
  ['Agus Wahyudi', '197002101992031001'],
  ['Sugito', '197505052000031002'],
  ['Heri Purnomo', '197811202001121001'],
] as const;

export interface SeedResult {
  dbFile: string;
  counts: Record<string, number>;
  seconds: number;
  problems: string[];
}

export async function seedLarge(opts: { dataDir: string; years: number; seed: number; log?: (s: string) => void }): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  fs.mkdirSync(path.join(opts.dataDir, 'uploads'), { recursive: true });
  fs.mkdirSync(path.join(opts.dataDir, 'backups'), { recursive: true });
  const dbFile = path.join(opts.dataDir, 'lumbung.db');
  const conn = openDatabase(dbFile);
  const { sqlite } = conn;
  try {
    const hasUsers =
      sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'users'").get() &&
      sqlite.prepare('select 1 from users limit 1').get();
    if (hasUsers) throw new Error(`Basis data ${dbFile} sudah berisi pengguna; data besar hanya dibuat di basis data yang masih kosong.`);
    // The schema as it was before units: the generator writes its rows, the later migrations give them their unit.
    const migrated = await installationWide(() =>
      new Migrator({ db: conn.db, provider: { getMigrations: async () => migrations } }).migrateTo(LEDGER_SCHEMA),
    );
    if (migrated.error) throw migrated.error;

    // A generator, not the app: one writer, no fsync, the rollback journal in memory.
    sqlite.pragma('journal_mode = MEMORY');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    sqlite.pragma('temp_store = MEMORY');

    const rnd = prng(opts.seed);
    const end = wibDate(new Date(Date.now() - 86_400_000));
    const start = addDays(`${Number(end.slice(0, 4)) - opts.years}${end.slice(4)}`, 1);
    const startAt = `${start}T00:00:00.000Z`;
    const run = (q: string, ...params: unknown[]) => sqlite.prepare(q).run(...params);

    sqlite.exec('begin');
    const userIds: Record<string, number> = {};
    for (const u of LARGE_USERS) {
      const id = Number(
        run(
          'insert into users (username, full_name, nip, position, password_hash, active, must_change_password, created_at, updated_at) values (?, ?, ?, ?, ?, 1, 0, ?, ?)',
          u.username,
          u.full_name,
          u.nip,
          u.position,
          await hashPassword(LARGE_PASSWORD),
          startAt,
          startAt,
        ).lastInsertRowid,
      );
      for (const role of u.roles) run('insert into user_roles (user_id, role) values (?, ?)', id, role);
      userIds[u.username] = id;
    }
    const admin = userIds.admin!;

    // Letterhead: the ministry changed its name in October 2024; papers before print the old one.
    const kop = {
      unit: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
      address: 'Jl. Pemuda No. 12, Blora, Jawa Tengah 58211',
    };
    const versions = [
      [start, 'KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA', 'KANTOR WILAYAH JAWA TENGAH'],
      [
        '2024-10-21',
        'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
        'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
      ],
    ].filter(([from], i, all) => i === all.length - 1 || from! < all[i + 1]![0]!);
    for (const [from, ministry, kanwil] of versions) {
      run(
        `insert into site_settings (effective_from, unit_name, unit_code, ministry_line, kanwil_line, address, city, phone, email, logo_file, paper_size, receipts_per_page, created_at, created_by)
         values (?, ?, 'RTNBLORA', ?, ?, ?, 'Blora', '(0296) 531000', 'rutanblora@example.go.id', null, 'a4', 1, ?, ?)`,
        from! < start ? start : from,
        kop.unit,
        ministry,
        kanwil,
        kop.address,
        startAt,
        admin,
      );
    }
    // A new Kepala Rutan about every three years; the last one still in office.
    let from = addDays(start, -200);
    for (const [k, [name, nip]] of HEADS.entries()) {
      const last = k === HEADS.length - 1 || addDays(from, 1100) >= end;
      const next = addDays(from, 1000 + Math.floor(rnd() * 200));
      run(
        "insert into signatories (position, title, name, nip, valid_from, valid_to, created_at, updated_at) values ('kepala_rutan', 'Kepala Rutan Kelas IIB Blora', ?, ?, ?, ?, ?, ?)",
        name,
        nip,
        from,
        last ? null : addDays(next, -1),
        startAt,
        startAt,
      );
      if (last) break;
      from = next;
    }

    const commodities = Object.fromEntries(
      (sqlite.prepare('select id, name from commodities').all() as Array<{ id: number; name: string }>).map((c) => [
        c.name.toLowerCase(),
        c.id,
      ]),
    );
    const location = (name: string, kind: string, area: number) =>
      Number(
        run(
          'insert into locations (name, kind, area_m2, note, active, created_at, updated_at) values (?, ?, ?, null, 1, ?, ?)',
          name,
          kind,
          area,
          startAt,
          startAt,
        ).lastInsertRowid,
      );
    const plots = [
      location('Lahan Blok A', 'lahan', 1200),
      location('Lahan Blok B', 'lahan', 800),
      location('Lahan Belakang Dapur', 'lahan', 300),
    ];
    const ponds = [location('Kolam 1', 'kolam', 60), location('Kolam 2', 'kolam', 60)];

    const inmates = makeInmates(rnd, 200, Number(end.slice(0, 4)));
    const insInmate = sqlite.prepare(
      'insert into inmates (id, name, reg_number, block, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const i of inmates) insInmate.run(i.id, i.name, i.reg_number, i.block, i.active, startAt, startAt);
    const recipients = makeRecipients(rnd, 5000, inmates);
    const insRecipient = sqlite.prepare(
      `insert into recipients (id, category, name, nik, inmate_id, relation, address, rt_rw, village, district, phone, household_size, note, active, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?)`,
    );
    for (const r of recipients) {
      insRecipient.run(
        r.id,
        r.category,
        r.name,
        r.nik,
        r.inmate_id,
        r.relation,
        r.address,
        r.rt_rw,
        r.village,
        r.district,
        r.phone,
        r.household_size,
        r.active,
        startAt,
        startAt,
      );
    }
    const { terong, cabai, tomat, lele } = commodities as Record<string, number>;
    const pkg = (name: string, items: Array<[number, number, number | null]>) => {
      const id = run(
        'insert into packages (name, active, created_at, updated_at) values (?, 1, ?, ?)',
        name,
        startAt,
        startAt,
      ).lastInsertRowid;
      for (const [c, g, heads] of items)
        run('insert into package_items (package_id, commodity_id, qty_g, heads) values (?, ?, ?, ?)', id, c, g, heads);
    };
    pkg('Paket sayur', [
      [terong!, 1000, null],
      [cabai!, 500, null],
      [tomat!, 1000, null],
    ]);
    pkg('Paket lengkap', [
      [terong!, 1000, null],
      [cabai!, 500, null],
      [tomat!, 1000, null],
      [lele!, 1000, 7],
    ]);

    const refs: Refs = {
      petugas: [userIds.petugas!, userIds.petugas2!],
      staf: [userIds.staf!, userIds.staf2!],
      c: { terong: terong!, cabai: cabai!, tomat: tomat!, lele: lele! },
      plots,
      ponds,
      activeInmates: inmates.filter((i) => i.active).map((i) => i.id),
      activeRecipients: recipients.filter((r) => r.active).map((r) => r.id),
      unitCode: 'RTNBLORA',
    };
    const writer = new LedgerWriter(sqlite, refs, rnd);
    const days = new DayGenerator(writer, refs, rnd, userIds.staf!);
    for (let day = start; day <= end; day = addDays(day, 1)) {
      if (day.endsWith('-01-01') && day !== start) {
        sqlite.exec('commit');
        log(
          `  s.d. ${Number(day.slice(0, 4)) - 1}: ${writer.counts.stock_movements ?? 0} pergerakan stok (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        sqlite.exec('begin');
      }
      days.run(day);
    }
    writer.writeReceiptCounters();
    sqlite.exec('commit');

    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    log(`  buku besar selesai (${((performance.now() - started) / 1000).toFixed(1)} s); migrasi berikutnya …`);
    await migrateToLatest(conn.db);
    const problems = checkConsistency(sqlite);
    sqlite.exec('analyze');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');

    const counts: Record<string, number> = {};
    for (const { name } of sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name",
      )
      .all() as Array<{ name: string }>) {
      counts[name] = Number(sqlite.prepare(`select count(*) from "${name}"`).pluck().get());
    }
    return { dbFile, counts, seconds: (performance.now() - started) / 1000, problems };
  } finally {
    await conn.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      years: { type: 'string', default: '10' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '7' },
      // More than one: the national installation of issue 18 (Ditjenpas, 33 Kanwil, N UPT).
      units: { type: 'string', default: '1' },
    },
  });
  const years = Number(values.years);
  const units = Number(values.units);
  if (!Number.isInteger(units) || units < 1 || units > 2000) throw new Error('--units harus bilangan bulat 1 sampai 2000.');
  if (units > 1) {
    if (!Number.isInteger(years) || years < 1 || years > 10) throw new Error('--years harus bilangan bulat 1 sampai 10.');
    const dataDir = path.resolve(values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-national-')));
    console.log(`Membuat instalasi nasional besar (${units} UPT, ${years} tahun) di ${dataDir} …`);
    const r = await seedNationalLarge({ dataDir, units, years, seed: Number(values.seed), log: console.log });
    for (const [table, n] of Object.entries(r.counts)) console.log(`  ${table.padEnd(20)}  ${n.toLocaleString('id-ID').padStart(11)}`);
    console.log(`\nSelesai dalam ${r.seconds.toFixed(1)} s. Hari panen nasional: ${r.harvestDay}.`);
    console.log(`\nDATA_DIR=${dataDir}`);
    console.log(
      `Pengguna: ditjenpas, ditjenpas.admin, kanwil.1 … kanwil.33, upt1 … upt${units} — kata sandi "${NATIONAL_PASSWORD}" (hanya untuk uji beban).`,
    );
    return;
  }
  if (!Number.isInteger(years) || years < 1 || years > 30) throw new Error('--years harus bilangan bulat 1 sampai 30.');
  const dataDir = path.resolve(values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-large-')));
  console.log(`Membuat basis data besar (${years} tahun) di ${dataDir} …`);
  const r = await seedLarge({ dataDir, years, seed: Number(values.seed), log: console.log });
  const width = Math.max(...Object.keys(r.counts).map((k) => k.length));
  console.log('\nJumlah baris per tabel:');
  for (const [table, n] of Object.entries(r.counts)) console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('id-ID').padStart(11)}`);
  console.log(
    `\nSelesai dalam ${r.seconds.toFixed(1)} s. Pemeriksaan konsistensi: ${r.problems.length ? 'GAGAL' : 'baik (stok tidak pernah di bawah nol, nomor tanda terima tanpa celah)'}`,
  );
  for (const p of r.problems) console.log(`  - ${p}`);
  console.log(`\nDATA_DIR=${dataDir}`);
  console.log(`Pengguna: ${LARGE_USERS.map((u) => u.username).join(', ')} — kata sandi "${LARGE_PASSWORD}" (hanya untuk uji beban).`);
  if (r.problems.length) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('seed-large.ts')) {
  main().catch((err: unknown) => {
    console.error(`Data besar tidak dibuat: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
