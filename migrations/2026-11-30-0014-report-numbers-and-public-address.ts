// Papers an office signs (issue 13): the monthly report's document number (its format is part of
// the letterhead settings; the per-year counter is kept on the report row, unique, so a number is
// never given twice, not even to a report later reopened), and the public address printed in the
// receipts' QR code (one row, set in Pengaturan or at the first-run setup).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('site_settings').addColumn('report_number_format', 'varchar(120)').execute();
  await db.schema.alterTable('monthly_reports').addColumn('doc_year', 'integer').execute();
  await db.schema.alterTable('monthly_reports').addColumn('doc_seq', 'integer').execute();
  await db.schema.createIndex('monthly_reports_doc_number').unique().on('monthly_reports').columns(['doc_year', 'doc_seq']).execute();
  await db.schema
    .createTable('public_address')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('public_url', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('public_address').execute();
  await db.schema.dropIndex('monthly_reports_doc_number').execute();
  await db.schema.alterTable('monthly_reports').dropColumn('doc_seq').execute();
  await db.schema.alterTable('monthly_reports').dropColumn('doc_year').execute();
  await db.schema.alterTable('site_settings').dropColumn('report_number_format').execute();
}
