// `npm run seed:large -- --units 500 --years 2`: the national installation for the oversight
// benchmarks (issue 18) — Ditjenpas, 33 Kanwil, N UPT — each UPT with its plots, its four starter
// commodities (mapped to the national catalogue) and a thin but real ledger: harvests and stock
// outflows (kitchen, sales with rupiah) written with prepared statements, stock never below zero,
// and the derived month and day totals. The last three finished months are then finalised through
// the app's own service (their snapshots drawn from those records), most on time, some late, some
// missing; the Kanwil heads accept most and return a few; one national harvest day is declared.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { finaliseMonth, reviewMonth } from '../../src/features/reports/reports.archive.ts';
import { hashPassword } from '../../src/lib/password.ts';
import { nowIso, shiftMonth, wibDate } from '../../src/lib/time.ts';
import { addDays, prng } from './people.ts';

export const NATIONAL_PASSWORD = 'lumbung-bench';

const PROVINCES = [
  'Aceh',
  'Sumatera Utara',
  'Sumatera Barat',
  'Riau',
  'Kepulauan Riau',
  'Jambi',
  'Bengkulu',
  'Sumatera Selatan',
  'Kepulauan Bangka Belitung',
  'Lampung',
  'Banten',
  'DKI Jakarta',
  'Jawa Barat',
  'Jawa Tengah',
  'DI Yogyakarta',
  'Jawa Timur',
  'Bali',
  'Nusa Tenggara Barat',
  'Nusa Tenggara Timur',
  'Kalimantan Barat',
  'Kalimantan Tengah',
  'Kalimantan Selatan',
  'Kalimantan Timur',
  'Sulawesi Utara',
  'Gorontalo',
  'Sulawesi Tengah',
  'Sulawesi Barat',
  'Sulawesi Selatan',
  'Sulawesi Tenggara',
  'Maluku',
  'Maluku Utara',
  'Papua',
  'Papua Barat',
];
const TYPES = [
  ['Rutan Kelas IIB', 'RTN'],
  ['Lapas Kelas IIA', 'LPS'],
  ['Lapas Kelas IIB', 'LPS'],
  ['LPKA Kelas II', 'LPKA'],
  ['Lapas Terbuka Kelas IIB', 'LPT'],
] as const;
/** The starter commodities (as the first-run page gives them), their odds of a harvest on a day, grams. */
const CROPS = [
  { name: 'Terong', kind: 'sayur', heads: 0, code: 'terong', sector: 'pertanian', p: 0.22, lo: 3_000, hi: 25_000 },
  { name: 'Cabai', kind: 'sayur', heads: 0, code: 'cabai', sector: 'pertanian', p: 0.18, lo: 500, hi: 5_000 },
  { name: 'Tomat', kind: 'sayur', heads: 0, code: 'tomat', sector: 'pertanian', p: 0.2, lo: 2_000, hi: 20_000 },
  { name: 'Lele', kind: 'ikan', heads: 1, code: 'lele', sector: 'perikanan', p: 0.04, lo: 10_000, hi: 60_000 },
] as const;

export interface NationalSeedResult {
  dbFile: string;
  counts: Record<string, number>;
  seconds: number;
  month: string;
  harvestDay: string;
}

