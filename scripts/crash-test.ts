// `npm run test:crash`: the real server on a temporary DATA_DIR, several clients posting harvests,
// handovers and voids at once, kill -9 at a random moment, restart, and check that every answered
// write is there and the record is whole. Repeated for CRASH_ROUNDS rounds (default 5) and until
// CRASH_MIN_WRITES writes (default 2 000) were acknowledged. Exits 1 on any loss or inconsistency.
// With DATABASE_URL (a PostgreSQL server where a database may be created, e.g. from
// scripts/pg-cluster.sh with PG_DURABLE=1): the same on a fresh PostgreSQL database, the server
// running as WORKERS=2 processes, every one of them killed at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openConfigured } from '../src/db/connect.ts';
import { setDefaultUnitScope } from '../src/db/unit-scope.ts';
import { wibDate } from '../src/lib/time.ts';
import { PASSWORD, token } from '../test/support/app.ts';
import { checkLedger } from '../test/support/ledger-check.ts';
import { createDatabase } from '../test/support/pg-admin.ts';
import { Client } from './crash/client.ts';
import { COMMODITIES, LELE, seed, type Seeded } from './crash/seed.ts';
import { startServer, type ServerProcess } from './crash/server.ts';

// The checks read every unit's records (one unit here) as a whole.
setDefaultUnitScope({ kind: 'installation' });

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);
const MIN_WRITES = Number(process.env.CRASH_MIN_WRITES ?? 2000);
const MAX_ROUNDS = Math.max(ROUNDS, 40);
const CLIENTS_PER_KIND = 3;

type Kind = 'harvest' | 'handover' | 'void';
interface Write {
  kind: Kind;
  path: string;
  form: Record<string, string>;
  client: Client;
  /** harvest and handover: the form's one-time token. */
  token: string | null;
  /** The saved record the server redirected to (for a void: the voided handover). */
  id: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const kg = (min: number, max: number) => (min + Math.random() * (max - min)).toFixed(3).replace('.', ',');
const savedId = (location: string | null, prefix: string) => {
  const m = new RegExp(`^/${prefix}/(\\d+)(\\?saved=1)?$`).exec(location ?? '');
  return m ? Number(m[1]) : null;
};

const acknowledged: Write[] = [];
const inFlight = new Set<Write>();
const failures: string[] = [];
const voided = new Set<number>();
const counts = { harvest: 0, handover: 0, void: 0, refused: 0 };
/** The running server, for its output when something goes wrong. */
let current: ServerProcess | null = null;

function harvestWrite(client: Client, s: Seeded): Write {
  const commodity = pick(COMMODITIES);
  const t = token();
  const yesterday = new Date(Date.now() - 86_400_000);
  const form: Record<string, string> = {
    commodity_id: String(commodity),
    location_id: String(commodity === LELE ? s.locations[2] : pick(s.locations.slice(0, 2))),
    weight_g: kg(0.5, 40),
    harvest_date: wibDate(yesterday),
    harvest_time: '07:00',
    note: `uji crash ${t.slice(0, 6)}`,
    form_token: t,
  };
  if (commodity === LELE) form.heads = String(5 + Math.floor(Math.random() * 50));
  return { kind: 'harvest', path: '/harvests', form, client, token: t, id: null };
}

function handoverWrite(client: Client, s: Seeded, officerId: number): Write {
  const t = token();
  const form: Record<string, string> = {
    recipient_id: String(pick(s.recipients)),
    event_id: '',
    handed_on: wibDate(),
    officer_id: String(officerId),
    note: '',
    replaces_id: '',
    qty_1: kg(0.5, 2),
    qty_3: kg(0.5, 2),
    form_token: t,
  };
  if (Math.random() < 0.5) form.qty_2 = kg(0.1, 0.5);
  if (Math.random() < 0.3) Object.assign(form, { qty_4: kg(0.5, 2), heads_4: String(3 + Math.floor(Math.random() * 10)), note_4: 'segar' });
  return { kind: 'handover', path: '/distributions', form, client, token: t, id: null };
}

function voidWrite(client: Client): Write | null {
  const candidates = acknowledged.filter((w) => w.kind === 'handover' && w.id !== null && !voided.has(w.id));
  if (!candidates.length) return null;
  const id = pick(candidates).id!;
  voided.add(id);
  return { kind: 'void', path: `/distributions/${id}/void`, form: { reason: 'Salah penerima (uji)' }, client, token: null, id };
}

/** Sends one write; true when the server answered (whatever it said), false when the connection died. */
async function send(w: Write): Promise<boolean> {
  inFlight.add(w);
  let res;
  try {
    res = await w.client.post(w.path, w.form);
  } catch {
    return false;
  }
  inFlight.delete(w);
  const id = savedId(res.location, w.kind === 'harvest' ? 'harvests' : 'distributions');
  if (res.status === 303 && id !== null && (w.kind !== 'void' || id === w.id)) {
    w.id = id;
    acknowledged.push(w);
    counts[w.kind]++;
  } else if (res.status === 422) {
    counts.refused++;
  } else {
    failures.push(`${w.kind} ${w.path} answered ${res.status} ${res.location ?? ''}`);
  }
  return true;
}

async function clientLoop(next: () => Write | null, stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    const w = next();
    if (!w) {
      await sleep(20);
      continue;
    }
    if (!(await send(w))) return;
  }
}

