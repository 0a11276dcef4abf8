// The stock ledger: every kilo in and out, stock never below zero, voids as reversals.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { NewStockMovement } from '../../db/database.ts';
import type { Actor } from '../../lib/actor.ts';
import { kindSpec, type MovementKind } from '../../lib/movement-kinds.ts';
import { keysetBatches } from '../../lib/batches.ts';
import { paging } from '../../lib/paging.ts';
import { balanceOn, shortages, StockShortageError, type StockChange } from './stock.balance.ts';
import { nowIso, wibDate } from '../../lib/time.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getCommodity, listCommodities } from '../commodities/commodities.service.ts';
import { assertDaysOpen } from '../locks/locks.service.ts';
import {
  countMovements,
  findMovementsToReverse,
  findOutflow,
  findOutflowByToken,
  findStockCountByToken,
  insertMovement,
  insertMovements,
  insertOutflow,
  insertStockCount,
  listMovements,
  markOutflowVoid,
  monthTotals,
  movedLaterThatDay,
  movementsForExport,
  type MovementKey,
  onHand,
  onHandAll,
  setOutflowsEnteredOnTheirDate,
  type MovementFilter,
  type MovementSource,
} from './stock.queries.ts';
import type { OutflowInput, StockCountInput } from './stock.schema.ts';

export { movementDays } from './stock.queries.ts';

export interface Movement {
  commodityId: number;
  movedOn: string;
  kind: MovementKind;
  /** signed: + in, − out */
  qtyG: number;
  heads: number;
  harvestId?: number | null;
  outflowId?: number | null;
  stockCountId?: number | null;
  distributionId?: number | null;
  reversesId?: number | null;
}

export async function stockOf(db: DbOrTrx, commodityId: number) {
  return onHand(db, commodityId);
}

export { StockShortageError, type Shortage } from './stock.balance.ts';

/**
 * Refuses a write whose changes would take the balance below zero on any date; one message names
 * every shortage. `field` is the form field that carries the quantity, when there is one.
 */
export async function assertStockHolds(db: DbOrTrx, changes: StockChange[], field: string | null = 'qty_g'): Promise<void> {
  const short = await shortages(db, changes);
  if (!short.length) return;
  const [one] = short;
  throw new StockShortageError(short, field && one && short.length === 1 ? { [one.field === 'heads' ? 'heads' : field]: one.message } : {});
}

const changesOf = (ms: Movement[]): StockChange[] =>
  ms.map((m) => ({ commodityId: m.commodityId, on: m.movedOn, qtyG: m.qtyG, heads: m.heads }));

function movementRow(m: Movement, actorId: number | null, at: string): NewStockMovement {
  return {
    commodity_id: m.commodityId,
    moved_on: m.movedOn,
    kind: m.kind,
    qty_g: m.qtyG,
    heads: m.heads,
    harvest_id: m.harvestId ?? null,
    outflow_id: m.outflowId ?? null,
    stock_count_id: m.stockCountId ?? null,
    distribution_id: m.distributionId ?? null,
    reverses_id: m.reversesId ?? null,
    created_at: at,
    created_by: actorId,
  };
}

/**
 * Appends one movement. One that takes stock away is refused when the balance would fall below
 * zero on its date or any later date, in the same transaction.
 */
export async function recordMovement(trx: DbOrTrx, m: Movement, actorId: number | null): Promise<number> {
  await assertDaysOpen(trx, [m.movedOn]);
  if (m.qtyG < 0 || m.heads < 0) await assertStockHolds(trx, changesOf([m]));
  return insertMovement(trx, movementRow(m, actorId, nowIso()));
}

/**
 * Appends many movements at once (a batch of handovers, the reversals of a void): checked together,
 * per commodity over every date they touch, and every shortage named in one message.
 */
export async function recordMovements(trx: DbOrTrx, ms: Movement[], actorId: number | null): Promise<void> {
  if (!ms.length) return;
  await assertDaysOpen(
    trx,
    ms.map((m) => m.movedOn),
  );
  await assertStockHolds(trx, changesOf(ms), null);
  const at = nowIso();
  await insertMovements(
    trx,
    ms.map((m) => movementRow(m, actorId, at)),
  );
}

/** Opposite movements, on the same dates, for the live movements of a harvest, outflow or handover. */
async function reversalsOf(trx: DbOrTrx, source: MovementSource): Promise<Movement[]> {
  return (await findMovementsToReverse(trx, source)).map((m) => ({
    commodityId: m.commodity_id,
    movedOn: m.moved_on,
    kind: m.kind,
    qtyG: -m.qty_g,
    heads: -m.heads,
    harvestId: m.harvest_id,
    outflowId: m.outflow_id,
    distributionId: m.distribution_id,
    reversesId: m.id,
  }));
}

/**
 * Reverses the live movements of a harvest, outflow or handover (a void): each gets an opposite
 * movement on the same date. Refused when stock would go below zero on any date.
 */
