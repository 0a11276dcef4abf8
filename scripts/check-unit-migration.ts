// `npm run check:unit-migration -- --db FILE (--old-code DIR [--use] | --expected FIGURES.json) [--keep]`:
// a one-unit SQLite database from before units (schema 0019) migrated by today's code into one unit
// with nothing lost (issue 17). On a copy (the file itself is only read): the figures before, made
// by the code from before units (--old-code: a checkout of b272fba, run there by
// scripts/unit-migration/pre-units.ts, --use to finalise every month first), or read from a JSON
// that code made (--expected); then today's migration, timed; then every table's rows, quantity
// sums and row digest, the receipt numbers, SQLite's id counters and each final report's PDF (A4,
// F4), XLSX and CSV bytes compared with before. Prints a table; exits 1 on any difference.
// `--save DIR` keeps the database as the old code left it (lumbung.db.gz) and its figures
// (figures.json): how test/fixtures/pre-units-demo was made.
import SQLite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.ts';
import { fileStoreFor } from '../src/db/file-store.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { installationWide } from '../src/db/unit-scope.ts';
import { figuresAfter, unitOutcome } from './unit-migration/after.ts';
import { differences, readFigures, REPORT_FILES, type Figures } from './unit-migration/figures.ts';

const usage =
  'Pemakaian: npm run check:unit-migration -- --db BERKAS (--old-code FOLDER [--use] | --expected ANGKA.json) [--keep] [--work FOLDER] [--save FOLDER]';
const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    'old-code': { type: 'string' },
    use: { type: 'boolean', default: false },
    expected: { type: 'string' },
    keep: { type: 'boolean', default: false },
    work: { type: 'string' },
    save: { type: 'string' },
  },
  strict: true,
});
if (!args.db || !fs.existsSync(args.db) || Boolean(args['old-code']) === Boolean(args.expected)) {
  console.error(usage);
  process.exit(2);
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const n = (v: number | string) => BigInt(v).toLocaleString('id-ID');
const HERE = path.join(import.meta.dirname, 'unit-migration');

/** The old code's figures of `copy`, made in its own checkout with this version's pre-units.ts. */
function figuresByOldCode(oldCode: string, copy: string, out: string, use: boolean): void {
  const dir = path.join(oldCode, 'scripts', 'unit-migration');
  const placed: string[] = [];
  const madeDir = !fs.existsSync(dir);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['figures.ts', 'definitions.ts', 'pre-units.ts']) {
    const to = path.join(dir, name);
    if (!fs.existsSync(to)) placed.push(to);
    fs.copyFileSync(path.join(HERE, name), to);
  }
  try {
    execFileSync('npx', ['tsx', 'scripts/unit-migration/pre-units.ts', '--db', copy, '--out', out, ...(use ? ['--use'] : [])], {
      cwd: oldCode,
      stdio: 'inherit',
    });
  } finally {
    for (const f of placed) fs.rmSync(f);
    if (madeDir) fs.rmdirSync(dir);
  }
}

