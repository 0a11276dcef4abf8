// Recipients, events, package templates, handovers (distributions) with their receipts, and the
// receipt counter; the stock ledger learns which handover a movement belongs to.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recipients')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(150)', (c) => c.notNull())
    .addColumn('nik', 'varchar(16)')
    .addColumn('inmate_id', 'integer', (c) => c.references('inmates.id'))
    .addColumn('relation', 'varchar(20)')
    .addColumn('address', 'varchar(300)', (c) => c.notNull())
    .addColumn('rt_rw', 'varchar(15)')
    .addColumn('village', 'varchar(100)', (c) => c.notNull())
    .addColumn('district', 'varchar(100)', (c) => c.notNull())
    .addColumn('phone', 'varchar(30)')
    .addColumn('household_size', 'integer')
    .addColumn('note', 'varchar(500)')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recipients_name_idx').on('recipients').column('name').execute();
  await db.schema.createIndex('recipients_nik_idx').on('recipients').column('nik').execute();
  await db.schema.createIndex('recipients_inmate_idx').on('recipients').column('inmate_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(150)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('event_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('place', 'varchar(200)')
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_date_idx').on('events').column('event_date').execute();

  await db.schema
    .createTable('event_photos')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
    .addColumn('file', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_photos_event_idx').on('event_photos').column('event_id').execute();

  await db.schema
    .createTable('packages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('package_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('package_id', 'integer', (c) => c.notNull().references('packages.id').onDelete('cascade'))
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    .addColumn('qty_g', 'integer', (c) => c.notNull())
    .addColumn('heads', 'integer')
    .addUniqueConstraint('package_items_unique', ['package_id', 'commodity_id'])
    .execute();

  // Receipt numbers: one row per year, bumped inside the handover's transaction, so a rollback
  // gives the number back and two saves never get the same one.
  await db.schema
    .createTable('receipt_counters')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('distributions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('receipt_no', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('receipt_year', 'integer', (c) => c.notNull())
    .addColumn('receipt_seq', 'integer', (c) => c.notNull())
    .addColumn('recipient_id', 'integer', (c) => c.notNull().references('recipients.id'))
    .addColumn('event_id', 'integer', (c) => c.references('events.id'))
    .addColumn('handed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('officer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('note', 'varchar(500)')
    .addColumn('photo_file', 'varchar(100)')
    .addColumn('replaces_id', 'integer', (c) => c.references('distributions.id'))
    .addColumn('verify_token', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('print_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('form_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('active'))
    .addColumn('void_reason', 'varchar(500)')
    .addColumn('voided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('voided_at', 'varchar(30)')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('distributions_year_seq_unique', ['receipt_year', 'receipt_seq'])
    // One batch form (one token) gives each recipient at most one handover.
    .addUniqueConstraint('distributions_token_recipient_unique', ['form_token', 'recipient_id'])
    .execute();
  await db.schema.createIndex('distributions_date_idx').on('distributions').columns(['handed_on', 'id']).execute();
  await db.schema.createIndex('distributions_recipient_idx').on('distributions').columns(['recipient_id', 'handed_on']).execute();
  await db.schema.createIndex('distributions_event_idx').on('distributions').column('event_id').execute();

  await db.schema
    .createTable('distribution_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('distribution_id', 'integer', (c) => c.notNull().references('distributions.id'))
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    .addColumn('qty_g', 'integer', (c) => c.notNull())
    .addColumn('heads', 'integer')
    .addColumn('note', 'varchar(200)')
    .execute();
  await db.schema.createIndex('distribution_items_distribution_idx').on('distribution_items').column('distribution_id').execute();

  await db.schema
    .createTable('receipt_prints')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('distribution_id', 'integer', (c) => c.notNull().references('distributions.id'))
    .addColumn('copy_no', 'integer', (c) => c.notNull())
    .addColumn('printed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('printed_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('receipt_prints_distribution_idx').on('receipt_prints').column('distribution_id').execute();

  await db.schema
    .alterTable('stock_movements')
    .addColumn('distribution_id', 'integer', (c) => c.references('distributions.id'))
    .execute();
  await db.schema.createIndex('stock_movements_distribution_idx').on('stock_movements').column('distribution_id').execute();

  // How receipts are printed unless the person printing chooses otherwise.
  await db.schema
    .alterTable('site_settings')
    .addColumn('paper_size', 'varchar(4)', (c) => c.notNull().defaultTo('a4'))
    .execute();
  await db.schema
    .alterTable('site_settings')
    .addColumn('receipts_per_page', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('site_settings').dropColumn('receipts_per_page').execute();
  await db.schema.alterTable('site_settings').dropColumn('paper_size').execute();
  await db.schema.dropIndex('stock_movements_distribution_idx').execute();
  await db.schema.alterTable('stock_movements').dropColumn('distribution_id').execute();
  await db.schema.dropTable('receipt_prints').execute();
  await db.schema.dropTable('distribution_items').execute();
  await db.schema.dropTable('distributions').execute();
  await db.schema.dropTable('receipt_counters').execute();
  await db.schema.dropTable('package_items').execute();
  await db.schema.dropTable('packages').execute();
  await db.schema.dropTable('event_photos').execute();
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('recipients').execute();
}
