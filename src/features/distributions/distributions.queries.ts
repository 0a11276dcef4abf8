// All Kysely for handovers (distributions), their items, receipt numbers and prints.
import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { DistributionItemsTable, DistributionsTable } from '../../db/database.ts';
import { inSlices, likePattern } from '../../db/sql-helpers.ts';
import type { ReceiptTerm } from './distributions.schema.ts';

/**
 * The next receipt sequence of a year. The row update takes the write lock (SQLite) or the row
 * lock (PostgreSQL) until the transaction ends, so two saves never read the same number, and a
 * rolled-back save gives its number back: no gaps.
 */
export async function bumpReceiptCounter(db: DbOrTrx, year: number): Promise<number> {
  await db
    .insertInto('receipt_counters')
    .values({ year, last_seq: 0 })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute();
  const row = await db
    .updateTable('receipt_counters')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('year', '=', year)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

export async function insertDistribution(db: DbOrTrx, row: Insertable<DistributionsTable>): Promise<number> {
  return (await db.insertInto('distributions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertItems(db: DbOrTrx, rows: Insertable<DistributionItemsTable>[]): Promise<void> {
  await inSlices(rows, 150, async (part) => void (await db.insertInto('distribution_items').values(part).execute()));
}

export async function findByFormToken(db: DbOrTrx, token: string) {
  return db.selectFrom('distributions').select(['id', 'recipient_id']).where('form_token', '=', token).orderBy('id').execute();
}

export async function findDistribution(db: DbOrTrx, id: number) {
  return withNames(db).where('d.id', '=', id).executeTakeFirst();
}

/** Several handovers as `findDistribution` reads one (a print's receipts, a batch at a time), in no set order. */
export async function findDistributions(db: DbOrTrx, ids: number[]) {
  return inSlices(ids, 500, (part) => withNames(db).where('d.id', 'in', part).execute());
}

/** A handover with the names it points to: recipient, officers, event, the receipt it replaces and its replacement. */
function withNames(db: DbOrTrx) {
  return db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .innerJoin('users as o', 'o.id', 'd.officer_id')
    .innerJoin('users as u', 'u.id', 'd.recorded_by')
    .leftJoin('events as e', 'e.id', 'd.event_id')
    .leftJoin('distributions as old', 'old.id', 'd.replaces_id')
    .leftJoin('users as v', 'v.id', 'd.voided_by')
    .selectAll('d')
    .select([
      'r.name as recipient_name',
      'r.category as recipient_category',
      'o.full_name as officer_name',
      'u.full_name as recorded_by_name',
      'e.name as event_name',
      'e.kind as event_kind',
      'old.receipt_no as replaces_receipt_no',
      'v.full_name as voided_by_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('distributions as n')
        .select('n.receipt_no')
        .whereRef('n.replaces_id', '=', 'd.id')
        .where('n.status', '=', 'active')
        .limit(1)
        .as('replaced_by_receipt_no'),
    )
    .select((eb) =>
      eb
        .selectFrom('distributions as n')
        .select('n.id')
        .whereRef('n.replaces_id', '=', 'd.id')
        .where('n.status', '=', 'active')
        .limit(1)
        .as('replaced_by_id'),
    );
}

export async function itemsOf(db: DbOrTrx, distributionIds: number[]) {
  return inSlices(distributionIds, 500, (part) =>
    db
      .selectFrom('distribution_items as i')
      .innerJoin('commodities as c', 'c.id', 'i.commodity_id')
      .select([
        'i.distribution_id',
        'i.commodity_id',
        'i.qty_g',
        'i.heads',
        'i.note',
        'c.name as commodity_name',
        'c.unit',
        'c.tracks_heads',
        'c.kind',
      ])
      .where('i.distribution_id', 'in', part)
      .orderBy('i.distribution_id')
      .orderBy('c.sort_order')
      .orderBy('c.id')
      .execute(),
  );
}

export interface DistributionFilter {
  from?: string | null;
  to?: string | null;
  eventId?: number | null;
  recipientId?: number | null;
  status?: 'active' | 'void' | null;
  /** What the search box asked for (see receiptTerm). */
  term?: ReceiptTerm | null;
  sort?: 'date' | 'number';
  dir?: 'asc' | 'desc';
}

function filtered(db: DbOrTrx, f: DistributionFilter) {
  let q = db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .leftJoin('events as e', 'e.id', 'd.event_id');
  if (f.from) q = q.where('d.handed_on', '>=', f.from);
  if (f.to) q = q.where('d.handed_on', '<=', f.to);
  if (f.eventId) q = q.where('d.event_id', '=', f.eventId);
  if (f.recipientId) q = q.where('d.recipient_id', '=', f.recipientId);
  if (f.status) q = q.where('d.status', '=', f.status);
  const t = f.term;
  if (t && 'seq' in t) {
    // Seeks on the (year, sequence) key: one year, or each year that has receipts at all.
    q = q.where('d.receipt_seq', '=', t.seq);
    q =
      t.year !== null
        ? q.where('d.receipt_year', '=', t.year)
        : q.where('d.receipt_year', 'in', db.selectFrom('receipt_counters').select('year'));
  } else if (t) {
    // The recipients of that name first, then their receipts by the recipient index.
    q = q.where(
      'd.recipient_id',
      'in',
      db
        .selectFrom('recipients')
        .select('id')
        .where(sql<boolean>`lower(name) like ${likePattern(t.name)} escape '\\'`),
    );
  }
  return q;
}

export async function listDistributions(db: DbOrTrx, f: DistributionFilter, limit: number, offset: number) {
  return filtered(db, f)
    .select([
      'd.id',
      'd.receipt_no',
      'd.handed_on',
      'd.status',
      'd.print_count',
      'd.recipient_id',
      'd.event_id',
      'r.name as recipient_name',
      'r.category as recipient_category',
      'e.name as event_name',
    ])
    .$call((qb) => {
      const dir = f.dir ?? 'desc';
      return f.sort === 'number'
        ? qb.orderBy('d.receipt_year', dir).orderBy('d.receipt_seq', dir)
        : qb.orderBy('d.handed_on', dir).orderBy('d.id', dir);
    })
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countDistributions(db: DbOrTrx, f: DistributionFilter): Promise<number> {
  return Number(
    (
      await filtered(db, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Where a batch of a download starts: after this receipt, in receipt number order. */
export type ReceiptKey = { receipt_year: number; receipt_seq: number; id: number };

/** A batch of the receipts of a filter, in receipt number order (for downloads). */
export async function receiptsForExport(db: DbOrTrx, f: DistributionFilter, after: ReceiptKey | undefined, limit: number) {
  let q = filtered(db, f).innerJoin('users as o', 'o.id', 'd.officer_id').leftJoin('inmates as w', 'w.id', 'r.inmate_id');
  if (after) q = q.where(sql<boolean>`(d.receipt_year, d.receipt_seq, d.id) > (${after.receipt_year}, ${after.receipt_seq}, ${after.id})`);
  return q
    .select([
      'd.id',
      'd.receipt_year',
      'd.receipt_seq',
      'd.receipt_no',
      'd.handed_on',
      'd.status',
      'd.void_reason',
      'e.name as event_name',
      'r.name as recipient_name',
      'r.category as recipient_category',
      'r.relation',
      'w.name as inmate_name',
      'w.reg_number as inmate_reg_number',
      'o.full_name as officer_name',
    ])
    .orderBy('d.receipt_year')
    .orderBy('d.receipt_seq')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** The item lines of these receipts, in commodity id order within a receipt (for downloads). */
export async function itemsOfReceipts(db: DbOrTrx, ids: number[]) {
  return inSlices(ids, 500, (part) =>
    db
      .selectFrom('distribution_items as it')
      .innerJoin('commodities as c', 'c.id', 'it.commodity_id')
      .select(['it.distribution_id', 'it.commodity_id', 'c.name as commodity_name', 'it.qty_g', 'it.heads', 'it.note'])
      .where('it.distribution_id', 'in', part)
      .orderBy('it.distribution_id')
      .orderBy('c.id')
      .execute(),
  );
}

/** The first and last day of the receipts of a filter (a download's name). */
export async function receiptDays(db: DbOrTrx, f: DistributionFilter) {
  const r = await filtered(db, f)
    .select((eb) => [eb.fn.min<string | null>('d.handed_on').as('first'), eb.fn.max<string | null>('d.handed_on').as('last')])
    .executeTakeFirstOrThrow();
  return { first: r.first ?? null, last: r.last ?? null };
}

/** What the valid receipts of each of these events handed out, per commodity. */
export async function totalsOfEvents(db: DbOrTrx, eventIds: number[]) {
  const rows = await inSlices(eventIds, 500, (part) =>
    db
      .selectFrom('distributions as d')
      .innerJoin('distribution_items as it', 'it.distribution_id', 'd.id')
      .select((eb) => [
        'd.event_id',
        'it.commodity_id',
        eb.fn.sum<number>('it.qty_g').as('qty_g'),
        eb.fn.sum<number>('it.heads').as('heads'),
      ])
      .where('d.status', '=', 'active')
      .where('d.event_id', 'in', part)
      .groupBy(['d.event_id', 'it.commodity_id'])
      .execute(),
  );
  return rows.map((r) => ({
    event_id: r.event_id!,
    commodity_id: r.commodity_id,
    qty_g: Number(r.qty_g),
    heads: r.heads == null ? null : Number(r.heads),
  }));
}

/** Receipt ids of an event in number order (for printing them all). */
export async function idsOfEvent(db: DbOrTrx, eventId: number, status: 'active' | null) {
  let q = db.selectFrom('distributions').select('id').where('event_id', '=', eventId);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('receipt_year').orderBy('receipt_seq').execute()).map((r) => r.id);
}

/** Recipients among `recipientIds` who already have a valid handover at this event. */
/**
 * Valid handovers at an event to these recipients, to anyone with one of these NIKs (two records
 * of one person from before one NIK, one person), or to anyone with one of these No. KK (a household).
 * Without `who`: every valid handover at the event (the batch screen marks who is served).
 */
export async function servedAtEvent(db: DbOrTrx, eventId: number, who?: { ids: number[]; niks: string[]; kks: string[] }) {
  const q = db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .select(['r.id', 'r.name', 'r.nik', 'r.kk_number', 'd.receipt_no'])
    .where('d.event_id', '=', eventId)
    .where('d.status', '=', 'active');
  if (!who) return q.orderBy('d.id').execute();
  // Each list sliced on its own: a batch may hold up to a thousand recipients.
  const found = [
    ...(await inSlices(who.ids, 500, (part) => q.where('d.recipient_id', 'in', part).execute())),
    ...(await inSlices(who.niks, 500, (part) => q.where('r.nik', 'in', part).execute())),
    ...(await inSlices(who.kks, 500, (part) => q.where('r.kk_number', 'in', part).execute())),
  ];
  return [...new Map(found.map((f) => [f.receipt_no, f])).values()];
}

/** Sums per commodity of valid handovers matching the filter (an event, a recipient's year). */
export async function totalsByCommodity(db: DbOrTrx, f: DistributionFilter & { upTo?: { handedOn: string; id: number } }) {
  let q = filtered(db, { ...f, status: 'active' })
    .innerJoin('distribution_items as i', 'i.distribution_id', 'd.id')
    .innerJoin('commodities as c', 'c.id', 'i.commodity_id');
  if (f.upTo) {
    const { handedOn, id } = f.upTo;
    q = q.where((eb) => eb.or([eb('d.handed_on', '<', handedOn), eb.and([eb('d.handed_on', '=', handedOn), eb('d.id', '<=', id)])]));
  }
  const rows = await q
    .select((eb) => [
      'c.id',
      'c.name as commodity_name',
      'c.sort_order',
      eb.fn.sum<number>('i.qty_g').as('qty_g'),
      eb.fn.sum<number>('i.heads').as('heads'),
    ])
    .groupBy(['c.id', 'c.name', 'c.sort_order'])
    .orderBy('c.sort_order')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ commodity_name: r.commodity_name, qty_g: Number(r.qty_g), heads: r.heads == null ? null : Number(r.heads) }));
}

/**
 * Fixes a just-issued receipt's "Diterima tahun …" figures (the recipient's valid handovers of the
 * year up to this one): every later print shows these, whatever is voided afterwards.
 */
export async function fixYearToDate(db: DbOrTrx, d: { id: number; recipientId: number; handedOn: string }): Promise<void> {
  const year = d.handedOn.slice(0, 4);
  const totals = await totalsByCommodity(db, {
    recipientId: d.recipientId,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    upTo: { handedOn: d.handedOn, id: d.id },
  });
  await db
    .updateTable('distributions')
    .set({ year_to_date_json: JSON.stringify(totals) })
    .where('id', '=', d.id)
    .execute();
}

export async function markVoid(db: DbOrTrx, id: number, reason: string, userId: number, at: string): Promise<void> {
  await db
    .updateTable('distributions')
    .set({ status: 'void', void_reason: reason, voided_by: userId, voided_at: at })
    .where('id', '=', id)
    .execute();
}

export async function activeReplacementOf(db: DbOrTrx, id: number) {
  return db
    .selectFrom('distributions')
    .select(['id', 'receipt_no'])
    .where('replaces_id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Demo data only: handovers look as if entered on their own date. */
export async function setEnteredOnTheirDate(db: DbOrTrx): Promise<void> {
  await db
    .updateTable('distributions')
    // The literal is inlined: PostgreSQL cannot tell a bound parameter's type inside concat().
    .set((eb) => ({ created_at: eb.fn('concat', [eb.ref('handed_on'), sql.lit('T03:00:00.000Z')]) }))
    .execute();
}
