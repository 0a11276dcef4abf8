// All Kysely for month locks.
import type { DbOrTrx } from '../../db/connect.ts';

/** The newest month with a final report. */
export async function latestFinalMonth(db: DbOrTrx): Promise<string | null> {
  const row = await db
    .selectFrom('monthly_reports')
    .select((eb) => eb.fn.max('month').as('m'))
    .where('status', '=', 'final')
    .executeTakeFirst();
  return row?.m ? String(row.m) : null;
}
