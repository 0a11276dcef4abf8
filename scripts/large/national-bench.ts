// `npm run bench -- --national [--units 500] [--engine pg]`: the oversight pages of issue 18 on a
// national installation (seed:large --units), timed one request at a time as a head opens them —
// the first (cold: nothing cached) and the median and worst of the next ones — on SQLite and, with
// --engine pg, on PostgreSQL with the same records. Target: each under 1 s.
import fs from 'node:fs';
import path from 'node:path';
import { copySqliteToPostgres } from '../../src/db/copy-to-postgres.ts';
import { createDatabase } from '../../test/support/pg-admin.ts';
import { freePort, login, median, startServer, stopServer } from './bench-http.ts';
import { NATIONAL_PASSWORD, seedNationalLarge } from './national.ts';

const TARGET_MS = 1000;

interface PageTime {
  page: string;
  engine: string;
  coldMs: number;
  medianMs: number;
  maxMs: number;
  bytes: number;
  met: boolean;
}

async function timeGet(url: string, cookie: string, check: (status: number, type: string, body: Buffer) => boolean) {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { cookie } });
  const body = Buffer.from(await r.arrayBuffer());
  const ms = performance.now() - t0;
  if (!check(r.status, r.headers.get('content-type') ?? '', body))
    throw new Error(`${url}: status ${r.status}, ${r.headers.get('content-type')}`);
  return { ms, bytes: body.length };
}

async function pagesOn(engine: string, base: string, month: string, runs: number, log: (s: string) => void): Promise<PageTime[]> {
  const { cookie } = await login(base, 'ditjenpas', NATIONAL_PASSWORD, '/oversight');
  const html = (s: number, t: string) => s === 200 && t.startsWith('text/html');
  const pages: Array<[string, string, (s: number, t: string, b: Buffer) => boolean]> = [
    ['reporting rate (500 UPT)', `/oversight?month=${month}`, html],
    ['national roll-up PDF', `/oversight/rollup/${month}.pdf`, (s, _t, b) => s === 200 && b.subarray(0, 5).toString() === '%PDF-'],
    ['national roll-up XLSX', `/oversight/rollup/${month}.xlsx`, (s, _t, b) => s === 200 && b.subarray(0, 2).toString() === 'PK'],
    ['national dashboard', `/oversight/dashboard`, html],
    ['harvest-day board', `/harvest-days/1`, html],
  ];
  const out: PageTime[] = [];
  for (const [page, url, check] of pages) {
    const cold = await timeGet(base + url, cookie, check);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await timeGet(base + url, cookie, check)).ms);
    const row = {
      page,
      engine,
      coldMs: Math.round(cold.ms),
      medianMs: Math.round(median(times)),
      maxMs: Math.round(Math.max(...times)),
      bytes: cold.bytes,
      met: Math.max(cold.ms, ...times) < TARGET_MS,
    };
    log(
      `  ${engine.padEnd(16)} ${page.padEnd(26)} pertama ${String(row.coldMs).padStart(5)} ms, median ${String(row.medianMs).padStart(5)} ms, terlama ${String(row.maxMs).padStart(5)} ms  ${row.met ? 'memenuhi' : 'TIDAK memenuhi'} (< ${TARGET_MS} ms)`,
    );
    out.push(row);
  }
  return out;
}

export async function benchNational(opts: {
  root: string;
  units: number;
  years: number;
  engine: 'sqlite' | 'pg';
  runs: number;
  startArgs: string[];
  startEnv: Record<string, string>;
  log: (s: string) => void;
}): Promise<{ rows: PageTime[]; counts: Record<string, number>; seedSeconds: number; copySeconds: number | null }> {
  const { log } = opts;
  const runDir = path.join(opts.root, 'bench', '.data', `national-${opts.units}`);
  fs.rmSync(runDir, { recursive: true, force: true });
  log(`Membuat instalasi nasional: ${opts.units} UPT, ${opts.years} tahun …`);
  const seeded = await seedNationalLarge({ dataDir: runDir, units: opts.units, years: opts.years, seed: 7, log });
  const env = {
    ...process.env,
    ...opts.startEnv,
    NODE_ENV: 'production',
    DATA_DIR: runDir,
    LOG_LEVEL: 'warn',
  } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.WORKERS;
  const rows: PageTime[] = [];
  const run = async (engine: string, extra: NodeJS.ProcessEnv) => {
    const port = await freePort();
    const app = await startServer(
      opts.startArgs,
      { ...env, ...extra, PORT: String(port) },
      opts.root,
      port,
      '/healthz',
      path.join(runDir, `app-${engine}.log`),
    );
    try {
      // As a server in use: its start finished (the PDF fonts warmed a second after listening).
      await new Promise((r) => setTimeout(r, 3000));
      rows.push(...(await pagesOn(engine, app.base, seeded.month, opts.runs, log)));
    } finally {
      await stopServer(app.child);
    }
  };
  await run('SQLite', {});
  let copySeconds: number | null = null;
  if (opts.engine === 'pg') {
    const admin = process.env.DATABASE_URL;
    if (!admin) throw new Error('--engine pg memerlukan DATABASE_URL (mis. scripts/pg-cluster.sh).');
    const { url, drop } = await createDatabase(admin, 'lumbung_national');
    try {
      log('Menyalin instalasi nasional ke PostgreSQL …');
      const copy = await copySqliteToPostgres(seeded.dbFile, url);
      copySeconds = Math.round(copy.seconds);
      await run('PostgreSQL', { DATABASE_URL: url });
    } finally {
      await drop();
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  return { rows, counts: seeded.counts, seedSeconds: Math.round(seeded.seconds), copySeconds };
}
