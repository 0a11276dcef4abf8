// Finalised monthly reports: the figures frozen as they were signed, and the lock on their month.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monthly_reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // 'YYYY-MM' in WIB
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    // 'final' locks the month; 'reopened' keeps the old figures for the record
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('finalised_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finalised_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reopened_at', 'varchar(30)')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reopen_reason', 'varchar(500)')
    .execute();
  await db.schema.createIndex('monthly_reports_month_idx').on('monthly_reports').columns(['month', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monthly_reports').execute();
}
