// All Kysely for the stock ledger, outflows and stock counts.
import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { MovementKind, NewStockMovement, OutflowsTable, StockCountsTable } from '../../db/database.ts';
import { inSlices } from '../../db/sql-helpers.ts';

/**
 * Adds movements to the monthly totals (stock_month_totals, per commodity, month and kind) and the
 * daily totals (stock_day_totals, per commodity and day), summed per bucket first: one upsert per
 * bucket. Called with every insert into the ledger, in its transaction.
 */
async function addToTotals(db: DbOrTrx, rows: NewStockMovement[]): Promise<void> {
  if (!rows.length) return;
  const months = new Map<string, { commodity_id: number; month: string; kind: NewStockMovement['kind']; qty_g: number; heads: number }>();
  const days = new Map<string, { commodity_id: number; day: string; qty_g: number; heads: number }>();
  for (const r of rows) {
    const mKey = `${r.commodity_id}|${r.moved_on.slice(0, 7)}|${r.kind}`;
    const m = months.get(mKey) ?? { commodity_id: r.commodity_id, month: r.moved_on.slice(0, 7), kind: r.kind, qty_g: 0, heads: 0 };
    m.qty_g += r.qty_g;
    m.heads += r.heads ?? 0;
    months.set(mKey, m);
    const dKey = `${r.commodity_id}|${r.moved_on}`;
    const d = days.get(dKey) ?? { commodity_id: r.commodity_id, day: r.moved_on, qty_g: 0, heads: 0 };
    d.qty_g += r.qty_g;
    d.heads += r.heads ?? 0;
    days.set(dKey, d);
  }
  // One multi-row upsert per table, whatever the number of buckets.
  await db
    .insertInto('stock_month_totals')
    .values([...months.values()])
    .onConflict((oc) =>
      oc.columns(['commodity_id', 'month', 'kind']).doUpdateSet((eb) => ({
        qty_g: eb(eb.ref('stock_month_totals.qty_g'), '+', eb.ref('excluded.qty_g')),
        heads: eb(eb.ref('stock_month_totals.heads'), '+', eb.ref('excluded.heads')),
      })),
    )
    .execute();
  await db
    .insertInto('stock_day_totals')
    .values([...days.values()])
    .onConflict((oc) =>
      oc.columns(['commodity_id', 'day']).doUpdateSet((eb) => ({
        qty_g: eb(eb.ref('stock_day_totals.qty_g'), '+', eb.ref('excluded.qty_g')),
        heads: eb(eb.ref('stock_day_totals.heads'), '+', eb.ref('excluded.heads')),
      })),
    )
    .execute();
}

export async function insertMovement(db: DbOrTrx, row: NewStockMovement): Promise<number> {
  const id = (await db.insertInto('stock_movements').values(row).returning('id').executeTakeFirstOrThrow()).id;
  await addToTotals(db, [row]);
  return id;
}

export async function insertMovements(db: DbOrTrx, rows: NewStockMovement[]): Promise<void> {
  await inSlices(rows, 200, async (part) => void (await db.insertInto('stock_movements').values(part).execute()));
  await addToTotals(db, rows);
}

/** The ledger's net per month, commodity and kind for months `from`..`to` ('YYYY-MM', inclusive). */
export async function monthTotals(db: DbOrTrx, from: string, to: string) {
  const rows = await db
    .selectFrom('stock_month_totals')
    .select(['month', 'commodity_id', 'kind', 'qty_g', 'heads'])
    .where('month', '>=', from)
    .where('month', '<=', to)
    .execute();
  return rows.map((r) => ({ month: r.month, commodityId: r.commodity_id, kind: r.kind, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
}

/** Stock on hand from the monthly totals (a few hundred rows at most per commodity, whatever the ledger's size). */
export async function onHand(db: DbOrTrx, commodityId: number): Promise<{ qty_g: number; heads: number }> {
  const row = await db
    .selectFrom('stock_month_totals')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('qty_g'), eb.lit(0)).as('qty_g'),
      eb.fn.coalesce(eb.fn.sum<number>('heads'), eb.lit(0)).as('heads'),
    ])
    .where('commodity_id', '=', commodityId)
    .executeTakeFirstOrThrow();
  return { qty_g: Number(row.qty_g), heads: Number(row.heads) };
}

/**
 * A commodity's balance before `month` ('YYYY-MM', from the monthly totals) and its net per day
 * from that month's first day on (from the daily totals, in date order), in one statement: the
 * opening comes first with day ''. Both parts are seeks on their tables' keys.
 */
