// The "before" half of the units migration check, run with the code from BEFORE units (a checkout
// of b272fba, the parent of d6facbc): it reads a database of that version and writes its figures
// (scripts/unit-migration/figures.ts) with the bytes that version serves for each final monthly
// report. `--use` first does with that version what a unit does with its database and the demo
// and bench seeds do not: a stock count, receipts printed (one twice), every finished month
// finalised, the newest reopened and finalised again.
//
// Run from the old checkout, with this file, figures.ts and definitions.ts copied to the same place there
// (`npm run check:unit-migration -- --old-code DIR` does it):
//   npx tsx scripts/unit-migration/pre-units.ts --db FILE --out FIGURES.json [--use]
// In today's checkout its imports are today's code, which needs a unit: it refuses to run there.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrations } from '../../migrations/index.ts';
import { openDatabase, type Db } from '../../src/db/connect.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { finaliseMonth, reopenMonth, reportMonths } from '../../src/features/reports/reports.archive.ts';
import { reportFile } from '../../src/features/reports/reports.files.ts';
import { printReceipts } from '../../src/features/receipts/receipts.service.ts';
import { recordStockCount } from '../../src/features/stock/stock.service.ts';
import { finalReports, readFigures, REPORT_FILES, sha256, type Figures, type ReportFigures } from './figures.ts';

const { values: args } = parseArgs({
  options: { db: { type: 'string' }, out: { type: 'string' }, use: { type: 'boolean', default: false } },
  strict: true,
});
if (!args.db || !args.out) throw new Error('Pemakaian: npx tsx scripts/unit-migration/pre-units.ts --db BERKAS --out ANGKA.json [--use]');
if (Object.keys(migrations).some((name) => name >= '2026-11-30-0020'))
  throw new Error('jalankan skrip ini di salinan kode sebelum unit (b272fba), bukan di kode ini');

const token = () => randomBytes(16).toString('hex');

async function adminOf(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', '=', 'admin')
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a unit does with its database that the seeds do not, with this version's services. */
async function use(db: Db, adminId: number): Promise<string[]> {
  if ((await finalReports(db)).length) throw new Error('basis data ini sudah berisi laporan final: --use hanya untuk basis data dari seed');
  const months = (await reportMonths(db)).filter((m) => !m.running && !m.final).map((m) => m.month);
  const last = months[0];
  if (!last) throw new Error('tidak ada bulan selesai yang belum final');
  // A count that finds a kilo more than the book on the last day of the last finished month (a
  // count that found less could leave a later day below zero).
  const lastDay = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const book = await db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.sum<number>('qty_g').as('g'))
    .where('commodity_id', '=', 1)
    .where('moved_on', '<=', lastDay)
    .executeTakeFirstOrThrow();
  await recordStockCount(
    db,
    {
      commodity_id: 1,
      count_date: lastDay,
      counted_g: Number(book.g) + 1_000,
      counted_heads: null,
      reason: 'Selisih timbang',
      form_token: token(),
    },
    adminId,
  );
  const receipts = (
    await db.selectFrom('distributions').select('id').where('status', '=', 'active').orderBy('id', 'desc').limit(3).execute()
  ).map((r) => r.id);
  await printReceipts(db, receipts, adminId, token());
  await printReceipts(db, receipts.slice(0, 1), adminId, token());
  for (const month of [...months].reverse()) await finaliseMonth(db, month, adminId);
  await reopenMonth(db, last, 'Angka dapur dikoreksi setelah pemeriksaan', adminId);
  await finaliseMonth(db, last, adminId);
  return [
    `opname ${lastDay}`,
    `cetak ${receipts.length + 1}`,
    `final ${months.length} bulan (${months.at(-1)} … ${last}), ${last} dibuka dan final lagi`,
  ];
}

const file = path.resolve(args.db);
const conn = openDatabase(file, { mustExist: true });
try {
  const adminId = await adminOf(conn.db);
  if (args.use) for (const line of await use(conn.db, adminId)) console.log(`  ${line}`);
  const started = performance.now();
  const figures = await readFigures(conn.db);
  const dir = path.dirname(file);
  const files = fileStoreFor(conn.db, { databaseUrl: null, uploadsDir: path.join(dir, 'uploads'), dataDir: dir });
  const reports: ReportFigures[] = [];
  for (const r of await finalReports(conn.db)) {
    const out: ReportFigures = { ...r, files: {} };
    for (const f of REPORT_FILES) {
      const a = await reportFile(conn.db, r.month, f.format, { paper: f.paper, userId: adminId, files });
      const b = await reportFile(conn.db, r.month, f.format, { paper: f.paper, userId: adminId, files });
      // Drawn twice: a file that held the time of drawing could never be compared.
      if (a.status !== 'final' || !a.bytes.equals(b.bytes)) throw new Error(`laporan ${r.month} ${f.key}: tidak final atau tidak tetap`);
      out.files[f.key] = { bytes: a.bytes.length, sha256: sha256(a.bytes) };
    }
    reports.push(out);
  }
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const result: Figures = {
    made: { by: 'scripts/unit-migration/pre-units.ts', commit, use: String(args.use), at: new Date().toISOString() },
    ...figures,
    reports,
  };
  fs.writeFileSync(args.out, `${JSON.stringify(result, null, 1)}\n`);
  console.log(
    `${Object.keys(figures.tables).length} tabel, ${figures.receipts.count} tanda terima, ${reports.length} laporan final × ${REPORT_FILES.length} berkas, ${((performance.now() - started) / 1000).toFixed(1)} s → ${args.out}`,
  );
} finally {
  await conn.close();
}
