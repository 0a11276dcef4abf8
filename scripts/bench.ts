// `npm run bench [-- --data-dir DIR] [--duration 10] [--connections 50]`: issue #7's measurement.
// In one run: a bare Express "hello" server (the ceiling) and the real app (production, template
// cache on) over a large database, both on 127.0.0.1 as child processes; autocannon on the key
// pages and writes, PDF timings, cold start and peak memory; a table, and JSON in bench/results/.
import SQLite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wibDate, wibTime } from '../src/lib/time.ts';
import {
  freePort,
  killStarted,
  load,
  login,
  MemorySampler,
  median,
  multipart,
  startServer,
  stopServer,
  timeDownload,
  waitIdle,
  type LoadResult,
  type LoadSpec,
} from './large/bench-http.ts';
import { createDatabase } from '../test/support/pg-admin.ts';
import { copySqliteToPostgres } from '../src/db/copy-to-postgres.ts';
import { LARGE_PASSWORD, schemaKey, seedLarge } from './seed-large.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HELLO = `import express from 'express';
const app = express();
app.get('/', (req, res) => { res.send('hello'); });
app.listen(Number(process.env.PORT), '127.0.0.1');`;

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    years: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'pdf-runs': { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
    // pg: the same routes again on PostgreSQL (DATABASE_URL: a server where a database may be
    // made), the 10-year database copied there, with 1 and then 2 server processes.
    engine: { type: 'string', default: 'sqlite' },
    // The oversight pages of issue 18 on a national installation (seed:large --units) instead.
    national: { type: 'boolean', default: false },
    units: { type: 'string', default: '500' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const pdfRuns = Number(args['pdf-runs']);
const log = (s: string) => console.log(s);

/** A copy of the database to work on: the given one, or a cached seed:large database (built once per schema). */
async function prepareDatabase(runDir: string) {
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const target = path.join(runDir, 'lumbung.db');
  if (args['data-dir']) {
    const src = path.join(path.resolve(args['data-dir']), 'lumbung.db');
    if (!fs.existsSync(src)) throw new Error(`${src} tidak ada.`);
    log(`Menyalin ${src} (bench tidak menulis ke folder itu) …`);
    const db = new SQLite(src, { readonly: true });
    await db.backup(target);
    db.close();
    return { source: src, seeded: null };
  }
  const data = path.join(root, 'bench', '.data');
  const cache = path.join(data, `seed-${args.years}y-${schemaKey()}`);
  let seeded = null;
  if (!fs.existsSync(path.join(cache, 'ready.json'))) {
    for (const old of fs.existsSync(data) ? fs.readdirSync(data) : [])
      if (old.startsWith('seed-')) fs.rmSync(path.join(data, old), { recursive: true, force: true });
    log(`Belum ada basis data besar untuk skema ini: membuatnya di ${cache} …`);
    const r = await seedLarge({ dataDir: `${cache}.tmp`, years: Number(args.years), seed: 7, log });
    if (r.problems.length) throw new Error(`data besar tidak konsisten: ${r.problems.join('; ')}`);
    fs.writeFileSync(path.join(`${cache}.tmp`, 'ready.json'), JSON.stringify({ seconds: r.seconds, counts: r.counts }, null, 2));
    fs.renameSync(`${cache}.tmp`, cache);
    seeded = { seconds: Math.round(r.seconds * 10) / 10 };
  }
  fs.copyFileSync(path.join(cache, 'lumbung.db'), target);
  return { source: cache, seeded };
}

/** What the requests need from the database: users, choices, a receipt, the big event, a month. */
function facts(dbFile: string) {
  const db = new SQLite(dbFile, { readonly: true });
  const q = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).all(...p) as T[];
  const one = (sql: string, ...p: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...p) as number;
  const users = Object.fromEntries(q<{ username: string; id: number }>('select username, id from users').map((u) => [u.username, u.id]));
  const commodities = q<{ id: number; name: string; tracks_heads: number }>(
    'select id, name, tracks_heads from commodities where active = 1 order by sort_order, id',
  );
  const locations = q<{ id: number; kind: string }>('select id, kind from locations where active = 1');
  const workers = q<{ label: string }>(
    "select reg_number || ' — ' || name as label from inmates where active = 1 order by id limit 30",
  ).map((w) => w.label);
  const recipients = q<{ id: number }>('select id from recipients where active = 1').map((r) => r.id);
  const event = db
    .prepare(
      "select event_id as id, count(*) as n from distributions where status = 'active' and event_id is not null group by event_id order by n desc, event_id desc limit 1",
    )
    .get() as { id: number; n: number };
  const receipt = one("select max(id) from distributions where status = 'active' and event_id is null");
  const month = (() => {
    const d = new Date(`${wibDate().slice(0, 7)}-15T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  })();
  const counts = Object.fromEntries(
    [
      'stock_movements',
      'harvests',
      'harvest_workers',
      'distributions',
      'distribution_items',
      'outflows',
      'recipients',
      'receipt_prints',
    ].map((t) => [t, one(`select count(*) from ${t}`)]),
  );
  const years = one('select (julianday(max(moved_on)) - julianday(min(moved_on))) / 365.25 from stock_movements');
  db.close();
  if (!event || event.n < 500)
    throw new Error(`tidak ada kegiatan dengan 500 tanda terima sah (terbanyak ${event?.n ?? 0}); buat data dengan npm run seed:large`);
  return { users, commodities, locations, workers, recipients, event, receipt, month, counts, years: Math.round(years * 10) / 10 };
}