/** Every write the server acknowledged is in the database, as acknowledged. */
async function findAcknowledged(config: ReturnType<typeof loadConfig>) {
  const conn = await openConfigured(config);
  try {
    const harvests = new Map(
      (await conn.db.selectFrom('harvests').select(['id', 'form_token']).execute()).map((h) => [h.form_token, h.id]),
    );
    const rows = await conn.db.selectFrom('distributions').select(['id', 'form_token', 'status']).execute();
    const handovers = new Map(rows.map((d) => [d.form_token, d.id]));
    const status = new Map(rows.map((d) => [d.id, d.status]));
    let found = 0;
    for (const w of acknowledged) {
      const ok =
        w.kind === 'harvest'
          ? harvests.get(w.token!) === w.id
          : w.kind === 'handover'
            ? handovers.get(w.token!) === w.id
            : status.get(w.id!) === 'void';
      if (ok) found++;
      else failures.push(`lost: ${w.kind} ${w.kind === 'void' ? `of handover ${w.id}` : `#${w.id} (token ${w.token})`}`);
    }
    const ledger = await checkLedger(conn.db, conn.engine === 'sqlite' ? conn.sqlite : null);
    failures.push(...ledger.problems);
    return { found, ledger };
  } finally {
    await conn.close();
  }
}

async function ensureLoggedIn(clients: Client[], server: ServerProcess): Promise<number> {
  let relogins = 0;
  for (const c of clients) {
    c.baseUrl = server.baseUrl;
    const loggedIn = await c.stillLoggedIn().catch(async (err: unknown) => {
      // Seen twice on a loaded machine: the restarted server up, the first request refused.
      if (!server.alive()) throw new Error(`the restarted server died:\n${server.output()}`);
      console.log(
        `note: a request to the restarted server failed (${err instanceof Error ? String(err.cause ?? err.message) : String(err)}); retrying once`,
      );
      await sleep(500);
      return c.stillLoggedIn();
    });
    if (!loggedIn) {
      relogins++;
      await c.login();
    }
  }
  return relogins;
}

/** After a restart: what was cut off is sent again with its own token, as a tablet would; a sample of saved forms too. */
async function resend(): Promise<{ resent: number; repeats: number }> {
  const cutOff = [...inFlight].filter((w) => w.kind !== 'void');
  inFlight.clear();
  for (const w of cutOff) await send(w);
  const sample = acknowledged
    .filter((w) => w.kind !== 'void')
    .sort(() => Math.random() - 0.5)
    .slice(0, 10);
  for (const w of sample) {
    const res = await w.client.post(w.path, w.form);
    if (res.status !== 303 || savedId(res.location, w.kind === 'harvest' ? 'harvests' : 'distributions') !== w.id) {
      failures.push(`a resend of ${w.kind} #${w.id} answered ${res.status} ${res.location ?? ''} instead of the first record`);
    }
  }
  return { resent: cutOff.length, repeats: sample.length };
}

const pgAdmin = process.env.DATABASE_URL || null;

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-crash-'));
  const pgDb = pgAdmin ? await createDatabase(pgAdmin, 'lumbung_crash') : null;
  const pgUrl = pgDb?.url ?? null;
  const env: Record<string, string> = pgUrl ? { DATABASE_URL: pgUrl, WORKERS: '2' } : {};
  if (pgUrl) console.log('PostgreSQL: a fresh database, the server as 2 worker processes (WORKERS=2), all killed at once');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) });
  const seeded = await seed(dataDir, CLIENTS_PER_KIND, pgUrl ?? undefined);
  let server: ServerProcess = (current = await startServer(dataDir, env));
  const petugas = seeded.petugas.map((u) => new Client(server.baseUrl, u, PASSWORD));
  const staf = seeded.staf.map((u) => ({ client: new Client(server.baseUrl, u.username, PASSWORD), id: u.id }));
  const voider = new Client(server.baseUrl, seeded.staf[0]!.username, PASSWORD);
  const clients = [...petugas, ...staf.map((s) => s.client), voider];
  for (const c of clients) await c.login();

  let round = 0;
  let found = 0;
  try {
    while (round < ROUNDS || acknowledged.length < MIN_WRITES) {
      if (++round > MAX_ROUNDS) throw new Error(`only ${acknowledged.length} writes acknowledged after ${MAX_ROUNDS} rounds`);
      const before = acknowledged.length;
      let stopped = false;
      const isStopped = () => stopped;
      const loops = [
        ...petugas.map((c) => clientLoop(() => harvestWrite(c, seeded), isStopped)),
        ...staf.map((s) => clientLoop(() => handoverWrite(s.client, seeded, s.id), isStopped)),
        clientLoop(() => voidWrite(voider), isStopped),
      ];
      const runMs = 1000 + Math.floor(Math.random() * 2000);
      await sleep(runMs);
      if (!server.alive()) failures.push(`the server died on its own in round ${round}:\n${server.output()}`);
      const dead = server.kill9();
      stopped = true;
      await dead;
      await Promise.all(loops);
      const cutOff = inFlight.size;

      const ackedNow = acknowledged.length;

      server = current = await startServer(dataDir, env);
      const relogins = await ensureLoggedIn(clients, server);
      const check = await findAcknowledged(config);
      found = check.found;
      const { resent, repeats } = await resend();
      const receipts =
        Object.entries(check.ledger.receipts)
          .map(([y, n]) => `${y} 1..${n}`)
          .join(', ') || 'none';
      console.log(
        `round ${round}: kill -9 after ${(runMs / 1000).toFixed(1)} s with ${cutOff} requests in flight;` +
          ` acknowledged ${ackedNow - before} (total ${ackedNow}), found ${check.found}, lost ${ackedNow - check.found};` +
          ` receipts ${receipts} without gaps; ${check.ledger.problems.length ? `${check.ledger.problems.length} PROBLEMS` : 'stock = ledger, integrity ok'};` +
          ` cut-off writes resent ${resent}, saved forms resent ${repeats} (answered with the first record)${relogins ? `; ${relogins} sessions lost` : ''}`,
      );
      if (failures.length) break;
    }
    await server.stop();
    const final = await findAcknowledged(config);
    found = final.found;
  } finally {
    await server.stop().catch(() => undefined);
  }

  const lost = acknowledged.length - found;
  console.log(
    `writes: ${counts.harvest} harvests, ${counts.handover} handovers, ${counts.void} voids acknowledged; ${counts.refused} refused with a message; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (failures.length) {
    console.error(`crash test FAILED:\n- ${[...new Set(failures)].slice(0, 40).join('\n- ')}`);
    console.error(`data kept in ${dataDir}`);
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pgDb?.drop();
  }
  console.log(`crash test: ${round} rounds, acknowledged ${acknowledged.length}, found ${found}, lost ${lost}`);
  process.exit(failures.length || lost ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error('crash test could not run:', err instanceof Error ? err.stack : err, err instanceof Error && err.cause ? err.cause : '');
  if (current) console.error(`server output:\n${current.output()}`);
  process.exit(1);
});
