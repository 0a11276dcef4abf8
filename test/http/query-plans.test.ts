// The key queries use their indexes: a month's figures never read the whole ledger (EXPLAIN QUERY PLAN).
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { UnitScopePlugin } from '../../src/db/unit-scope.ts';
import { dashboard } from '../../src/features/dashboard/dashboard.service.ts';
import { browseDistributions } from '../../src/features/distributions/distributions.service.ts';
import { browseHarvests, createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { buildSnapshot } from '../../src/features/reports/reports.snapshot.ts';
import { findMovementsToReverse } from '../../src/features/stock/stock.queries.ts';
import { balanceOn, shortages } from '../../src/features/stock/stock.balance.ts';
import { browseMovements, recordOutflow, stockOverview } from '../../src/features/stock/stock.service.ts';
import { addLocation, addUser, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/engine.ts';

/** Tables that grow with the years: a SCAN of one of them is a full read. */
const BIG = [
  'stock_movements',
  'stock_day_totals',
  'harvests',
  'harvest_workers',
  'outflows',
  'distributions',
  'distribution_items',
  'receipt_prints',
  'audit_log',
  'recipients',
];

let t: TestApp;
let db: Kysely<Database>;
const queries: Array<{ sql: string; params: readonly unknown[] }> = [];

beforeAll(async () => {
  if (testEngine !== 'sqlite') return;
  t = await makeTestApp();
  const admin = await addUser(t.db, 'admin', ['admin']);
  const plot = await addLocation(t.db, 'Lahan Blok A');
  await createHarvest(
    t.db,
    {
      commodity_id: TERONG,
      location_id: plot,
      weight_g: 5_000,
      heads: null,
      grade: null,
      harvest_date: '2025-10-03',
      harvest_time: '07:00',
      workers: [],
      note: null,
      form_token: token(),
    },
    admin,
  );
  await recordOutflow(
    t.db,
    {
      kind: 'sale',
      commodity_id: TERONG,
      out_date: '2025-10-04',
      qty_g: 1_000,
      heads: null,
      amount_rp: 9_000,
      party: null,
      note: null,
      form_token: token(),
    },
    admin,
  );
  // A second handle on the same database that keeps every statement it runs, limited to the unit as the app's is.
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: t.sqlite }),
    plugins: [new UnitScopePlugin()],
    log: (e) => void (e.level === 'query' && queries.push({ sql: e.query.sql, params: e.query.parameters })),
  });
});
afterAll(() => t?.close());

/** The SCAN lines of a statement's plan that read a big table (by name or by its alias). */
function fullScans(q: { sql: string; params: readonly unknown[] }): string[] {
  const plan = t.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as Array<{ detail: string }>;
  const aliases = new Map([...q.sql.matchAll(/"(\w+)" as "(\w+)"/g)].map((m) => [m[2]!, m[1]!]));
  return plan
    .map((p) => p.detail)
    .filter((d) => {
      const m = /^SCAN (\w+)/.exec(d);
      return m && BIG.includes(aliases.get(m[1]!) ?? m[1]!);
    });
}

async function plansOf(run: () => Promise<unknown>) {
  queries.length = 0;
  await run();
  expect(queries.length).toBeGreaterThan(0);
  return queries.map((q) => ({ sql: q.sql, scans: fullScans(q) })).filter((q) => q.scans.length);
}

// SQLite's own planner, read through EXPLAIN QUERY PLAN on its handle: on SQLite only. PostgreSQL
// plans (EXPLAIN, with its statistics and a bigger ledger to make index use worth it) are not
// checked yet.
describe.runIf(testEngine === 'sqlite')('query plans', () => {
  it("a month's report reads no big table in full", async () => {
    expect(
      await plansOf(() => buildSnapshot(db, '2025-10', { status: 'draft', generatedAt: new Date().toISOString(), generatedById: null })),
    ).toEqual([]);
  });

  it('the dashboard and the stock page read no big table in full', async () => {
    expect(await plansOf(() => dashboard(db, ['pimpinan', 'petugas', 'staf']))).toEqual([]);
    expect(await plansOf(() => stockOverview(db))).toEqual([]);
  });

  it("a month's lists (harvests, ledger, receipts) read no big table in full", async () => {
    const month = { from: '2025-10-01', to: '2025-10-31' };
    expect(await plansOf(() => browseHarvests(db, { ...month, commodityId: TERONG }, 1))).toEqual([]);
    expect(await plansOf(() => browseMovements(db, { ...month, commodityId: TERONG }, 1))).toEqual([]);
    expect(await plansOf(() => browseDistributions(db, { ...month }, 1))).toEqual([]);
  });

  it('the searched and sorted lists stay on their indexes', async () => {
    const month = { from: '2025-10-01', to: '2025-10-31' };
    // A receipt number, with or without its year, and a recipient's name, over all the years.
    expect(await plansOf(() => browseDistributions(db, { term: { year: 2025, seq: 12 } }, 1))).toEqual([]);
    expect(await plansOf(() => browseDistributions(db, { term: { year: null, seq: 12 } }, 1))).toEqual([]);
    // Part of a name may be anywhere in it: only the names in the register's name index are read
    // (not its rows, nor any receipt), then the receipts by the recipient index.
    const byName = await plansOf(() => browseDistributions(db, { term: { name: 'siti' }, sort: 'number', dir: 'asc' }, 1));
    expect(byName.flatMap((q) => q.scans).filter((d) => d !== 'SCAN recipients USING COVERING INDEX recipients_name_idx')).toEqual([]);
    expect(await plansOf(() => browseDistributions(db, { ...month, sort: 'number', dir: 'asc' }, 1))).toEqual([]);
    expect(await plansOf(() => browseHarvests(db, { ...month, search: 'hujan' }, 1))).toEqual([]);
    expect(await plansOf(() => browseHarvests(db, { ...month, sort: 'number', dir: 'asc' }, 1))).toEqual([]);
  });

  it('a void finds what is still to reverse without reading the ledger', async () => {
    expect(await plansOf(() => findMovementsToReverse(db, { harvestId: 1 }))).toEqual([]);
  });

  it('the stock check of a back-dated write reads the monthly and daily totals by key, never the ledger', async () => {
    const plans = async (run: () => Promise<unknown>) => {
      queries.length = 0;
      await run();
      return queries.map((q) =>
        (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.params as unknown[])) as Array<{ detail: string }>)
          .map((p) => p.detail)
          .join(' | '),
      );
    };
    for (const run of [
      () => shortages(db, [{ commodityId: TERONG, on: '2015-01-02', qtyG: -1_000, heads: 0 }]),
      () => balanceOn(db, TERONG, '2015-01-02'),
    ]) {
      const details = await plans(run);
      expect(details.length).toBeGreaterThan(0);
      expect(details.join('\n')).not.toMatch(/stock_movements/);
      expect(details.join('\n')).not.toMatch(/SCAN stock_(day|month)_totals(?! USING)/);
      expect(details.some((d) => /SEARCH stock_day_totals USING (COVERING )?INDEX stock_day_totals_key/.test(d))).toBe(true);
    }
  });

  it('the check itself catches a full scan', () => {
    expect(fullScans({ sql: 'select sum(qty_g) from stock_movements where heads > ?', params: [0] })).toEqual(['SCAN stock_movements']);
  });
});