/** minRawShare: a write's share of the same transaction on raw SQLite, measured in the run. */
type Target = { minRatio?: number; maxP99?: number; minOkPerSec?: number; minRawShare?: number };
type Facts = ReturnType<typeof facts>;

/** The app's routes under load, for the server at `base` (each engine's run logs in afresh). */
async function appRoutes(base: string, f: Facts) {
  const petugas = await login(base, 'petugas', LARGE_PASSWORD, '/');
  const staf = await login(base, 'staf', LARGE_PASSWORD, '/');
  const pimpinan = await login(base, 'pimpinan', LARGE_PASSWORD, '/');
  const c = (name: string) => f.commodities.find((x) => x.name.toLowerCase() === name)!;

  const harvestBody = () => {
    const com = pickOf(f.commodities);
    const at = new Date(Date.now() - 120_000);
    return multipart(
      [
        ['_csrf', petugas.csrf],
        ['form_token', randomBytes(16).toString('hex')],
        ['commodity_id', String(com.id)],
        ['location_id', String(pickOf(f.locations.filter((l) => (l.kind === 'kolam') === Boolean(com.tracks_heads))).id)],
        ['weight_g', '2,5'],
        ['heads', com.tracks_heads ? '18' : ''],
        ['harvest_date', wibDate(at)],
        ['harvest_time', wibTime(at)],
        ['grade', 'A'],
        ['workers', pickOf(f.workers)],
        ['workers', ''],
        ['workers', ''],
        ['note', ''],
      ],
      'photo',
    );
  };
  const handoverBody = () => {
    const fields: Array<[string, string]> = [
      ['_csrf', staf.csrf],
      ['form_token', randomBytes(16).toString('hex')],
      ['recipient_id', String(pickOf(f.recipients))],
      ['event_id', ''],
      ['handed_on', wibDate()],
      ['officer_id', String(f.users.staf)],
    ];
    for (const com of f.commodities) {
      const small = com.id === c('terong').id || com.id === c('tomat').id;
      fields.push([`qty_${com.id}`, small ? '0,1' : '']);
      if (com.tracks_heads) fields.push([`heads_${com.id}`, '']);
      fields.push([`note_${com.id}`, '']);
    }
    fields.push(['note', '']);
    return multipart(fields, 'photo');
  };

  const month = f.month;
  const routes: Array<{ name: string; spec: LoadSpec; target: Target | null }> = [
    {
      name: 'GET /harvests/new (form)',
      spec: { url: `${base}/harvests/new`, headers: { cookie: petugas.cookie }, okStatus: 200 },
      target: { minRatio: 0.25, maxP99: 50 },
    },
    {
      name: `GET /harvests (${month}, terong, p. 1)`,
      spec: {
        url: `${base}/harvests?from=${month}-01&to=${lastDay(month)}&commodity=${c('terong').id}`,
        headers: { cookie: petugas.cookie },
        okStatus: 200,
      },
      target: { minRatio: 0.25, maxP99: 50 },
    },
    {
      name: 'GET /stock',
      spec: { url: `${base}/stock`, headers: { cookie: petugas.cookie }, okStatus: 200 },
      target: { minRatio: 0.3, maxP99: 50 },
    },
    {
      name: 'GET /dashboard (pimpinan)',
      spec: { url: `${base}/dashboard`, headers: { cookie: pimpinan.cookie }, okStatus: 200 },
      target: { minRatio: 0.2, maxP99: 50 },
    },
    {
      name: 'POST /harvests (durable)',
      spec: { url: `${base}/harvests`, method: 'POST', headers: { cookie: petugas.cookie }, body: harvestBody, okStatus: 303 },
      target: { minOkPerSec: 1000, minRawShare: 0.15 },
    },
    {
      name: 'POST /distributions (handover)',
      spec: { url: `${base}/distributions`, method: 'POST', headers: { cookie: staf.cookie }, body: handoverBody, okStatus: 303 },
      target: { minOkPerSec: 400 },
    },
  ];
  return routes;
}