export async function openingAndDaysFrom(db: DbOrTrx, commodityId: number, month: string) {
  const rows = await db
    .selectFrom('stock_month_totals')
    .select((eb) => [
      eb.val('').as('day'),
      eb.fn.coalesce(eb.fn.sum<number>('qty_g'), eb.lit(0)).as('qty_g'),
      eb.fn.coalesce(eb.fn.sum<number>('heads'), eb.lit(0)).as('heads'),
    ])
    .where('commodity_id', '=', commodityId)
    .where('month', '<', month)
    .unionAll((eb) =>
      eb
        .selectFrom('stock_day_totals')
        .select(['day', 'qty_g', 'heads'])
        .where('commodity_id', '=', commodityId)
        .where('day', '>=', `${month}-01`),
    )
    .orderBy('day')
    .execute();
  const [opening, ...days] = rows.map((r) => ({ day: r.day, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
  return { opening: opening!, days };
}

/** Every commodity's net per day, in commodity and date order (the check of an existing database). */
export async function allDayTotals(db: DbOrTrx) {
  const rows = await db
    .selectFrom('stock_day_totals')
    .select(['commodity_id', 'day', 'qty_g', 'heads'])
    .orderBy('commodity_id')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ commodityId: r.commodity_id, day: r.day, qtyG: Number(r.qty_g), heads: Number(r.heads) }));
}

export async function onHandAll(db: DbOrTrx) {
  const rows = await db
    .selectFrom('stock_month_totals as t')
    .select((eb) => [
      't.commodity_id',
      eb.fn.sum<number>('t.qty_g').as('qty_g'),
      eb.fn.sum<number>('t.heads').as('heads'),
      // max() of the leading index columns: one index seek per commodity.
      eb
        .selectFrom('stock_movements as m')
        .select((m) => m.fn.max('m.moved_on').as('d'))
        .whereRef('m.commodity_id', '=', 't.commodity_id')
        .as('last_moved_on'),
    ])
    .groupBy('t.commodity_id')
    .execute();
  return rows.map((r) => ({ ...r, qty_g: Number(r.qty_g), heads: Number(r.heads) }));
}

/** What a movement belongs to: one of a harvest, an outflow or a handover. */
export interface MovementSource {
  harvestId?: number;
  outflowId?: number;
  distributionId?: number;
}

export async function findMovementsToReverse(db: DbOrTrx, source: MovementSource) {
  let q = db.selectFrom('stock_movements as m').selectAll('m').where('m.reverses_id', 'is', null);
  if (source.harvestId) q = q.where('m.harvest_id', '=', source.harvestId);
  else if (source.outflowId) q = q.where('m.outflow_id', '=', source.outflowId);
  else if (source.distributionId) q = q.where('m.distribution_id', '=', source.distributionId);
  else return [];
  // Only those not reversed yet.
  return q
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('stock_movements as r').select('r.id').whereRef('r.reverses_id', '=', 'm.id'))),
    )
    .execute();
}

export interface MovementFilter {
  commodityId?: number | null;
  kind?: MovementKind | null;
  from?: string | null;
  to?: string | null;
}

/** The movements of a filter, the ledger alone (every filter is on its own columns). */
function ledgerOf(db: DbOrTrx, f: MovementFilter) {
  let q = db.selectFrom('stock_movements as m');
  if (f.commodityId) q = q.where('m.commodity_id', '=', f.commodityId);
  if (f.kind) q = q.where('m.kind', '=', f.kind);
  if (f.from) q = q.where('m.moved_on', '>=', f.from);
  if (f.to) q = q.where('m.moved_on', '<=', f.to);
  return q;
}

function filteredMovements(db: DbOrTrx, f: MovementFilter) {
  return ledgerOf(db, f).innerJoin('commodities as c', 'c.id', 'm.commodity_id').leftJoin('users as u', 'u.id', 'm.created_by');
}

/** The movements of a filter, newest first, with the receipt number of a handover (one primary-key look-up per row). */
function movementRows(db: DbOrTrx, f: MovementFilter) {
  return filteredMovements(db, f)
    .leftJoin('distributions as d', 'd.id', 'm.distribution_id')
    .select([
      'm.id',
      'm.moved_on',
      'm.kind',
      'm.qty_g',
      'm.heads',
      'm.harvest_id',
      'm.outflow_id',
      'm.stock_count_id',
      'm.distribution_id',
      'm.reverses_id',
      'm.created_at',
      'c.name as commodity_name',
      'c.tracks_heads',
      'u.full_name as user_name',
      'd.receipt_no',
    ])
    .orderBy('m.moved_on', 'desc')
    .orderBy('m.id', 'desc');
}