export async function seedNationalLarge(opts: {
  dataDir: string;
  units: number;
  years: number;
  seed: number;
  log?: (s: string) => void;
}): Promise<NationalSeedResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  fs.mkdirSync(path.join(opts.dataDir, 'uploads'), { recursive: true });
  fs.mkdirSync(path.join(opts.dataDir, 'backups'), { recursive: true });
  const dbFile = path.join(opts.dataDir, 'lumbung.db');
  const conn = openDatabase(dbFile);
  const { sqlite } = conn;
  try {
    await migrateToLatest(conn.db);
    if (sqlite.prepare('select 1 from users limit 1').get())
      throw new Error(`Basis data ${dbFile} sudah berisi pengguna; data besar hanya dibuat di basis data yang masih kosong.`);
    sqlite.pragma('journal_mode = MEMORY');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    const rnd = prng(opts.seed);
    const between = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo));
    const end = wibDate(new Date(Date.now() - 86_400_000));
    const start = addDays(`${Number(end.slice(0, 4)) - opts.years}${end.slice(4)}`, 1);
    const startAt = `${start}T00:00:00.000Z`;
    const run = (q: string, ...p: unknown[]) => Number(sqlite.prepare(q).run(...p).lastInsertRowid);
    const hash = await hashPassword(NATIONAL_PASSWORD);
    const user = (username: string, name: string, unitId: number, roles: string[]) => {
      const id = run(
        'insert into users (username, full_name, nip, position, password_hash, active, must_change_password, created_at, updated_at) values (?, ?, null, null, ?, 1, 0, ?, ?)',
        username,
        name,
        hash,
        startAt,
        startAt,
      );
      for (const role of roles) run('insert into user_roles (unit_id, user_id, role) values (?, ?, ?)', unitId, id, role);
      return id;
    };

    sqlite.exec('begin');
    // The tree: the migrations' first unit becomes the first UPT.
    const unit = (kind: string, code: string, name: string, parent: number | null, uptType: string | null) =>
      run(
        'insert into units (parent_id, kind, upt_type, code, name, active, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?)',
        parent,
        kind,
        uptType,
        code,
        name,
        startAt,
        startAt,
      );
    const national = unit('national', 'DITJENPAS', 'Direktorat Jenderal Pemasyarakatan', null, null);
    const nationalHead = user('ditjenpas', 'Kepala Direktorat Pembinaan', national, ['pimpinan']);
    user('ditjenpas.admin', 'Admin Lumbung Nasional', national, ['admin']);
    const kanwils = PROVINCES.map((p, i) => {
      const id = unit('kanwil', `KW${String(i + 1).padStart(2, '0')}`, `Kanwil ${p}`, national, null);
      user(`kanwil.${i + 1}`, `Kepala Bidang Pembinaan ${p}`, id, ['pimpinan']);
      return id;
    });
    const upts: Array<{ id: number; head: number; kanwil: number; commodities: number[] }> = [];
    for (let i = 0; i < opts.units; i++) {
      const [type, prefix] = TYPES[i % TYPES.length]!;
      const kanwil = kanwils[i % kanwils.length]!;
      const code = `${prefix}${String(i + 1).padStart(3, '0')}`;
      const name = `${type} ${PROVINCES[i % PROVINCES.length]} ${Math.floor(i / PROVINCES.length) + 1}`;
      let id: number;
      if (i === 0) {
        id = 1;
        sqlite.prepare("update units set parent_id = ?, code = ?, name = ?, upt_type = 'rutan' where id = 1").run(kanwil, code, name);
      } else id = unit('upt', code, name, kanwil, 'lainnya');
      const head = user(`upt${i + 1}`, `Kepala ${name}`, id, ['pimpinan', 'admin']);
      const commodities =
        i === 0
          ? CROPS.map((c) => Number(sqlite.prepare('select id from commodities where unit_id = 1 and name = ?').pluck().get(c.name)))
          : CROPS.map((c, k) =>
              run(
                'insert into commodities (unit_id, name, kind, unit, tracks_heads, active, sort_order, created_at, updated_at, national_code, sector) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)',
                id,
                c.name,
                c.kind,
                'kg',
                c.heads,
                k + 1,
                startAt,
                startAt,
                c.code,
                c.sector,
              ),
            );
      upts.push({ id, head, kanwil, commodities });
    }
    sqlite.exec('commit');
    log(`  ${opts.units} UPT di bawah ${kanwils.length} Kanwil (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    // The ledger of each UPT, day by day.
    const insLocation = sqlite.prepare(
      'insert into locations (unit_id, name, kind, area_m2, note, active, created_at, updated_at) values (?, ?, ?, ?, null, 1, ?, ?)',
    );
    const insHarvest = sqlite.prepare(
      `insert into harvests (unit_id, commodity_id, location_id, harvested_at, harvest_date, weight_g, heads, grade, note, photo_file, recorded_by, form_token, status, void_reason, voided_by, voided_at, created_at, updated_at, entered_at)
       values (?, ?, ?, ?, ?, ?, ?, null, null, null, ?, ?, 'active', null, null, null, ?, ?, ?)`,
    );
    const insOutflow = sqlite.prepare(
      `insert into outflows (unit_id, kind, commodity_id, out_date, qty_g, heads, amount_rp, party, note, recorded_by, form_token, status, void_reason, voided_by, voided_at, created_at, entered_at)
       values (?, ?, ?, ?, ?, null, ?, ?, null, ?, ?, 'active', null, null, null, ?, ?)`,
    );
    const insMove = sqlite.prepare(
      `insert into stock_movements (unit_id, commodity_id, moved_on, kind, qty_g, heads, harvest_id, outflow_id, stock_count_id, distribution_id, reverses_id, created_at, created_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, null, null, null, ?, ?)`,
    );
    const insMonth = sqlite.prepare(
      'insert into stock_month_totals (unit_id, commodity_id, month, kind, qty_g, heads) values (?, ?, ?, ?, ?, ?)',
    );
    const insDay = sqlite.prepare('insert into stock_day_totals (unit_id, commodity_id, day, qty_g, heads) values (?, ?, ?, ?, ?)');
    let token = 0;
    const nextToken = () => (++token).toString(16).padStart(32, '0');
    const harvestDay = addDays(end, -16);
    sqlite.exec('begin');
    for (const [n, u] of upts.entries()) {
      const plot = Number(insLocation.run(u.id, 'Lahan Utama', 'lahan', 800, startAt, startAt).lastInsertRowid);
      const pond = Number(insLocation.run(u.id, 'Kolam Lele', 'kolam', 60, startAt, startAt).lastInsertRowid);
      const stock = u.commodities.map(() => ({ g: 0, heads: 0 }));
      const months = new Map<string, { g: number; heads: number }>();
      const days = new Map<string, { g: number; heads: number }>();
      const total = (map: Map<string, { g: number; heads: number }>, key: string, g: number, heads: number) => {
        const t = map.get(key) ?? { g: 0, heads: 0 };
        t.g += g;
        t.heads += heads;
        map.set(key, t);
      };
      const move = (
        c: number,
        day: string,
        kind: string,
        g: number,
        heads: number,
        harvestId: number | null,
        outflowId: number | null,
        at: string,
      ) => {
        insMove.run(u.id, u.commodities[c], day, kind, g, heads, harvestId, outflowId, at, u.head);
        total(months, `${c}|${day.slice(0, 7)}|${kind}`, g, heads);
        total(days, `${c}|${day}`, g, heads);
      };
      for (let day = start; day <= end; day = addDays(day, 1)) {
        const at = `${day}T01:${String(between(0, 59)).padStart(2, '0')}:00.000Z`;
        // The national harvest day: nine UPT in ten harvest that morning.
        const busy = day === harvestDay && rnd() < 0.9;
        for (const [c, crop] of CROPS.entries()) {
          if (!(rnd() < crop.p || (busy && c === 0))) continue;
          const g = between(crop.lo, crop.hi);
          const heads = crop.heads ? Math.max(1, Math.round(g / 125)) : 0;
          const id = Number(
            insHarvest.run(
              u.id,
              u.commodities[c],
              crop.heads ? pond : plot,
              at,
              day,
              g,
              crop.heads ? heads : null,
              u.head,
              nextToken(),
              at,
              at,
              at,
            ).lastInsertRowid,
          );
          move(c, day, 'harvest', g, heads, id, null, at);
          stock[c]!.g += g;
          stock[c]!.heads += heads;
        }
        // Two days in three the kitchen takes most of the vegetables; once a week some are sold.
        const kind = rnd() < 0.66 ? 'kitchen' : rnd() < 0.15 ? 'sale' : null;
        if (kind) {
          for (const [c, crop] of CROPS.entries()) {
            if (crop.heads || stock[c]!.g < 1_000) continue;
            const g = Math.floor(stock[c]!.g * (kind === 'kitchen' ? 0.6 : 0.3));
            const rp = kind === 'sale' ? Math.round((g / 1000) * 8_000) : null;
            const id = Number(
              insOutflow.run(
                u.id,
                kind,
                u.commodities[c],
                day,
                g,
                rp,
                kind === 'sale' ? 'Koperasi Pegawai' : null,
                u.head,
                nextToken(),
                at,
                at,
              ).lastInsertRowid,
            );
            move(c, day, kind, -g, 0, null, id, at);
            stock[c]!.g -= g;
          }
        }
      }
      for (const [key, t] of months) {
        const [c, month, kind] = key.split('|') as [string, string, string];
        insMonth.run(u.id, u.commodities[Number(c)], month, kind, t.g, t.heads);
      }
      for (const [key, t] of days) {
        const [c, day] = key.split('|') as [string, string];
        insDay.run(u.id, u.commodities[Number(c)], day, t.g, t.heads);
      }
      if ((n + 1) % 100 === 0) {
        sqlite.exec('commit');
        log(`  buku stok ${n + 1} UPT (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        sqlite.exec('begin');
      }
    }
    sqlite.exec('commit');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');

    // The reports of the last three finished months, through the app (snapshots from the records).
    const current = wibDate().slice(0, 7);
    const months = [shiftMonth(current, -3), shiftMonth(current, -2), shiftMonth(current, -1)];
    const kanwilHead = new Map(
      (
        sqlite
          .prepare("select unit_id, user_id from user_roles r join units u on u.id = r.unit_id where u.kind = 'kanwil'")
          .all() as Array<{
          unit_id: number;
          user_id: number;
        }>
      ).map((r) => [r.unit_id, r.user_id]),
    );
    const now = nowIso();
    let finals = 0;
    for (const [n, u] of upts.entries()) {
      for (const [k, month] of months.entries()) {
        const last = k === months.length - 1;
        // Nearly all finish the older months; four in five last month so far.
        if (rnd() > (last ? 0.8 : 0.97)) break;
        const late = rnd() < 0.12;
        const at = last ? now : `${shiftMonth(month, 1)}-${String(late ? between(11, 25) : between(2, 10)).padStart(2, '0')}T03:00:00.000Z`;
        await withUnitScope(unitScope(u.id), () => finaliseMonth(conn.db, month, u.head, '', at));
        finals++;
        if (!last) {
          const r = rnd();
          if (r < 0.85) await reviewMonth(conn.db, u.id, month, kanwilHead.get(u.kanwil)!, 'accepted', null);
          else if (r < 0.88 && k === months.length - 2)
            await reviewMonth(conn.db, u.id, month, kanwilHead.get(u.kanwil)!, 'returned', 'Angka susut belum dijelaskan.');
        }
      }
      if ((n + 1) % 100 === 0) log(`  laporan final ${n + 1} UPT (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    await installationWide(() =>
      conn.db
        .insertInto('harvest_days')
        .values({ day: harvestDay, name: 'Panen Raya Serentak', note: null, declared_at: now, declared_by: nationalHead })
        .execute(),
    );
    sqlite.exec('analyze');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const counts: Record<string, number> = { finals };
    for (const t of ['units', 'users', 'harvests', 'outflows', 'stock_movements', 'stock_month_totals', 'monthly_reports'])
      counts[t] = Number(sqlite.prepare(`select count(*) from "${t}"`).pluck().get());
    return { dbFile, counts, seconds: (performance.now() - started) / 1000, month: months[1]!, harvestDay };
  } finally {
    await conn.close();
  }
}
