// `DATABASE_URL=postgres://… npm run test:concurrency [-- --clients 40 --rounds 6]`: the guarantees
// SQLite's single writer gave, checked on PostgreSQL under real concurrency. Three server
// processes (one server with WORKERS=2, a second with WORKERS=1, the built `dist/server.js`) over
// one fresh database with the demo data; many clients at once, each with its own login:
//  - kitchen outflows racing for the last kilos of one commodity on one date: the accepted ones
//    never exceed the stock, and the stock is never below zero at any date;
//  - handovers on both servers: receipt numbers gap-free, none twice;
//  - the same form sent to both servers at the same moment: saved once, both answers lead to it.
// Exits 1 when any of these fails. DATABASE_URL names a server where a database may be created
// (it is dropped afterwards); .ci/run passes its throwaway cluster.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { fileStoreFor } from '../src/db/file-store.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { setDefaultUnitScope } from '../src/db/unit-scope.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/features/demo/demo.service.ts';
import { negativeStockReport } from '../src/features/stock/stock.check.ts';
import { wibDate } from '../src/lib/time.ts';
import { createDatabase } from '../test/support/pg-admin.ts';
import { freePort, killStarted, login, multipart, startServer, stopServer, type Session } from './large/bench-http.ts';

// The checks read every unit's records (one unit here) as a whole.
setDefaultUnitScope({ kind: 'installation' });

