// `npm run report -- --month 2026-10 --out laporan-2026-10.pdf [--format pdf|csv|xlsx] [--paper a4|f4] [--user USERNAME]`:
// writes a month's report (the frozen one when the month is final, else a draft) for automation.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PAPER_SIZES, type PaperSize } from '../db/database.ts';
import { fileStoreFor } from '../db/file-store.ts';
import { formatMonth } from '../lib/format.ts';
import { wibDate } from '../lib/time.ts';
// Only types and constants before the arguments are checked: the app's modules load after, so a
// typo is answered at once.
import { REPORT_FORMATS, type ReportFormat } from '../features/reports/reports.types.ts';

const usage =
  'Pemakaian: npm run report -- --month YYYY-MM --out BERKAS [--format pdf|csv|xlsx] [--paper a4|f4] [--user NAMA_PENGGUNA] [--unit KODE_UNIT]';

function fail(msg: string): never {
  console.error(`Laporan tidak dibuat: ${msg}`);
  process.exit(1);
}

let args;
try {
  args = parseArgs({
    options: {
      month: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      paper: { type: 'string' },
      user: { type: 'string' },
      // the UPT, on an installation of several units
      unit: { type: 'string' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
}
const month = args.month ?? '';
if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) fail(`--month harus berbentuk YYYY-MM, misalnya 2026-10 (diberikan: "${month}").\n${usage}`);
if (month < '2000-01') fail(`bulan ${month} terlalu lama; Lumbung mencatat sejak tahun 2000.`);
if (month > wibDate().slice(0, 7)) fail(`bulan ${formatMonth(month)} belum tiba.`);
if (!args.out) fail(`--out (nama berkas tujuan) wajib diisi.\n${usage}`);
const format = (args.format ?? (path.extname(args.out).slice(1).toLowerCase() || 'pdf')) as ReportFormat;
if (!REPORT_FORMATS.includes(format)) fail(`--format harus pdf, csv atau xlsx (diberikan: "${format}").`);
const paper = (args.paper ?? null) as PaperSize | null;
if (paper !== null && !PAPER_SIZES.includes(paper)) fail(`--paper harus a4 atau f4 (diberikan: "${paper}").`);

try {
  const [
    { loadConfig },
    { openConfigured },
    { pendingMigrations },
    { reportFile },
    { activeUserId },
    { setDefaultUnitScope },
    { commandUnitScope },
  ] = await Promise.all([
    import('../config.ts'),
    import('../db/connect.ts'),
    import('../db/migrate.ts'),
    import('../features/reports/reports.files.ts'),
    import('../features/users/users.service.ts'),
    import('../db/unit-scope.ts'),
    import('../features/units/units.service.ts'),
  ]);
  // Only reads: a wrong DATA_DIR must not quietly make an empty database, nor this tool change the schema.
  const config = loadConfig(process.env, { existingData: true });
  const conn = await openConfigured(config, { mustExist: true });
  const pending = await pendingMigrations(conn.db);
  if (pending.length)
    fail(`basis data belum mutakhir (${pending.length} migrasi belum diterapkan). Jalankan dulu: npm run migrate (atau mulai server).`);
  setDefaultUnitScope(await commandUnitScope(conn.db, args.unit));
  const userId = args.user ? await activeUserId(conn.db, args.user) : null;
  if (args.user && userId === null) fail(`pengguna "${args.user}" tidak ditemukan atau tidak aktif.`);
  const file = await reportFile(conn.db, month, format, { paper, userId, files: fileStoreFor(conn.db, config) });
  await conn.close();
  const tmp = `${args.out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, file.bytes);
  fs.renameSync(tmp, args.out);
  console.log(
    `Laporan ${formatMonth(month)} (${file.status === 'final' ? 'FINAL' : 'KONSEP'}) ditulis ke ${args.out} (${file.bytes.length.toLocaleString('id-ID')} bita).`,
  );
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
