import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { migrateDownOne, migrateToLatest } from '../../src/db/migrate.ts';
import { DEMO_PASSWORD, DemoRefused, seedDemo } from '../../src/features/demo/demo.service.ts';
import { settingsOn, signatoryOn } from '../../src/features/settings/settings.service.ts';
import { login, makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
// Every test below reads the one demo database, so it is made before them, not inside the first
// (a seed that ran past the test's 20 s left the others failing on half a demo). Through the real
// services it takes ≈ 5 s on SQLite and ≈ 24 s on PostgreSQL on the 2-core CI machine: thousands of
// transactions, each a few round trips to the server.
beforeAll(async () => {
  t = await makeTestApp();
  await seedDemo(t.db, t.files);
}, 180_000);
afterAll(() => t?.close());

describe('demo data', () => {
  it('creates the four demo users, the Blora letterhead and the change of head on 2025-03-01', async () => {
    for (const u of ['admin', 'petugas', 'staf', 'pimpinan']) {
      const agent = await login(t.app, u, DEMO_PASSWORD);
      expect((await agent.get('/')).status, u).toBe(200);
    }
    expect((await settingsOn(t.db, '2024-12-24'))?.unit_name).toBe('RUMAH TAHANAN NEGARA KELAS IIB BLORA');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2024-12-24'))?.name).toBe('Budi Hardiono');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-02-28'))?.name).toBe('Budi Hardiono');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-03-01'))?.name).toBe('Sugito');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-10-27'))?.name).toBe('Sugito');
  });

  it('adds harvests several times a week since November 2024, with outflows that never overdraw the stock', async () => {
    const perMonth = await t.db
      .selectFrom('harvests')
      .select((eb) => [eb.fn.countAll<number>().as('n')])
      .where('harvest_date', '>=', '2025-10-01')
      .where('harvest_date', '<=', '2025-10-31')
      .executeTakeFirstOrThrow();
    expect(Number(perMonth.n)).toBeGreaterThan(25);
    const lele = await t.db.selectFrom('harvests').selectAll().where('commodity_id', '=', 4).limit(5).execute();
    for (const h of lele) expect(h.heads).toBeGreaterThan(0);
    for (const kind of ['kitchen', 'sale', 'loss'] as const) {
      expect((await t.db.selectFrom('outflows').select('id').where('kind', '=', kind).execute()).length, kind).toBeGreaterThan(5);
    }
    const moves = await t.db
      .selectFrom('stock_movements')
      .select(['commodity_id', 'qty_g', 'heads'])
      .orderBy('moved_on')
      .orderBy('id')
      .execute();
    const running = new Map<number, { g: number; h: number }>();
    for (const m of moves) {
      const r = running.get(m.commodity_id) ?? { g: 0, h: 0 };
      r.g += m.qty_g;
      r.h += m.heads;
      running.set(m.commodity_id, r);
      expect(r.g).toBeGreaterThanOrEqual(0);
      expect(r.h).toBeGreaterThanOrEqual(0);
    }
    const page = await (await login(t.app, 'petugas', DEMO_PASSWORD)).get('/stock');
    expect(page.text).toContain(new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 }).format(running.get(1)!.g / 1000) + ' kg');
  });

  it('recreates the Panen Raya of 24-12-2024 and the Bakti Sosial of 27-10-2025, and regular handovers', async () => {
    const events = await t.db.selectFrom('events').selectAll().orderBy('event_date').execute();
    expect(events.map((e) => [e.event_date, e.kind])).toEqual([
      ['2024-12-24', 'panen_raya'],
      ['2025-10-27', 'bakti_sosial'],
    ]);
    const of = (eventId: number) =>
      t.db
        .selectFrom('distributions as d')
        .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
        .select(['d.id', 'd.status', 'd.replaces_id', 'r.category'])
        .where('d.event_id', '=', eventId)
        .orderBy('d.id')
        .execute();
    const raya = await of(events[0]!.id);
    expect(raya.map((d) => d.category)).toEqual(['keluarga_wbp', 'keluarga_wbp', 'masyarakat', 'masyarakat']);
    const rayaItems = await t.db
      .selectFrom('distribution_items')
      .select('commodity_id')
      .where('distribution_id', '=', raya[0]!.id)
      .orderBy('commodity_id')
      .execute();
    expect(rayaItems.map((i) => i.commodity_id)).toEqual([1, 2, 3, 4]);
    const bakti = await of(events[1]!.id);
    expect(bakti.every((d) => d.category === 'keluarga_wbp')).toBe(true);
    expect(bakti.filter((d) => d.status === 'void')).toHaveLength(1);
    expect(bakti.filter((d) => d.replaces_id !== null)).toHaveLength(1);
    const walkIns = await t.db.selectFrom('distributions').select('id').where('event_id', 'is', null).execute();
    expect(walkIns.length).toBeGreaterThan(20);
    // Numbers run 1, 2, 3… within each year, without a gap.
    const numbers = await t.db
      .selectFrom('distributions')
      .select(['receipt_year', 'receipt_seq'])
      .orderBy('receipt_year')
      .orderBy('receipt_seq')
      .execute();
    for (const year of new Set(numbers.map((n) => n.receipt_year))) {
      const seqs = numbers.filter((n) => n.receipt_year === year).map((n) => n.receipt_seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });

  it('refuses a database that already has users', async () => {
    await expect(seedDemo(t.db, t.files)).rejects.toBeInstanceOf(DemoRefused);
  });
});

describe('monthly stock totals', () => {
  /** The ledger summed per commodity, month and kind, straight from stock_movements. */
  async function fromLedger(db: TestApp['db']) {
    const rows = await db
      .selectFrom('stock_movements')
      .select((eb) => [
        'commodity_id',
        sql<string>`substr(moved_on, 1, 7)`.as('month'),
        'kind',
        eb.fn.sum<number>('qty_g').as('qty_g'),
        eb.fn.sum<number>('heads').as('heads'),
      ])
      .groupBy(['commodity_id', sql`substr(moved_on, 1, 7)`, 'kind'])
      .execute();
    return rows.map((r) => `${r.commodity_id} ${r.month} ${r.kind} ${Number(r.qty_g)} ${Number(r.heads)}`).sort();
  }
  async function fromTotals(db: TestApp['db']) {
    const rows = await db.selectFrom('stock_month_totals').selectAll().execute();
    return rows.map((r) => `${r.commodity_id} ${r.month} ${r.kind} ${Number(r.qty_g)} ${Number(r.heads)}`).sort();
  }

  it("equal the ledger after the demo's thousands of harvests, outflows, handovers, voids and counts", async () => {
    const ledger = await fromLedger(t.db);
    expect(ledger.length).toBeGreaterThan(50);
    expect(await fromTotals(t.db)).toEqual(ledger);
  });

  it('are rebuilt from the ledger by their migration', async () => {
    // Down to (and including) the migration that builds the totals, then up again.
    const names = Object.keys(migrations);
    for (let n = names.length - 1; names[n] !== '2026-11-23-0009-create-stock-month-totals'; n--) await migrateDownOne(t.db);
    await migrateDownOne(t.db);
    expect((await t.db.introspection.getTables()).map((x) => x.name)).not.toContain('stock_month_totals');
    await migrateToLatest(t.db);
    expect(await fromTotals(t.db)).toEqual(await fromLedger(t.db));
  });
});