export async function reverseMovementsOf(trx: DbOrTrx, source: MovementSource, actorId: number): Promise<void> {
  await recordMovements(trx, await reversalsOf(trx, source), actorId);
}

/**
 * An edit: the old movements of a source reversed and its new one appended, checked as one net
 * change (a lowered weight takes only the difference; a moved date takes it between the dates).
 */
export async function replaceMovementsOf(trx: DbOrTrx, source: MovementSource, replacement: Movement, actorId: number): Promise<void> {
  await recordMovements(trx, [replacement, ...(await reversalsOf(trx, source))], actorId);
}

/**
 * The ledger's net per month, commodity and kind (from the monthly totals). Voids are reversals
 * dated like what they reverse, so a month's `harvest` is its valid harvests, and its
 * out kinds (negative) what validly left.
 */
export async function ledgerByMonth(db: DbOrTrx, fromMonth: string, toMonth: string) {
  return monthTotals(db, fromMonth, toMonth);
}

export async function stockOverview(db: DbOrTrx) {
  const [commodities, sums] = await Promise.all([listCommodities(db), onHandAll(db)]);
  return commodities
    .map((c) => {
      const s = sums.find((x) => x.commodity_id === c.id);
      return { commodity: c, qtyG: s?.qty_g ?? 0, heads: s?.heads ?? 0, lastMovedOn: (s?.last_moved_on as string | null) ?? null };
    })
    .filter((r) => r.commodity.active || r.qtyG !== 0 || r.heads !== 0);
}

/** Demo data only: outflows look as if entered on their own date. */
export async function backdateOutflowsToTheirDate(db: DbOrTrx): Promise<void> {
  await setOutflowsEnteredOnTheirDate(db);
}

export const MOVEMENTS_PAGE = 50;

export async function browseMovements(db: DbOrTrx, f: MovementFilter, page: number) {
  const total = await countMovements(db, f);
  const p = paging(total, page, MOVEMENTS_PAGE);
  const rows = await listMovements(db, f, p.limit, p.offset);
  // A balance (saldo) only means something on one commodity's whole ledger, not on one kind of it.
  const withBalance = Boolean(f.commodityId && !f.kind);
  const shown = withBalance
    ? await withBalances(db, f.commodityId!, rows)
    : rows.map((r) => ({ ...r, balance_g: null, balance_heads: null }));
  return { rows: shown, total, page: p.page, pages: p.pages, withBalance };
}

/**
 * The balance after each movement of a page (newest first), like a stock card: the top row's from
 * the daily and monthly totals (the end of its day less what moved later that day), each next
 * one by taking back the row above. Never a scan of the ledger.
 */
async function withBalances<R extends { id: number; moved_on: string; qty_g: number; heads: number | null }>(
  db: DbOrTrx,
  commodityId: number,
  rows: R[],
) {
  const top = rows[0];
  if (!top) return [];
  const [endOfDay, later] = await Promise.all([
    balanceOn(db, commodityId, top.moved_on),
    movedLaterThatDay(db, commodityId, top.moved_on, top.id),
  ]);
  let qtyG = endOfDay.qtyG - later.qtyG;
  let heads = endOfDay.heads - later.heads;
  return rows.map((r) => {
    const shown = { ...r, balance_g: qtyG as number | null, balance_heads: heads as number | null };
    qtyG -= r.qty_g;
    heads -= r.heads ?? 0;
    return shown;
  });
}

/** All movements of a filter for a download (bounded, to keep a runaway export in check). */
/** Every movement of a filter, in the list's order, read a batch at a time while a download is written. */
export function movementsToExport(db: DbOrTrx, f: MovementFilter) {
  return keysetBatches((after: MovementKey | undefined, limit) => movementsForExport(db, f, after, limit));
}

export type SaveResult = { id: number; duplicate: boolean };

/**
 * A one-time form token (or a tablet's entry id) already saved: by this user it is a resend, answered
 * with the first record; by another user it is not theirs to see, and is refused.
 */
export function earlierSave(earlier: { id: number; recorded_by: number } | undefined, actorId: number): SaveResult | null {
  if (!earlier) return null;
  if (earlier.recorded_by !== actorId)
    throw new ValidationError({}, 'Kode formulir ini sudah dipakai oleh pengguna lain. Muat ulang halaman, lalu isi lagi.');
  return { id: earlier.id, duplicate: true };
}

/** When the officer entered a record: on a tablet, for an entry sent later; else now. */
export type EnteredAt = { enteredAt?: string };

