// All Kysely for month locks.
import type { DbOrTrx } from '../../db/connect.ts';

/** Which of these months have a final report. */
export async function finalMonthsIn(db: DbOrTrx, months: string[]): Promise<string[]> {
  const rows = await db.selectFrom('monthly_reports').select('month').where('status', '=', 'final').where('month', 'in', months).execute();
  return rows.map((r) => r.month);
}
