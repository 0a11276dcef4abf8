// Issue 18: a UPT's final monthly report is reviewed by its Kanwil — accepted (the month stays
// locked; only the Kanwil can send it back) or returned with a reason (the UPT may reopen it,
// correct and finalise again). The review belongs to the final record it was made on.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('monthly_reports').addColumn('review', 'varchar(10)').execute();
  await db.schema
    .alterTable('monthly_reports')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.alterTable('monthly_reports').addColumn('reviewed_at', 'varchar(30)').execute();
  await db.schema.alterTable('monthly_reports').addColumn('review_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['review_reason', 'reviewed_at', 'reviewed_by', 'review'])
    await db.schema.alterTable('monthly_reports').dropColumn(c).execute();
}