const work = fs.mkdtempSync(path.join(args.work ?? os.tmpdir(), 'lumbung-unit-migration-'));
const copy = path.join(work, 'lumbung.db');
let failed = true;
try {
  let t = performance.now();
  const source = new SQLite(args.db, { readonly: true, fileMustExist: true });
  await source.backup(copy);
  source.close();
  const uploads = path.join(path.dirname(args.db), 'uploads');
  if (fs.existsSync(uploads)) fs.cpSync(uploads, path.join(work, 'uploads'), { recursive: true });
  console.log(`Salinan: ${copy} (${n(fs.statSync(copy).size)} bita, ${seconds(t).toFixed(1)} s)`);

  let expected: Figures;
  let oldSeconds: number | null = null;
  if (args['old-code']) {
    t = performance.now();
    const out = path.join(work, 'figures-before.json');
    console.log(`Angka sebelum, dengan kode lama di ${args['old-code']}${args.use ? ' (--use: opname, cetak, semua bulan final)' : ''}:`);
    figuresByOldCode(path.resolve(args['old-code']), copy, out, args.use);
    expected = JSON.parse(fs.readFileSync(out, 'utf8')) as Figures;
    oldSeconds = seconds(t);
  } else {
    expected = JSON.parse(fs.readFileSync(args.expected!, 'utf8')) as Figures;
  }

  if (args.save) {
    // Compacted, as the old code left it: before anything of today's code opens it.
    fs.mkdirSync(args.save, { recursive: true });
    const compact = path.join(work, 'compact.db');
    const old = new SQLite(copy, { fileMustExist: true });
    old.prepare('vacuum into ?').run(compact);
    old.close();
    fs.writeFileSync(path.join(args.save, 'lumbung.db.gz'), zlib.gzipSync(fs.readFileSync(compact), { level: 9 }));
    fs.rmSync(compact);
    fs.writeFileSync(path.join(args.save, 'figures.json'), `${JSON.stringify(expected, null, 1)}\n`);
    console.log(`Disimpan: ${args.save}/lumbung.db.gz, figures.json`);
  }

  const conn = openDatabase(copy, { mustExist: true });
  const db = conn.db;
  try {
    // The copy is the database the figures are of: read again at the old schema, with today's reader.
    const tables = Object.fromEntries(Object.entries(expected.tables).map(([table, f]) => [table, f.columns]));
    const before = await installationWide(() => readFigures(db, tables));
    if (before.schema !== expected.schema || before.schema >= '2026-11-30-0020')
      throw new Error(`skema salinan ${before.schema}, angka dibuat pada ${expected.schema}: harus skema sebelum unit`);
    const mismatch = differences({ ...before, reports: expected.reports }, expected, { sequences: true, definitions: true });
    if (mismatch.length) throw new Error(`angka sebelum bukan dari basis data ini:\n  ${mismatch.join('\n  ')}`);

    t = performance.now();
    const applied = (await migrateToLatest(db)).results ?? [];
    const migrationSeconds = seconds(t);
    console.log(`Migrasi: ${applied.map((r) => r.migrationName).join(', ')} dalam ${migrationSeconds.toFixed(1)} s`);

    const outcome = await unitOutcome(db, 'sqlite');
    t = performance.now();
    const files = fileStoreFor(db, { databaseUrl: null, uploadsDir: path.join(work, 'uploads'), dataDir: work });
    const after = await figuresAfter(db, expected, files, outcome.unit?.id ?? 0);
    const readSeconds = seconds(t);

    const rows = Object.entries(expected.tables).map(([table, b]) => {
      const a = after.tables[table]!;
      const sums = Object.entries(b.sums)
        .map(([c, s]) => `${c} ${n(s)}${a.sums[c] === s ? '' : ` ≠ ${n(a.sums[c] ?? 0)}`}`)
        .join('; ');
      return [table, n(b.rows), n(a.rows), a.digest === b.digest ? 'sama' : 'BEDA', sums];
    });
    const head = ['tabel', 'baris sebelum', 'baris sesudah', 'isi', 'jumlah (g, ekor, Rp)'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
    console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);

    const problems = [...differences(expected, after, { sequences: true, definitions: true }), ...outcome.problems];
    const compared = expected.reports.length * REPORT_FILES.length;
    console.log(
      [
        `Unit: ${outcome.unit ? `${outcome.unit.code} "${outcome.unit.name}" (${outcome.unit.kind}, ${outcome.unit.upt_type})` : 'tidak ada'}; komoditas terpetakan ke katalog nasional ${outcome.mapped.done} dari ${outcome.mapped.of}`,
        `Tanda terima: ${n(after.receipts.count)} (${after.receipts.first} … ${after.receipts.last}), nomor ${after.receipts.digest === expected.receipts.digest ? 'sama' : 'BEDA'}`,
        `Laporan final: ${expected.reports.length} bulan × ${REPORT_FILES.length} berkas = ${compared} berkas dibandingkan bita demi bita (${expected.reports.reduce((s, r) => s + Object.values(r.files).reduce((x, f) => x + f.bytes, 0), 0).toLocaleString('id-ID')} bita)`,
        `Waktu: ${oldSeconds === null ? '' : `kode lama ${oldSeconds.toFixed(1)} s, `}migrasi ${migrationSeconds.toFixed(1)} s, angka dan laporan sesudah ${readSeconds.toFixed(1)} s`,
      ].join('\n'),
    );
    if (problems.length) {
      console.log(`\nBERBEDA (${problems.length}):\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log('\nTidak ada yang hilang atau berubah.');
    }
    failed = false;
  } finally {
    await conn.close();
  }
} catch (err) {
  console.error(`Pemeriksaan tidak selesai: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
} finally {
  if (args.keep || failed || process.exitCode) console.log(`Salinan disimpan di ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