/** One request each first: a page that fails is reported now, not as a fast stream of errors. */
async function checkRoutes(routes: Array<{ name: string; spec: LoadSpec }>) {
  for (const r of routes) {
    const b = r.spec.body?.();
    const res = await fetch(r.spec.url, {
      method: r.spec.method ?? 'GET',
      redirect: 'manual',
      headers: { ...r.spec.headers, ...(b ? { 'content-type': b.contentType } : {}) },
      body: b?.body,
    });
    const text = await res.text();
    if (res.status !== r.spec.okStatus)
      throw new Error(
        `${r.name}: status ${res.status}, bukan ${r.spec.okStatus}: ${text
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 300)}`,
      );
  }
}

const pickOf = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)} %`;

/** `--national`: the reporting rate, roll-up, dashboard and board on N UPT, each engine asked. */
async function mainNational() {
  const started = new Date();
  const loadavg = os.loadavg();
  if (args.engine !== 'sqlite' && args.engine !== 'pg') throw new Error(`--engine harus sqlite atau pg (diberikan: ${args.engine})`);
  const build = execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.length) log(build.toString());
  const { env, args: startArgs } = productionStart();
  const { benchNational } = await import('./large/national-bench.ts');
  const r = await benchNational({
    root,
    units: Number(args.units),
    years: Number(args.years === '10' ? '2' : args.years),
    engine: args.engine,
    runs: Math.max(3, pdfRuns),
    startArgs,
    startEnv: env,
    log,
  });
  const out = {
    kind: 'national',
    startedAt: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine: { cpus: os.cpus().length, loadavgAtStart: loadavg.map((x) => Math.round(x * 100) / 100), node: process.version },
    git: gitState(),
    units: Number(args.units),
    counts: r.counts,
    seedSeconds: r.seedSeconds,
    copySeconds: r.copySeconds,
    targetMs: 1000,
    pages: r.rows,
    allMet: r.rows.every((x) => x.met),
  };
  const file = path.join(
    root,
    'bench',
    'results',
    `national-${started
      .toISOString()
      .replace(/[:]/g, '-')
      .replace(/\.\d+Z$/, 'Z')}.json`,
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  log(`\n| Halaman | Mesin | Pertama | Median | Terlama | < 1 s |\n|---|---|---:|---:|---:|---|`);
  for (const p of r.rows)
    log(`| ${p.page} | ${p.engine} | ${p.coldMs} ms | ${p.medianMs} ms | ${p.maxMs} ms | ${p.met ? 'memenuhi' : 'TIDAK'} |`);
  log(`\nHasil: ${path.relative(root, file)} (${out.seconds} s, beban awal ${out.machine.loadavgAtStart.join(' / ')})`);
}

async function main() {
  if (args.national) return mainNational();
  const started = new Date();
  const loadavgAtStart = os.loadavg();
  const runDir = path.join(root, 'bench', '.data', 'run');
  const db = await prepareDatabase(runDir);
  const dbFile = path.join(runDir, 'lumbung.db');
  const f = facts(dbFile);
  if (args.engine !== 'sqlite' && args.engine !== 'pg') throw new Error(`--engine harus sqlite atau pg (diberikan: ${args.engine})`);
  // Copied before the SQLite run writes to the file: both engines start from the same records.
  const pgRun = args.engine === 'pg' ? await preparePostgres(dbFile) : null;
  log(
    `Basis data: ${f.counts.stock_movements!.toLocaleString('id-ID')} pergerakan stok, ${f.years} tahun, ${(fs.statSync(dbFile).size / 1e6).toFixed(0)} MB`,
  );

  const helloPort = await freePort();
  const hello = await startServer(
    ['--input-type=module', '-e', HELLO],
    { ...process.env, NODE_ENV: 'production', PORT: String(helloPort) },
    root,
    helloPort,
    '/',
    path.join(runDir, 'hello.log'),
  );

  // The anchors (issue 19): what the same stack serves with no app around it, and what the
  // harvest's own transaction costs on raw SQLite, both measured in this run.
  const leanPort = await freePort();
  const leanRows = path.join(runDir, 'lean-rows.json');
  fs.writeFileSync(leanRows, JSON.stringify(leanPageRows(dbFile)));
  const lean = await startServer(
    [path.join(root, 'scripts', 'large', 'lean-server.mjs')],
    { ...process.env, NODE_ENV: 'production', PORT: String(leanPort), LEAN_DB: path.join(runDir, 'lean.db'), LEAN_ROWS: leanRows },
    root,
    leanPort,
    '/healthz',
    path.join(runDir, 'lean.log'),
  );
  const leanCookie = await leanLogin(lean.base);
  log('Transaksi panen pada SQLite mentah (5 s) …');
  const raw = rawHarvestTransactions(dbFile, path.join(runDir, 'raw.db'), 5);
  log(`SQLite mentah: ${Math.round(raw.perSec)} transaksi panen tahan lama/s`);

  // Cold start: spawn → first 200 on /healthz, three times; the last server stays up.
  const appLog = path.join(runDir, 'app.log');
  const appEnv = { ...process.env, NODE_ENV: 'production', DATA_DIR: runDir, LOG_LEVEL: 'info' } as NodeJS.ProcessEnv;
  // The SQLite run is SQLite's: the PostgreSQL server named for --engine pg is only for the runs after it.
  delete appEnv.DATABASE_URL;
  delete appEnv.WORKERS;
  delete appEnv.SESSION_SECRET;
  // The app as `npm start` runs it: built first (as prestart does), then node with the start script's arguments.
  const build = execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.length) log(build.toString());
  const { env: startEnv, args: startArgs } = productionStart();
  const colds: number[] = [];
  let app!: Awaited<ReturnType<typeof startServer>>;
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    app = await startServer(startArgs, { ...appEnv, ...startEnv, PORT: String(port) }, root, port, '/healthz', appLog);
    colds.push(app.coldStartMs);
    if (i < 2) await stopServer(app.child);
  }
  log(`Mulai dingin (node ${startArgs.join(' ')}): ${colds.map((c) => c.toFixed(0)).join(', ')} ms`);
  const memory = new MemorySampler(app.child.pid!);
  const rssAtStart = Math.round(memory.sample() / 1024);
  // Idle: the start finished (the receipt warm-up drawn a second after listening), no request yet.
  await new Promise((r) => setTimeout(r, 5000));
  const rssIdle = Math.round(memory.sample() / 1024);
  log(`Memori: ${rssAtStart} MB saat siap, ${rssIdle} MB diam 5 s kemudian`);

  const routes = [
    { name: 'bare Express "hello"', spec: { url: `${hello.base}/`, okStatus: 200 } as LoadSpec, target: null },
    {
      name: 'lean same-stack page (reference)',
      spec: { url: `${lean.base}/page`, headers: { cookie: leanCookie }, okStatus: 200 } as LoadSpec,
      target: null,
    },
    ...(await appRoutes(app.base, f)),
  ];
  const pimpinan = await login(app.base, 'pimpinan', LARGE_PASSWORD, '/');
  const month = f.month;
  await checkRoutes(routes);
  const results: Array<{ name: string; result: LoadResult; target: (typeof routes)[number]['target'] }> = [];
  for (const r of routes) {
    log(`autocannon ${connections} koneksi: ${r.name} (pemanasan 2 s, lalu ${duration} s) …`);
    const server = [hello.base, lean.base].find((b) => r.spec.url.startsWith(b)) ?? app.base;
    await load(r.spec, connections, 2);
    await waitIdle(server);
    const t0 = new Date().toISOString();
    const result = await load(r.spec, connections, duration);
    const drainMs = await waitIdle(server);
    Object.assign(result, { drainMs: Math.round(drainMs), rssMbAfter: Math.round(memory.sample() / 1024) });
    if (r.spec.method === 'POST' && r.spec.url.endsWith('/harvests')) {
      const check = new SQLite(dbFile, { readonly: true });
      const stored = Number(check.prepare('select count(*) from harvests where created_at >= ?').pluck().get(t0));
      check.close();
      Object.assign(result, { storedRows: stored });
    }
    results.push({ name: r.name, result, target: r.target });
  }

  const loadavgAtLoads = os.loadavg();
  log('Waktu PDF dan unduhan (dengan /healthz ditanya terus selama dibuat) …');
  const base = app.base;
  // stall: the worst /healthz wait while the file is made must stay ≤ 50 ms; firstByte and
  // memory: the event PDF streams, the server does not hold the document.
  const pdfs = [
    {
      name: 'receipt PDF (1 tanda terima)',
      url: `${base}/distributions/${f.receipt}/receipt.pdf`,
      warm: 2,
      runs: pdfRuns,
      targetMs: 20,
      magic: '%PDF-',
      stall: false,
      streams: false,
    },
    {
      name: `event PDF (${f.event.n} tanda terima)`,
      url: `${base}/events/${f.event.id}/receipts.pdf`,
      warm: 1,
      runs: Math.min(3, pdfRuns),
      targetMs: 5000,
      magic: '%PDF-',
      stall: true,
      streams: true,
    },
    {
      name: `monthly report PDF (${month})`,
      url: `${base}/reports/${month}/report.pdf`,
      warm: 1,
      runs: pdfRuns,
      targetMs: 150,
      magic: '%PDF-',
      stall: true,
      streams: false,
    },
    {
      name: `harvest export XLSX (${f.years} years)`,
      url: `${base}/harvests/export.xlsx`,
      warm: 1,
      runs: Math.min(3, pdfRuns),
      targetMs: null,
      magic: 'PK',
      stall: true,
      streams: false,
    },
  ];
  const pdfResults = [];
  for (const p of pdfs) {
    const d = await timeDownload(p.url, pimpinan.cookie, p.warm, p.runs, { pid: app.child.pid!, magic: p.magic });
    const med = median(d.times);
    const worstWait = Math.max(...d.worstWaitMs);
    const firstByte = median(d.firstByteMs);
    const growth = Math.max(...d.rssGrowthMb);
    const checks: boolean[] = [];
    const wants: string[] = [];
    if (p.targetMs !== null) {
      checks.push(med < p.targetMs);
      wants.push(`< ${p.targetMs} ms`);
    }
    if (p.stall) {
      checks.push(worstWait <= 50);
      wants.push('wait ≤ 50 ms');
    }
    if (p.streams) {
      checks.push(firstByte < 300, growth < d.bytes / 1e6);
      wants.push('1st byte < 300 ms', `RSS +< ${(d.bytes / 1e6).toFixed(1)} MB`);
    }
    pdfResults.push({
      rssMbAfter: Math.round(memory.sample() / 1024),
      name: p.name,
      path: new URL(p.url).pathname,
      timesMs: d.times.map((t) => Math.round(t * 10) / 10),
      medianMs: Math.round(med * 10) / 10,
      firstByteMs: Math.round(firstByte * 10) / 10,
      worstWaitMs: Math.round(worstWait * 10) / 10,
      rssGrowthMb: Math.round(growth * 10) / 10,
      bytes: d.bytes,
      targetMs: p.targetMs,
      target: wants.join(', '),
      met: checks.every(Boolean),
    });
  }
  const mem = memory.stop();
  await stopServer(app.child);
  await stopServer(hello.child);
  await stopServer(lean.child);
  const pgResults: Array<{ workers: number; rows: Array<{ name: string; rps: number; okPerSec: number; p99: number; ratio: number }> }> =
    [];
  if (pgRun) {
    for (const workers of [1, 2]) {
      const port = await freePort();
      const env = { ...appEnv, ...startEnv, PORT: String(port), DATABASE_URL: pgRun.url, WORKERS: String(workers) };
      const pgApp = await startServer(startArgs, env, root, port, '/healthz', appLog);
      const pgRoutes = await appRoutes(pgApp.base, f);
      await checkRoutes(pgRoutes);
      const rows = [];
      for (const r of pgRoutes) {
        log(`PostgreSQL, ${workers} proses: ${r.name} …`);
        await load(r.spec, connections, 2);
        await waitIdle(pgApp.base);
        const x = await load(r.spec, connections, duration);
        await waitIdle(pgApp.base);
        rows.push({ name: r.name, rps: Math.round(x.rps), okPerSec: Math.round(x.okPerSec), p99: x.p99, ratio: 0 });
      }
      await stopServer(pgApp.child);
      pgResults.push({ workers, rows });
    }
    await pgRun.drop();
  }
  const appErrors = fs
    .readFileSync(appLog, 'utf8')
    .split('\n')
    .filter((l) => /"level":(50|60)/.test(l)).length;

  // ---- the table ----
  const bare = results[0]!.result.rps;
  const rows = results.map(({ name, result: r, target: t }) => {
    const post = r.ok !== r.total || name.startsWith('POST');
    const ratio = (post ? r.okPerSec : r.rps) / bare;
    const checks: boolean[] = [];
    const wants: string[] = [];
    if (t?.minRatio !== undefined) {
      checks.push(ratio >= t.minRatio);
      wants.push(`≥ ${pct(t.minRatio)}`);
    }
    if (t?.maxP99 !== undefined) {
      checks.push(r.p99 < t.maxP99);
      wants.push(`p99 < ${t.maxP99} ms`);
    }
    if (t?.minOkPerSec !== undefined) {
      checks.push(r.okPerSec >= t.minOkPerSec);
      wants.push(`≥ ${t.minOkPerSec} writes/s`);
    }
    if (t?.minRawShare !== undefined) {
      checks.push(r.okPerSec / raw.perSec >= t.minRawShare);
      wants.push(`${pct(r.okPerSec / raw.perSec)} of raw ≥ ${pct(t.minRawShare)}`);
    }
    const others = Object.entries(r.statuses)
      .filter(([s]) => Number(s) !== (post ? 303 : 200))
      .map(([s, n]) => `${s}×${n}`);
    if (r.errors) others.push(`errors×${r.errors}`);
    return {
      ...r,
      name,
      rps: Math.round(r.rps),
      okPerSec: Math.round(r.okPerSec),
      ratio: Math.round(ratio * 1000) / 1000,
      target: wants.join(', ') || '–',
      met: checks.length ? checks.every(Boolean) : null,
      other: others.join(' '),
    };
  });
  // The first start meets a freshly copied file and reads it whole (quick_check); the others follow a
  // clean stop, as a restart of the unit's server does.
  const coldMedian = median(colds.slice(1));
  const summary = [
    {
      name: 'cold start after a clean stop (median of 2)',
      value: `${coldMedian.toFixed(0)} ms`,
      target: '< 1000 ms',
      met: coldMedian < 1000,
    },
    { name: 'first start on a copied file (quick_check)', value: `${colds[0]!.toFixed(0)} ms`, target: '–', met: null },
    { name: 'server idle memory (RSS 5 s after start)', value: `${rssIdle} MB`, target: '≤ 100 MB', met: rssIdle <= 100 },
    { name: 'server peak memory (VmHWM)', value: `${mem.hwmMb.toFixed(0)} MB`, target: '≤ 150 MB', met: mem.hwmMb <= 150 },
  ];

  const line = (cells: string[], widths: number[]) =>
    cells.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
  const w = [40, 8, 8, 8, 8, 44, 5];
  log(`\n${line(['route', 'req/s', 'ok/s', 'p50 ms', 'p99 ms', 'vs bare · target', 'met'], w)}`);
  for (const r of rows) {
    log(
      line(
        [
          r.name,
          String(r.rps),
          String(r.okPerSec),
          String(r.p50),
          String(r.p99),
          `${pct(r.ratio)} · ${r.target}`,
          r.met === null ? '–' : r.met ? 'yes' : 'NO',
        ],
        w,
      ) + (r.other ? `   other: ${r.other}` : ''),
    );
  }
  log('');
  log(
    line(
      ['raw SQLite harvest transaction (anchor)', '', String(Math.round(raw.perSec)), '', '', 'synchronous=FULL, BEGIN IMMEDIATE', '–'],
      w,
    ),
  );
  log('');
  log(line(['download', 'median', '1st byte', 'worst wait', 'RSS +MB', 'target', 'met'], w));
  for (const p of pdfResults)
    log(
      line([p.name, `${p.medianMs}`, `${p.firstByteMs}`, `${p.worstWaitMs}`, `${p.rssGrowthMb}`, p.target, p.met ? 'yes' : 'NO'], w) +
        `   runs: ${p.timesMs.join(', ')}; ${(p.bytes / 1e6).toFixed(2)} MB`,
    );
  log('');
  for (const s of summary) log(line([s.name, '', '', '', '', `${s.value} · ${s.target}`, s.met === null ? '–' : s.met ? 'yes' : 'NO'], w));
  if (pgResults.length) {
    const pw = [40, 12, 14, 14];
    log(`\n${line(['route (req/s; POST: ok/s) · p99 ms', 'SQLite', 'PG 1 proses', 'PG 2 proses'], pw)}`);
    for (const r of rows.slice(1)) {
      const post = r.name.startsWith('POST');
      const cell = (x: { rps: number; okPerSec: number; p99: number } | undefined) => (x ? `${post ? x.okPerSec : x.rps} · ${x.p99}` : '–');
      log(line([r.name, cell(r), ...pgResults.map((p) => cell(p.rows.find((x) => x.name === r.name)))], pw));
    }
    for (const p of pgResults)
      for (const x of p.rows) x.ratio = Math.round(((x.name.startsWith('POST') ? x.okPerSec : x.rps) / bare) * 1000) / 1000;
  }
  const harvestRow = rows.find((r) => r.name.startsWith('POST /harvests')) as (typeof rows)[number] & { storedRows?: number };
  log(
    `\nPOST /harvests: ${harvestRow.ok} jawaban 303, ${harvestRow.storedRows} baris panen baru di basis data. Galat server di log: ${appErrors}.`,
  );

  const out = {
    startedAt: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 1e9),
      node: process.version,
      loadavgAtStart,
      loadavgAtEnd: os.loadavg(),
      loadavgAtLoads: loadavgAtLoads,
    },
    git: gitState(),
    database: {
      source: db.source.startsWith(root) ? path.relative(root, db.source) : db.source,
      seeded: db.seeded,
      sizeMb: Math.round(fs.statSync(dbFile).size / 1e6),
      years: f.years,
      counts: f.counts,
    },
    settings: { connections, durationS: duration, warmupS: 2, pdfRuns },
    routes: rows,
    pdfs: pdfResults,
    coldStartMs: colds.map(Math.round),
    memoryMb: {
      atStart: rssAtStart,
      idle: rssIdle,
      peakRss: Math.round(mem.peakMb),
      hwm: Math.round(mem.hwmMb),
      atEnd: Math.round(mem.nowMb),
    },
    summary,
    rawHarvestTransactionsPerSec: Math.round(raw.perSec),
    postgres: pgRun ? { copySeconds: pgRun.copySeconds, runs: pgResults } : null,
    appErrorLines: appErrors,
  };
  const resultsDir = path.join(root, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(
    resultsDir,
    `${started
      .toISOString()
      .replace(/:/g, '-')
      .replace(/\.\d+Z$/, 'Z')}.json`,
  );
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  log(`\n${markdown(out)}`);
  log(`\nHasil: ${path.relative(root, file)} (${out.seconds} s)`);
  if (!args.keep) fs.rmSync(runDir, { recursive: true, force: true });
}

/** The run as the README's performance table (`npm run bench` prints it; paste it whole). */
function markdown(out: {
  startedAt: string;
  git: { commit: string } | null;
  machine: { cpus: number; loadavgAtStart: number[]; loadavgAtLoads: number[] };
  routes: Array<{ name: string; rps: number; okPerSec: number; p99: number; ratio: number; target: string; met: boolean | null }>;
  pdfs: Array<{
    name: string;
    medianMs: number;
    firstByteMs: number;
    worstWaitMs: number;
    rssGrowthMb: number;
    target: string;
    met: boolean;
  }>;
  summary: Array<{ name: string; value: string; target: string; met: boolean | null }>;
  rawHarvestTransactionsPerSec: number;
}): string {
  const yes = (m: boolean | null) => (m === null ? '–' : m ? 'met' : '**not met**');
  const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    `Run of ${out.startedAt.slice(0, 16).replace('T', ' ')} UTC at ${out.git?.commit ?? '?'}, ${out.machine.cpus} cores, load average ${load(out.machine.loadavgAtStart)} at the start and ${load(out.machine.loadavgAtLoads)} after the loads (1 / 5 / 15 min).`,
    '',
    '| route (50 connections, 10 s) | req/s (POST: ok/s) | p99 | share of "hello" | target | |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...out.routes.map((r) => {
      const post = r.name.startsWith('POST');
      return `| ${r.name} | ${post ? r.okPerSec : r.rps} | ${r.p99} ms | ${Math.round(r.ratio * 100)} % | ${r.target} | ${yes(r.met)} |`;
    }),
    `| raw SQLite harvest transaction (anchor) | ${out.rawHarvestTransactionsPerSec} | | | | |`,
    '',
    '| download | time | first byte | worst wait of another request | memory growth | target | |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...out.pdfs.map(
      (p) =>
        `| ${p.name} | ${p.medianMs} ms | ${p.firstByteMs} ms | ${p.worstWaitMs} ms | ${p.rssGrowthMb} MB | ${p.target} | ${yes(p.met)} |`,
    ),
    '',
    '| measure | value | target | |',
    '| --- | ---: | --- | --- |',
    ...out.summary.map((x) => `| ${x.name} | ${x.value} | ${x.target} | ${yes(x.met)} |`),
  ];
  return lines.join('\n');
}

/** 25 harvests as the harvest list shows them, for the lean reference page. */
function leanPageRows(dbFile: string) {
  const db = new SQLite(dbFile, { readonly: true });
  const rows = db
    .prepare(
      `select h.id, h.harvested_at, c.name as commodity, l.name as location, h.weight_g, u.full_name as officer
         from harvests h join commodities c on c.id = h.commodity_id join locations l on l.id = h.location_id
         join users u on u.id = h.recorded_by order by h.id desc limit 25`,
    )
    .all();
  db.close();
  return rows;
}

async function leanLogin(base: string): Promise<string> {
  const r = await fetch(`${base}/login`, { redirect: 'manual' });
  await r.arrayBuffer();
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('lean.sid='));
  if (!cookie) throw new Error('halaman rujukan tidak memberi sesi');
  return cookie;
}

/**
 * The harvest's transaction with nothing around it: the harvest, its stock movement and its audit
 * row inserted in one BEGIN IMMEDIATE transaction, WAL with synchronous=FULL as the app sets it, one
 * after the other for `seconds` on a copy of the bench database. The ceiling a harvest POST is
 * measured against.
 */
function rawHarvestTransactions(dbFile: string, copy: string, seconds: number) {
  fs.copyFileSync(dbFile, copy);
  const db = new SQLite(copy);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const pick = db
    .prepare(
      `select c.unit_id, c.id as commodity_id, l.id as location_id, (select id from users where username = 'petugas') as user_id
         from commodities c join locations l on l.unit_id = c.unit_id and l.kind <> 'kolam'
        where c.active = 1 and c.tracks_heads = 0 and l.active = 1 limit 1`,
    )
    .get() as { unit_id: number; commodity_id: number; location_id: number; user_id: number };
  const harvest = db.prepare(
    `insert into harvests (unit_id, commodity_id, location_id, harvested_at, harvest_date, weight_g, grade, recorded_by, form_token, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, 2500, 'A', ?, ?, 'active', ?, ?)`,
  );
  const movement = db.prepare(
    `insert into stock_movements (unit_id, commodity_id, moved_on, kind, qty_g, harvest_id, created_at, created_by) values (?, ?, ?, 'harvest', 2500, ?, ?, ?)`,
  );
  const audit = db.prepare(
    `insert into audit_log (unit_id, at, user_id, action, entity, entity_id, after_json) values (?, ?, ?, 'create', 'harvest', ?, ?)`,
  );
  const one = db.transaction(() => {
    const now = new Date().toISOString();
    const day = wibDate();
    const id = Number(
      harvest.run(pick.unit_id, pick.commodity_id, pick.location_id, now, day, pick.user_id, randomBytes(16).toString('hex'), now, now)
        .lastInsertRowid,
    );
    movement.run(pick.unit_id, pick.commodity_id, day, id, now, pick.user_id);
    audit.run(pick.unit_id, now, pick.user_id, String(id), JSON.stringify({ id, weight_g: 2500 }));
  });
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    one.immediate();
    n++;
  }
  const perSec = n / ((performance.now() - t0) / 1000);
  db.close();
  fs.rmSync(copy, { force: true });
  for (const x of ['-wal', '-shm']) fs.rmSync(copy + x, { force: true });
  return { perSec, n };
}

/** A fresh PostgreSQL database with the bench's records (npm run copy:pg's copy), and the call that drops it. */
async function preparePostgres(dbFile: string) {
  const admin = process.env.DATABASE_URL;
  if (!admin)
    throw new Error('--engine pg memerlukan DATABASE_URL: server PostgreSQL tempat basis data bench dibuat (mis. scripts/pg-cluster.sh).');
  const { url, name, drop } = await createDatabase(admin, 'lumbung_bench');
  log(`Menyalin basis data ke PostgreSQL (${name}) …`);
  const copy = await copySqliteToPostgres(dbFile, url);
  log(`Disalin: ${copy.rows.toLocaleString('id-ID')} baris dalam ${copy.seconds.toFixed(0)} s`);
  return { url, copySeconds: Math.round(copy.seconds), drop };
}

/** `[NAME=value …] [exec] node <args> dist/server.js` from package.json's start script: the bench runs what production runs. */
function productionStart(): { env: Record<string, string>; args: string[] } {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  // `exec node`: the shell npm starts is replaced by node, so signals reach the server itself.
  if (words[0] === 'exec') words.shift();
  if (words.shift() !== 'node') throw new Error(`skrip start bukan "node …": ${start}`);
  return { env, args: words };
}

function gitState() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations', 'views'], { cwd: root })
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean);
    return { commit, uncommittedAppFiles: dirty };
  } catch {
    return null;
  }
}

process.once('SIGINT', () => {
  killStarted();
  process.exit(130);
});
main().catch((err: unknown) => {
  killStarted();
  console.error(`Bench gagal: ${err instanceof Error ? `${err.message}${err.cause ? ` (${String(err.cause)})` : ''}` : String(err)}`);
  process.exit(1);
});