export async function listMovements(db: DbOrTrx, f: MovementFilter, limit: number, offset: number) {
  return movementRows(db, f).limit(limit).offset(offset).execute();
}

/** Where a batch of a download starts: after this movement, in the list's order (newest first). */
export type MovementKey = { moved_on: string; id: number };

/** A batch of the movements of a filter, in the list's order (for downloads). */
export async function movementsForExport(db: DbOrTrx, f: MovementFilter, after: MovementKey | undefined, limit: number) {
  let q = movementRows(db, f);
  // Spelled so SQLite seeks the date index and stops after `limit` rows; the row value
  // `(moved_on, id) < (…)` made it sort every earlier movement for each batch (70 ms, not 2).
  if (after) q = q.where(sql<boolean>`m.moved_on <= ${after.moved_on} and (m.moved_on < ${after.moved_on} or m.id < ${after.id})`);
  return q.limit(limit).execute();
}

/** The first and last day of the movements of a filter (a download's name). */
export async function movementDays(db: DbOrTrx, f: MovementFilter) {
  // Without the joins: two seeks on the date index rather than a read per commodity.
  const r = await ledgerOf(db, f)
    .select((eb) => [eb.fn.min<string | null>('m.moved_on').as('first'), eb.fn.max<string | null>('m.moved_on').as('last')])
    .executeTakeFirstOrThrow();
  return { first: r.first ?? null, last: r.last ?? null };
}

/** A commodity's movements on one day after the one with id `afterId` (a seek on the commodity-and-day index). */
export async function movedLaterThatDay(
  db: DbOrTrx,
  commodityId: number,
  day: string,
  afterId: number,
): Promise<{ qtyG: number; heads: number }> {
  const row = await db
    .selectFrom('stock_movements')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('qty_g'), eb.lit(0)).as('qty_g'),
      eb.fn.coalesce(eb.fn.sum<number>('heads'), eb.lit(0)).as('heads'),
    ])
    .where('commodity_id', '=', commodityId)
    .where('moved_on', '=', day)
    .where('id', '>', afterId)
    .executeTakeFirstOrThrow();
  return { qtyG: Number(row.qty_g), heads: Number(row.heads) };
}

export async function countMovements(db: DbOrTrx, f: MovementFilter): Promise<number> {
  const r = await filteredMovements(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertOutflow(db: DbOrTrx, row: Insertable<OutflowsTable>): Promise<number> {
  return (await db.insertInto('outflows').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findOutflow(db: DbOrTrx, id: number) {
  return db
    .selectFrom('outflows as o')
    .innerJoin('commodities as c', 'c.id', 'o.commodity_id')
    .innerJoin('users as u', 'u.id', 'o.recorded_by')
    .selectAll('o')
    .select(['c.name as commodity_name', 'c.tracks_heads', 'u.full_name as recorded_by_name'])
    .where('o.id', '=', id)
    .executeTakeFirst();
}

export async function findOutflowByToken(db: DbOrTrx, token: string) {
  return db.selectFrom('outflows').select(['id', 'kind', 'recorded_by']).where('form_token', '=', token).executeTakeFirst();
}

export async function markOutflowVoid(db: DbOrTrx, id: number, reason: string, userId: number, at: string): Promise<void> {
  await db
    .updateTable('outflows')
    .set({ status: 'void', void_reason: reason, voided_by: userId, voided_at: at })
    .where('id', '=', id)
    .execute();
}

/** Demo data only: the entry time becomes the morning of the outflow's date. */
export async function setOutflowsEnteredOnTheirDate(db: DbOrTrx): Promise<void> {
  await db
    .updateTable('outflows')
    // The literal is inlined: PostgreSQL cannot tell a bound parameter's type inside concat().
    .set((eb) => ({ created_at: eb.fn('concat', [eb.ref('out_date'), sql.lit('T05:00:00.000Z')]) }))
    .execute();
}

export async function insertStockCount(db: DbOrTrx, row: Insertable<StockCountsTable>): Promise<number> {
  return (await db.insertInto('stock_counts').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findStockCountByToken(db: DbOrTrx, token: string) {
  return db.selectFrom('stock_counts').select('id').where('form_token', '=', token).executeTakeFirst();
}
