// At most one final report per month, enforced by the database: two finalisations at the same
// moment (possible on PostgreSQL, where transactions run side by side) cannot both succeed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('monthly_reports_one_final')
    .unique()
    .on('monthly_reports')
    .column('month')
    .where(sql.ref('status'), '=', 'final')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('monthly_reports_one_final').execute();
}