const args = parseArgs({ options: { clients: { type: 'string', default: '40' }, rounds: { type: 'string', default: '6' } } }).values;
const CLIENTS = Number(args.clients);
const ROUNDS = Number(args.rounds);
const admin = process.env.DATABASE_URL;
if (!admin) {
  console.error('DATABASE_URL tidak diisi: alamat server PostgreSQL tempat basis data uji dibuat (mis. dari scripts/pg-cluster.sh).');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-conc-'));

/** The test's database, dropped at the end whatever happened. */
const made: { db: Awaited<ReturnType<typeof createDatabase>> | null } = { db: null };

async function main(): Promise<boolean> {
  made.db = await createDatabase(admin!, 'lumbung_conc');
  const dbUrl = made.db.url;
  const conn = openPostgres(dbUrl);
  await migrateToLatest(conn.db);
  await seedDemo(conn.db, fileStoreFor(conn.db, { databaseUrl: dbUrl, dataDir, uploadsDir: path.join(dataDir, 'uploads') }));
  const commodities = await conn.db.selectFrom('commodities').select(['id', 'name', 'tracks_heads']).where('active', '=', 1).execute();
  const byName = (n: string) => commodities.find((c) => c.name.toLowerCase() === n)!;
  const raced = byName('cabai');
  const handed = byName('terong');
  const recipients = (await conn.db.selectFrom('recipients').select('id').where('merged_into_id', 'is', null).limit(50).execute()).map(
    (r) => r.id,
  );
  const staf = await conn.db.selectFrom('users').select('id').where('username', '=', 'staf').executeTakeFirstOrThrow();
  const today = wibDate();
  const stockOf = async (commodityId: number) =>
    Number(
      (
        await conn.db
          .selectFrom('stock_movements')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('qty_g'), eb.lit(0)).as('g'))
          .where('commodity_id', '=', commodityId)
          .executeTakeFirstOrThrow()
      ).g,
    );
  const stockBefore = await stockOf(raced.id);
  // Each outflow takes a seventh of the stock, rounded up to 100 g: six fit, the seventh never.
  const portion = Math.ceil(stockBefore / 7 / 100) * 100;

  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const env = { ...process.env, DATABASE_URL: dbUrl, DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn', TRUST_PROXY: '0' };
  const [portA, portB] = [await freePort(), await freePort()];
  const log = path.join(dataDir, 'server.log');
  const a = await startServer(['dist/server.js'], { ...env, PORT: String(portA), WORKERS: '2' }, root, portA, '/healthz', log);
  const b = await startServer(['dist/server.js'], { ...env, PORT: String(portB), WORKERS: '1' }, root, portB, '/healthz', log);
  const bases = [a.base, b.base];

  // Every client its own login (kitchen outflows are recorded by petugas, handovers by staf).
  const sessions: Array<{ base: string; petugas: Session; staf: Session }> = [];
  for (let i = 0; i < CLIENTS; i++) {
    const base = bases[i % 2]!;
    sessions.push({
      base,
      petugas: await login(base, 'petugas', DEMO_PASSWORD, '/stock/outflows/new'),
      staf: await login(base, 'staf', DEMO_PASSWORD, '/distributions/new'),
    });
  }

  const post = async (base: string, p: string, s: Session, body: { body: string; contentType: string } | URLSearchParams) => {
    const r = await fetch(base + p, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, ...(body instanceof URLSearchParams ? {} : { 'content-type': body.contentType }) },
      body: body instanceof URLSearchParams ? body : body.body,
    });
    await r.arrayBuffer();
    return { status: r.status, location: r.headers.get('location') };
  };
  const kitchen = (s: Session) =>
    new URLSearchParams({
      _csrf: s.csrf,
      form_token: randomBytes(16).toString('hex'),
      kind: 'kitchen',
      commodity_id: String(raced.id),
      out_date: today,
      qty_g: (portion / 1000).toString().replace('.', ','),
      heads: '',
      amount_rp: '',
      party: '',
      note: '',
    });
  const handover = (s: Session, token: string, recipient: number) => {
    const fields: Array<[string, string]> = [
      ['_csrf', s.csrf],
      ['form_token', token],
      ['recipient_id', String(recipient)],
      ['event_id', ''],
      ['handed_on', today],
      ['officer_id', String(staf.id)],
    ];
    for (const c of commodities) {
      fields.push([`qty_${c.id}`, c.id === handed.id ? '0,1' : '']);
      if (c.tracks_heads) fields.push([`heads_${c.id}`, '']);
      fields.push([`note_${c.id}`, '']);
    }
    fields.push(['note', '']);
    return multipart(fields, 'photo');
  };

  const counts = { kitchenOk: 0, kitchenRefused: 0, handoverOk: 0, handoverRefused: 0, twinPairs: 0, other: [] as string[] };
  const twinTokens: string[] = [];
  const started = performance.now();
  await Promise.all(
    sessions.map(async (s, i) => {
      for (let round = 0; round < ROUNDS; round++) {
        const [k, h] = await Promise.all([
          post(s.base, '/stock/outflows', s.petugas, kitchen(s.petugas)),
          post(
            s.base,
            '/distributions',
            s.staf,
            handover(s.staf, randomBytes(16).toString('hex'), recipients[(i + round) % recipients.length]!),
          ),
        ]);
        if (k.status === 303) counts.kitchenOk++;
        else if (k.status === 422) counts.kitchenRefused++;
        else counts.other.push(`outflow ${k.status}`);
        if (h.status === 303) counts.handoverOk++;
        else if (h.status === 422) counts.handoverRefused++;
        else counts.other.push(`handover ${h.status}`);
        // The same handover form sent to both servers at once (a double tap through two tabs).
        const token = randomBytes(16).toString('hex');
        twinTokens.push(token);
        const other = sessions[(i + 1) % sessions.length]!;
        const twins = await Promise.all([
          post(s.base, '/distributions', s.staf, handover(s.staf, token, recipients[i % recipients.length]!)),
          post(other.base, '/distributions', s.staf, handover(s.staf, token, recipients[i % recipients.length]!)),
        ]);
        if (twins.every((t) => t.status === 303) && twins[0]!.location === twins[1]!.location) counts.twinPairs++;
        else counts.other.push(`twin ${twins.map((t) => `${t.status} ${t.location}`).join(' / ')}`);
      }
    }),
  );
  // The month lock: kitchen outflows dated in last month race its finalising by the pimpinan. The
  // ones answered 303 must all be in the final report's month, committed before it was finalised;
  // the ones after it are refused with a message.
  const lastMonth = (() => {
    const d = new Date(`${today.slice(0, 7)}-15T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  })();
  await conn.db
    .updateTable('monthly_reports')
    .set({ status: 'reopened', reopened_at: new Date().toISOString(), reopened_by: staf.id, reopen_reason: 'uji' })
    .where('month', '=', lastMonth)
    .where('status', '=', 'final')
    .execute();
  const pimpinan = await login(a.base, 'pimpinan', DEMO_PASSWORD, `/reports?month=${lastMonth}`);
  const lockCounts = { ok: 0, refused: 0, other: 0 };
  const small = (s: Session) => {
    const form = kitchen(s);
    form.set('commodity_id', String(handed.id));
    form.set('out_date', `${lastMonth}-28`);
    form.set('qty_g', '0,01');
    return form;
  };
  const racers = sessions.map(async (s) => {
    for (let round = 0; round < 4; round++) {
      const r = await post(s.base, '/stock/outflows', s.petugas, small(s.petugas));
      if (r.status === 303) lockCounts.ok++;
      else if (r.status === 422) lockCounts.refused++;
      else lockCounts.other++;
    }
  });
  await new Promise((r) => setTimeout(r, 150));
  const finalised = await post(
    a.base,
    `/reports/${lastMonth}/finalise`,
    pimpinan,
    new URLSearchParams({ _csrf: pimpinan.csrf, confirm: '1', maker: '' }),
  );
  await Promise.all(racers);
  if (finalised.status !== 303) counts.other.push(`finalise ${finalised.status}`);

  const seconds = (performance.now() - started) / 1000;
  await stopServer(a.child);
  await stopServer(b.child);

  // What the database says afterwards.
  const stockAfter = await stockOf(raced.id);
  const kitchenRows = await conn.db
    .selectFrom('outflows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('commodity_id', '=', raced.id)
    .where('kind', '=', 'kitchen')
    .where('out_date', '=', today)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const negative = await negativeStockReport(conn.db);
  const year = Number(today.slice(0, 4));
  const numbers = (
    await conn.db.selectFrom('distributions').select('receipt_seq').where('receipt_year', '=', year).orderBy('receipt_seq').execute()
  ).map((r) => r.receipt_seq);
  const gaps = numbers.filter((n, i) => n !== i + 1).length;
  const duplicates = numbers.length - new Set(numbers).size;
  const perToken = await conn.db
    .selectFrom('distributions')
    .select(['form_token', (eb) => eb.fn.countAll<number>().as('n')])
    .where('form_token', 'in', twinTokens)
    .groupBy('form_token')
    .execute();
  const twinsSavedOnce = perToken.filter((t) => Number(t.n) === 1).length;
  const final = await conn.db
    .selectFrom('monthly_reports')
    .select('finalised_at')
    .where('month', '=', lastMonth)
    .where('status', '=', 'final')
    .executeTakeFirst();
  const afterFinal = final
    ? Number(
        (
          await conn.db
            .selectFrom('outflows')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('out_date', '>=', `${lastMonth}-01`)
            .where('out_date', '<=', `${lastMonth}-31`)
            .where('created_at', '>', final.finalised_at)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : -1;
  await conn.close();

  const expectedKitchen = Math.min(CLIENTS * ROUNDS, Math.floor(stockBefore / portion));
  const checks: Array<[string, boolean, string]> = [
    [
      'outflows accepted = what the stock allowed',
      counts.kitchenOk === expectedKitchen && Number(kitchenRows.n) === expectedKitchen,
      `${counts.kitchenOk} answered 303, ${kitchenRows.n} stored, ${expectedKitchen} fit in ${stockBefore} g`,
    ],
    [
      'stock never below zero at any date',
      negative.days.length === 0 && stockAfter >= 0,
      `${negative.days.length} days below zero; ${raced.name} ${stockBefore} → ${stockAfter} g`,
    ],
    [
      'receipt numbers gap-free, none twice',
      gaps === 0 && duplicates === 0 && numbers.length > 0,
      `${numbers.length} receipts in ${year}, ${gaps} gaps, ${duplicates} duplicates`,
    ],
    [
      'each form token saved once',
      twinsSavedOnce === twinTokens.length && counts.twinPairs === twinTokens.length,
      `${twinsSavedOnce} of ${twinTokens.length} tokens one record; ${counts.twinPairs} pairs led to the same receipt`,
    ],
    [
      'nothing enters a month once it is final',
      final !== undefined && afterFinal === 0 && lockCounts.other === 0 && lockCounts.ok + lockCounts.refused === sessions.length * 4,
      `${lastMonth} finalised during ${sessions.length * 4} outflows dated in it: ${lockCounts.ok} saved before, ${lockCounts.refused} refused after, ${afterFinal} saved after it`,
    ],
    ['no other answer (no 500)', counts.other.length === 0, counts.other.slice(0, 5).join('; ') || 'none'],
  ];
  console.log(
    `\n${CLIENTS} clients × ${ROUNDS} rounds over 3 processes (2 servers) in ${seconds.toFixed(1)} s: ` +
      `${counts.kitchenOk + counts.kitchenRefused} kitchen outflows (${counts.kitchenRefused} refused: no stock), ` +
      `${counts.handoverOk + counts.handoverRefused} handovers (${counts.handoverRefused} refused), ${twinTokens.length} doubled forms.`,
  );
  for (const [label, ok, detail] of checks) console.log(`${ok ? 'ok  ' : 'GAGAL'} ${label}: ${detail}`);
  return checks.every(([, ok]) => ok);
}

let ok = false;
try {
  ok = await main();
} catch (err) {
  console.error(err);
} finally {
  killStarted();
  await made.db?.drop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