export async function recordOutflow(db: Db, input: OutflowInput, actorId: number, opts: EnteredAt = {}): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const earlier = earlierSave(await findOutflowByToken(trx, input.form_token), actorId);
    if (earlier) return earlier;
    // A locked month is the first thing to say, before any shortage.
    await assertDaysOpen(trx, [input.out_date]);
    const commodity = await getCommodity(trx, input.commodity_id);
    if (!commodity.active) throw new ValidationError({ commodity_id: `${commodity.name} sudah tidak aktif.` });
    const heads = commodity.tracks_heads ? input.heads : null;
    // Only the fields this kind asks for are kept (a kitchen entry has no buyer nor rupiah).
    const { needs } = kindSpec(input.kind);
    const now = nowIso();
    const row = {
      kind: input.kind,
      commodity_id: commodity.id,
      out_date: input.out_date,
      qty_g: input.qty_g,
      heads,
      amount_rp: needs.rupiah ? input.amount_rp : null,
      party: needs.party ? input.party : null,
      note: input.note,
      recorded_by: actorId,
      form_token: input.form_token,
      status: 'active' as const,
      created_at: now,
      entered_at: opts.enteredAt ?? now,
    };
    const id = await insertOutflow(trx, row);
    await recordMovement(
      trx,
      { commodityId: commodity.id, movedOn: input.out_date, kind: input.kind, qtyG: -input.qty_g, heads: -(heads ?? 0), outflowId: id },
      actorId,
    );
    await recordAudit(trx, { userId: actorId, action: 'create', entity: 'outflow', entityId: id, after: row });
    return { id, duplicate: false };
  });
}

/** This user's outflow saved under a form token (or a tablet's entry id), or null. */
export async function savedOutflow(db: DbOrTrx, token: string, actorId: number): Promise<SaveResult | null> {
  return earlierSave(await findOutflowByToken(db, token), actorId);
}

export async function getOutflow(db: DbOrTrx, id: number) {
  const o = await findOutflow(db, id);
  if (!o) throw new NotFoundError('Catatan pengeluaran tidak ditemukan.');
  return o;
}

/** Who may void an outflow: an admin, or whoever recorded it on the same day (WIB). */
export function canVoidOutflow(o: { recorded_by: number; created_at: string; status: string }, user: Actor): boolean {
  if (o.status !== 'active') return false;
  if (user.roles.includes('admin')) return true;
  return o.recorded_by === user.id && wibDate(new Date(o.created_at)) === wibDate();
}

export async function voidOutflow(db: Db, id: number, reason: string, user: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const o = await getOutflow(trx, id);
    if (o.status !== 'active') throw new ValidationError({}, 'Catatan ini sudah dibatalkan sebelumnya.');
    if (!canVoidOutflow(o, user))
      throw new ForbiddenError('Hanya admin, atau pencatatnya pada hari yang sama, yang dapat membatalkan catatan ini.');
    const at = nowIso();
    await markOutflowVoid(trx, id, reason, user.id, at);
    await reverseMovementsOf(trx, { outflowId: id }, user.id);
    await recordAudit(trx, {
      userId: user.id,
      action: 'void',
      entity: 'outflow',
      entityId: id,
      before: { status: 'active' },
      after: { status: 'void' },
      reason,
    });
  });
}

/** Stock count (stok opname): the counted quantity replaces the book quantity; the difference is a movement. */
export async function recordStockCount(
  db: Db,
  input: StockCountInput,
  actorId: number,
): Promise<SaveResult & { diffG: number; diffHeads: number; bookG: number }> {
  return db.transaction().execute(async (trx) => {
    const earlier = await findStockCountByToken(trx, input.form_token);
    if (earlier) return { id: earlier.id, duplicate: true, diffG: 0, diffHeads: 0, bookG: 0 };
    await assertDaysOpen(trx, [input.count_date]);
    const commodity = await getCommodity(trx, input.commodity_id);
    // The book is what the ledger holds at the end of the count's own day, not today.
    const onDay = await balanceOn(trx, commodity.id, input.count_date);
    const book = { qty_g: onDay.qtyG, heads: onDay.heads };
    const countedHeads = commodity.tracks_heads ? (input.counted_heads ?? book.heads) : null;
    const diffG = input.counted_g - book.qty_g;
    const diffHeads = countedHeads === null ? 0 : countedHeads - book.heads;
    const row = {
      commodity_id: commodity.id,
      count_date: input.count_date,
      counted_g: input.counted_g,
      counted_heads: countedHeads,
      book_g: book.qty_g,
      book_heads: commodity.tracks_heads ? book.heads : null,
      reason: input.reason,
      recorded_by: actorId,
      form_token: input.form_token,
      created_at: nowIso(),
    };
    const id = await insertStockCount(trx, row);
    if (diffG !== 0 || diffHeads !== 0) {
      // A count that lowers a back-dated balance must still leave every later date at zero or more.
      await recordMovement(
        trx,
        { commodityId: commodity.id, movedOn: input.count_date, kind: 'adjustment', qtyG: diffG, heads: diffHeads, stockCountId: id },
        actorId,
      );
    }
    await recordAudit(trx, {
      userId: actorId,
      action: 'stock_count',
      entity: 'stock',
      entityId: commodity.id,
      before: { qty_g: book.qty_g, heads: book.heads },
      after: { qty_g: input.counted_g, heads: countedHeads },
      reason: input.reason,
    });
    return { id, duplicate: false, diffG, diffHeads, bookG: book.qty_g };
  });
}
