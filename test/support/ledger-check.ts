// Whole-database consistency checks, each one a real query: the crash test (after a kill -9) and
// the backup test (on a copy) ask whether a database is a record that can still be trusted.
import type SQLite from 'better-sqlite3';
import type { Db } from '../../src/db/connect.ts';
import { negativeBalances } from '../../src/features/stock/stock.balance.ts';
import { stockOverview } from '../../src/features/stock/stock.service.ts';

export interface LedgerReport {
  /** Empty when the database is consistent; otherwise one line per problem found. */
  problems: string[];
  /** Per receipt year: the highest sequence number (every number 1..max exists exactly once). */
  receipts: Record<number, number>;
  /** Per commodity id: grams on hand (ledger sum, equal to what the stock page shows). */
  stockG: Record<number, number>;
  harvests: number;
  distributions: number;
}

type Net = { qty_g: number; heads: number };
const key = (...parts: Array<number | string | null>) => parts.join(':');

/** The net ledger quantity per source row: a source's movements plus their reversals. */
async function netBy(db: Db, column: 'harvest_id' | 'outflow_id' | 'stock_count_id' | 'distribution_id') {
  const rows = await db
    .selectFrom('stock_movements')
    .select((eb) => [column, 'commodity_id', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .where(column, 'is not', null)
    .groupBy([column, 'commodity_id'])
    .execute();
  const out = new Map<string, Net>();
  for (const r of rows) out.set(key(r[column] as number, r.commodity_id), { qty_g: Number(r.qty_g), heads: Number(r.heads) });
  return out;
}

function compare(problems: string[], what: string, expected: Map<string, Net>, actual: Map<string, Net>) {
  for (const k of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(k) ?? { qty_g: 0, heads: 0 };
    const a = actual.get(k) ?? { qty_g: 0, heads: 0 };
    if (e.qty_g !== a.qty_g || e.heads !== a.heads) {
      problems.push(
        `${what} ${k} (id:commodity): expected ${e.qty_g} g/${e.heads} heads in the ledger, found ${a.qty_g} g/${a.heads} heads`,
      );
    }
  }
}

/** `sqlite`: the file's own checks too (integrity, foreign keys); PostgreSQL enforces foreign keys itself. */
export async function checkLedger(db: Db, sqlite: SQLite.Database | null): Promise<LedgerReport> {
  const problems: string[] = [];

  if (sqlite) {
    const integrity = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`);
    const fk = sqlite.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`foreign_key_check: ${fk.length} rows point at nothing`);
  }

  // Every movement belongs to exactly one source.
  const orphans = await db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('harvest_id', 'is', null)
    .where('outflow_id', 'is', null)
    .where('stock_count_id', 'is', null)
    .where('distribution_id', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(orphans.n)) problems.push(`${orphans.n} stock movements belong to no harvest, outflow, count or handover`);

  // Harvests: an active one is in the ledger with its weight, a voided one nets to zero.
  const harvests = await db.selectFrom('harvests').select(['id', 'commodity_id', 'weight_g', 'heads', 'status']).execute();
  const harvestNet = await netBy(db, 'harvest_id');
  const harvestExpected = new Map<string, Net>();
  for (const h of harvests) {
    if (!harvestNet.has(key(h.id, h.commodity_id))) problems.push(`harvest ${h.id} has no stock movement`);
    if (h.status === 'active') harvestExpected.set(key(h.id, h.commodity_id), { qty_g: h.weight_g, heads: h.heads ?? 0 });
  }
  compare(problems, 'harvest', harvestExpected, harvestNet);

  const outflows = await db.selectFrom('outflows').select(['id', 'commodity_id', 'qty_g', 'heads', 'status']).execute();
  const outflowExpected = new Map<string, Net>();
  for (const o of outflows)
    if (o.status === 'active') outflowExpected.set(key(o.id, o.commodity_id), { qty_g: -o.qty_g, heads: -(o.heads ?? 0) });
  compare(problems, 'outflow', outflowExpected, await netBy(db, 'outflow_id'));

  const counts = await db
    .selectFrom('stock_counts')
    .select(['id', 'commodity_id', 'counted_g', 'book_g', 'counted_heads', 'book_heads'])
    .execute();
  const countExpected = new Map<string, Net>();
  for (const c of counts) {
    const net = { qty_g: c.counted_g - c.book_g, heads: c.counted_heads === null ? 0 : c.counted_heads - (c.book_heads ?? 0) };
    if (net.qty_g || net.heads) countExpected.set(key(c.id, c.commodity_id), net);
  }
  compare(problems, 'stock count', countExpected, await netBy(db, 'stock_count_id'));

  // Handovers: never a receipt without items, items without a receipt, or either without the ledger.
  const empty = await db
    .selectFrom('distributions as d')
    .leftJoin('distribution_items as i', 'i.distribution_id', 'd.id')
    .select('d.receipt_no')
    .where('i.id', 'is', null)
    .execute();
  for (const d of empty) problems.push(`receipt ${d.receipt_no} has no items`);
  const strayItems = await db
    .selectFrom('distribution_items as i')
    .leftJoin('distributions as d', 'd.id', 'i.distribution_id')
    .select('i.id')
    .where('d.id', 'is', null)
    .execute();
  if (strayItems.length) problems.push(`${strayItems.length} handover items belong to no receipt`);
  const items = await db
    .selectFrom('distribution_items as i')
    .innerJoin('distributions as d', 'd.id', 'i.distribution_id')
    .select(['i.distribution_id', 'i.commodity_id', 'i.qty_g', 'i.heads', 'd.status'])
    .execute();
  const distributionNet = await netBy(db, 'distribution_id');
  const distributionExpected = new Map<string, Net>();
  for (const i of items) {
    const k = key(i.distribution_id, i.commodity_id);
    if (!distributionNet.has(k)) problems.push(`handover ${i.distribution_id} item of commodity ${i.commodity_id} has no stock movement`);
    if (i.status !== 'active') continue;
    const e = distributionExpected.get(k) ?? { qty_g: 0, heads: 0 };
    distributionExpected.set(k, { qty_g: e.qty_g - i.qty_g, heads: e.heads - (i.heads ?? 0) });
  }
  compare(problems, 'handover', distributionExpected, distributionNet);

  // Receipt numbers: per year exactly 1..max, each once, and the counter at max.
  const receipts: Record<number, number> = {};
  const years = await db
    .selectFrom('distributions')
    .select((eb) => [
      'receipt_year',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min<number>('receipt_seq').as('lo'),
      eb.fn.max<number>('receipt_seq').as('hi'),
      eb.fn.count<number>('receipt_seq').distinct().as('distinct_n'),
    ])
    .groupBy('receipt_year')
    .execute();
  const counters = new Map(
    (await db.selectFrom('receipt_counters').select(['year', 'last_seq']).execute()).map((c) => [c.year, c.last_seq]),
  );
  for (const y of years) {
    const [n, lo, hi, distinct] = [Number(y.n), Number(y.lo), Number(y.hi), Number(y.distinct_n)];
    receipts[y.receipt_year] = hi;
    if (lo !== 1 || hi !== n || distinct !== n)
      problems.push(`receipts of ${y.receipt_year}: ${n} numbers from ${lo} to ${hi} (${distinct} distinct): a gap or a repeat`);
    if (counters.get(y.receipt_year) !== hi)
      problems.push(`receipt counter of ${y.receipt_year} is at ${counters.get(y.receipt_year)}, the last receipt is ${hi}`);
  }
  for (const [year, last] of counters)
    if (!(year in receipts) && last !== 0) problems.push(`receipt counter of ${year} is at ${last} with no receipt`);
  const badNo = await db.selectFrom('distributions').select(['receipt_no', 'receipt_year', 'receipt_seq']).execute();
  for (const d of badNo) {
    if (!d.receipt_no.endsWith(`/${d.receipt_year}/${String(d.receipt_seq).padStart(6, '0')}`))
      problems.push(`receipt ${d.receipt_no} does not carry its year and sequence`);
  }

  // Stock: the ledger sum per commodity, never below zero, is what the stock page shows.
  const ledger = await db
    .selectFrom('stock_movements')
    .select((eb) => ['commodity_id', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .groupBy('commodity_id')
    .execute();
  const shown = await stockOverview(db);
  const stockG: Record<number, number> = {};
  for (const l of ledger) {
    const [g, heads] = [Number(l.qty_g), Number(l.heads)];
    stockG[l.commodity_id] = g;
    if (g < 0 || heads < 0) problems.push(`commodity ${l.commodity_id} stock below zero: ${g} g, ${heads} heads`);
    const s = shown.find((x) => x.commodity.id === l.commodity_id);
    if ((s?.qtyG ?? 0) !== g || (s?.heads ?? 0) !== heads)
      problems.push(`commodity ${l.commodity_id}: ledger ${g} g/${heads} heads, stock page ${s?.qtyG} g/${s?.heads} heads`);
  }

  // Every day: the daily totals are the ledger per day, and no balance ends a day below zero.
  const perDay = await db
    .selectFrom('stock_movements')
    .select((eb) => ['commodity_id', 'moved_on', eb.fn.sum<number>('qty_g').as('qty_g'), eb.fn.sum<number>('heads').as('heads')])
    .groupBy(['commodity_id', 'moved_on'])
    .execute();
  const dayTotals = new Map((await db.selectFrom('stock_day_totals').selectAll().execute()).map((d) => [key(d.commodity_id, d.day), d]));
  for (const d of perDay) {
    const t = dayTotals.get(key(d.commodity_id, d.moved_on));
    if (Number(t?.qty_g ?? 0) !== Number(d.qty_g) || Number(t?.heads ?? 0) !== Number(d.heads)) {
      problems.push(
        `daily total of commodity ${d.commodity_id} on ${d.moved_on}: ledger ${d.qty_g} g/${d.heads} heads, daily totals ${t?.qty_g} g/${t?.heads} heads`,
      );
    }
  }
  for (const n of await negativeBalances(db))
    problems.push(`commodity ${n.commodityId} ends ${n.day} below zero: ${n.qtyG} g, ${n.heads} heads`);

  const distributions = Number(
    (
      await db
        .selectFrom('distributions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { problems, receipts, stockG, harvests: harvests.length, distributions };
}
