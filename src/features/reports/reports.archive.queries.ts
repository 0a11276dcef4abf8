// All Kysely for finalised monthly reports (the monthly_reports table).
import type { DbOrTrx } from '../../db/connect.ts';
import type { MonthlyReportsTable } from '../../db/database.ts';
import type { Insertable } from 'kysely';

export async function findFinal(db: DbOrTrx, month: string) {
  return db.selectFrom('monthly_reports').selectAll().where('month', '=', month).where('status', '=', 'final').executeTakeFirst();
}

export async function insertFinal(db: DbOrTrx, row: Insertable<MonthlyReportsTable>): Promise<number> {
  return (await db.insertInto('monthly_reports').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function markReopened(db: DbOrTrx, id: number, by: number, at: string, reason: string): Promise<void> {
  await db
    .updateTable('monthly_reports')
    .set({ status: 'reopened', reopened_at: at, reopened_by: by, reopen_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** The Kanwil's review of a final record: accepted, or returned with its reason. */
export async function markReviewed(
  db: DbOrTrx,
  id: number,
  review: { review: 'accepted' | 'returned'; reviewed_by: number; reviewed_at: string; review_reason: string | null },
): Promise<void> {
  await db.updateTable('monthly_reports').set(review).where('id', '=', id).execute();
}

/** Every finalisation and reopening of the months in a range, newest first, with who did it. */
export async function historyOf(db: DbOrTrx, fromMonth: string, toMonth: string) {
  return db
    .selectFrom('monthly_reports as m')
    .innerJoin('users as f', 'f.id', 'm.finalised_by')
    .leftJoin('users as r', 'r.id', 'm.reopened_by')
    .select([
      'm.id',
      'm.month',
      'm.status',
      'm.finalised_at',
      'f.full_name as finalised_by_name',
      'm.reopened_at',
      'r.full_name as reopened_by_name',
      'm.reopen_reason',
    ])
    .where('m.month', '>=', fromMonth)
    .where('m.month', '<=', toMonth)
    .orderBy('m.month', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
}

/** The first month with any ledger movement, or null for an empty database. */
export async function firstMovementMonth(db: DbOrTrx): Promise<string | null> {
  const r = await db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.min('moved_on').as('first'))
    .executeTakeFirst();
  return r?.first ? String(r.first).slice(0, 7) : null;
}

/** The last document counter given in a year (0 when none): counted over every row, reopened ones too. */
export async function lastDocSeq(db: DbOrTrx, year: number): Promise<number> {
  const r = await db
    .selectFrom('monthly_reports')
    .select((eb) => eb.fn.max('doc_seq').as('last'))
    .where('doc_year', '=', year)
    .executeTakeFirst();
  return Number(r?.last ?? 0);
}

/** The users who may be named as the report's maker: the unit's active ones (a role in it), by name. */
export async function activeUsers(db: DbOrTrx) {
  return db
    .selectFrom('users')
    .select(['id', 'full_name', 'nip', 'position'])
    .where('active', '=', 1)
    .where(({ exists, selectFrom }) => exists(selectFrom('user_roles').select('id').whereRef('user_roles.user_id', '=', 'users.id')))
    .orderBy('full_name')
    .execute();
}

/** The unit's link to the central installation (its credential and the centre's address), if set. */
export function findReportLink(db: DbOrTrx) {
  return db.selectFrom('report_links').selectAll().executeTakeFirst();
}

export async function saveReportLinkRow(
  db: DbOrTrx,
  row: { credential: string; central_url: string | null; saved_at: string; saved_by: number },
) {
  const found = await findReportLink(db);
  if (found) await db.updateTable('report_links').set(row).where('id', '=', found.id).execute();
  else await db.insertInto('report_links').values(row).execute();
}
