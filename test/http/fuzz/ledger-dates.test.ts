// Property: random sequences of dated operations (back-dated ones included) thrown at the services
// never leave a day whose balance ends below zero, a refusal changes nothing, and every month's
// report closes on exactly what the ledger holds at its end.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/db/database.ts';
import { createHandover, voidDistribution } from '../../../src/features/distributions/distributions.service.ts';
import { createHarvest, updateHarvest, voidHarvest } from '../../../src/features/harvests/harvests.service.ts';
import { monthlyFigures, balanceAddsUp } from '../../../src/features/reports/reports.service.ts';
import { recordOutflow, recordStockCount, voidOutflow } from '../../../src/features/stock/stock.service.ts';
import { ValidationError } from '../../../src/lib/errors.ts';
import { addRecipient, CABAI, LELE, makeTestApp, token, type TestApp } from '../../support/app.ts';
import { fuzzOptions } from '../../support/fuzz.ts';
import { clearLedger, ledgerWorld } from '../../support/ledger-world.ts';

let t: TestApp;
let admin: number;
let pond: number;
let plot: number;
let recipient: number;
const actor = () => ({ id: admin, roles: [...ROLES] });

// Two commodities, one counted in heads too; days over three months, so months and their
// boundaries are crossed.
const COMMODITIES = [CABAI, LELE];
const MONTHS = ['2025-01', '2025-02', '2025-03'];
const day = fc.tuple(fc.constantFrom(...MONTHS), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${m}-${String(d).padStart(2, '0')}`);
const commodity = fc.constantFrom(...COMMODITIES);
const grams = fc.integer({ min: 1, max: 30 }).map((n) => n * 500);
const heads = fc.integer({ min: 0, max: 40 });
const pick = fc.nat();

type Op =
  | { op: 'harvest'; c: number; on: string; g: number; h: number }
  | { op: 'outflow'; c: number; on: string; g: number; h: number }
  | { op: 'handover'; c: number; on: string; g: number; h: number }
  | { op: 'count'; c: number; on: string; g: number; h: number }
  | { op: 'editHarvest'; i: number; on: string; g: number; h: number }
  | { op: 'voidHarvest' | 'voidOutflow' | 'voidHandover'; i: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('harvest' as const), c: commodity, on: day, g: grams, h: heads }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('outflow' as const), c: commodity, on: day, g: grams, h: heads }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('handover' as const), c: commodity, on: day, g: grams, h: heads }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('count' as const), c: commodity, on: day, g: grams, h: heads }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('editHarvest' as const), i: pick, on: day, g: grams, h: heads }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constantFrom('voidHarvest' as const, 'voidOutflow' as const, 'voidHandover' as const), i: pick }),
    weight: 2,
  },
);

const ids = { harvests: [] as number[], outflows: [] as number[], handovers: [] as number[] };
const nth = (xs: number[], i: number) => (xs.length ? xs[i % xs.length]! : null);
const headsFor = (c: number, h: number) => (c === LELE ? h : null);

async function apply(o: Op): Promise<void> {
  switch (o.op) {
    case 'harvest':
      ids.harvests.push(
        (
          await createHarvest(
            t.db,
            {
              commodity_id: o.c,
              location_id: o.c === LELE ? pond : plot,
              weight_g: o.g,
              heads: o.c === LELE ? Math.max(1, o.h) : null,
              grade: null,
              harvest_date: o.on,
              harvest_time: '07:00',
              workers: [],
              note: null,
              form_token: token(),
            },
            admin,
          )
        ).id,
      );
      return;
    case 'outflow':
      ids.outflows.push(
        (
          await recordOutflow(
            t.db,
            {
              kind: 'loss',
              commodity_id: o.c,
              out_date: o.on,
              qty_g: o.g,
              heads: headsFor(o.c, o.h),
              amount_rp: null,
              party: null,
              note: 'busuk',
              form_token: token(),
            },
            admin,
          )
        ).id,
      );
      return;
    case 'handover':
      ids.handovers.push(
        (
          await createHandover(
            t.db,
            {
              recipient_id: recipient,
              event_id: null,
              handed_on: o.on,
              officer_id: admin,
              note: null,
              replaces_id: null,
              form_token: token(),
              items: [{ commodity_id: o.c, qty_g: o.g, heads: headsFor(o.c, o.h), note: null }],
            } as never,
            admin,
          )
        ).id,
      );
      return;
    case 'count':
      await recordStockCount(
        t.db,
        {
          commodity_id: o.c,
          count_date: o.on,
          counted_g: o.g,
          counted_heads: headsFor(o.c, o.h),
          reason: 'opname',
          form_token: token(),
        } as never,
        admin,
      );
      return;
    case 'editHarvest': {
      const id = nth(ids.harvests, o.i);
      if (id === null) return;
      const h = await t.db
        .selectFrom('harvests')
        .select(['commodity_id', 'location_id', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (h.status !== 'active') return;
      await updateHarvest(
        t.db,
        id,
        {
          commodity_id: h.commodity_id,
          location_id: h.location_id,
          weight_g: o.g,
          heads: h.commodity_id === LELE ? Math.max(1, o.h) : null,
          grade: null,
          harvest_date: o.on,
          harvest_time: '07:00',
          workers: [],
          note: null,
          reason: 'koreksi',
        },
        actor(),
      );
      return;
    }
    case 'voidHarvest': {
      const id = nth(ids.harvests, o.i);
      if (id !== null) await voidHarvest(t.db, id, 'salah catat', actor());
      return;
    }
    case 'voidOutflow': {
      const id = nth(ids.outflows, o.i);
      if (id !== null) await voidOutflow(t.db, id, 'salah catat', actor());
      return;
    }
    case 'voidHandover': {
      const id = nth(ids.handovers, o.i);
      if (id !== null) await voidDistribution(t.db, id, 'salah catat', admin);
    }
  }
}

/** Straight from the ledger, not from any total the app keeps: each day's closing balance. */
async function dailyBalances() {
  const rows = await t.db
    .selectFrom('stock_movements')
    .select((eb) => ['commodity_id', 'moved_on', eb.fn.sum<number>('qty_g').as('g'), eb.fn.sum<number>('heads').as('h')])
    .groupBy(['commodity_id', 'moved_on'])
    .orderBy('commodity_id')
    .orderBy('moved_on')
    .execute();
  const out: Array<{ c: number; day: string; g: number; h: number }> = [];
  const run = new Map<number, { g: number; h: number }>();
  for (const r of rows) {
    const b = run.get(r.commodity_id) ?? { g: 0, h: 0 };
    b.g += Number(r.g);
    b.h += Number(r.h);
    run.set(r.commodity_id, b);
    out.push({ c: r.commodity_id, day: r.moved_on, ...b });
  }
  return out;
}

async function ledgerAt(c: number, lastDay: string) {
  const r = await t.db
    .selectFrom('stock_movements')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('qty_g'), eb.lit(0)).as('g'),
      eb.fn.coalesce(eb.fn.sum<number>('heads'), eb.lit(0)).as('h'),
    ])
    .where('commodity_id', '=', c)
    .where('moved_on', '<=', lastDay)
    .executeTakeFirstOrThrow();
  return { g: Number(r.g), h: Number(r.h) };
}

const fingerprint = async () =>
  (
    await t.db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

beforeAll(async () => {
  t = await makeTestApp();
  ({ admin, plot, pond } = await ledgerWorld(t));
  recipient = await addRecipient(t.db);
});
afterAll(() => t.close());

describe('the ledger under random dated operations', () => {
  it('no day ever ends below zero, a refusal changes nothing, and every report closes on the ledger', async () => {
    let refused = 0;
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), async (ops) => {
        await clearLedger(t.db);
        ids.harvests = [];
        ids.outflows = [];
        ids.handovers = [];
        for (const o of ops) {
          const before = await fingerprint();
          try {
            await apply(o);
            saved++;
          } catch (err) {
            // Only a clear refusal is allowed, and it leaves the ledger as it was.
            if (!(err instanceof ValidationError)) throw err;
            refused++;
            expect(await fingerprint()).toBe(before);
          }
          const negative = (await dailyBalances()).filter((b) => b.g < 0 || b.h < 0);
          expect(negative, `after ${JSON.stringify(o)}`).toEqual([]);
        }
        for (const month of MONTHS) {
          const f = await monthlyFigures(t.db, month);
          expect(balanceAddsUp(f.balance)).toBe(true);
          for (const c of COMMODITIES) {
            const row = f.balance.find((b) => b.commodityId === c);
            const end = await ledgerAt(c, f.to);
            expect({ g: row?.end ?? 0, h: row?.heads.end ?? 0 }, `${month} commodity ${c}`).toEqual(end);
          }
        }
      }),
      fuzzOptions(40),
    );
    // The sequences really exercised both sides.
    expect(saved).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
  }, 120_000);
});
