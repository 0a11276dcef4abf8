// Harvests, outflows (kitchen, sale, loss), stock counts, and the stock ledger they write to.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('harvests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    .addColumn('location_id', 'integer', (c) => c.notNull().references('locations.id'))
    .addColumn('harvested_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('harvest_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('weight_g', 'integer', (c) => c.notNull())
    .addColumn('heads', 'integer')
    .addColumn('grade', 'varchar(1)')
    .addColumn('note', 'varchar(500)')
    .addColumn('photo_file', 'varchar(100)')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('form_token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('active'))
    .addColumn('void_reason', 'varchar(500)')
    .addColumn('voided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('voided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('harvests_date_idx').on('harvests').columns(['harvest_date', 'id']).execute();
  await db.schema.createIndex('harvests_commodity_date_idx').on('harvests').columns(['commodity_id', 'harvest_date']).execute();
  await db.schema.createIndex('harvests_location_idx').on('harvests').column('location_id').execute();
  await db.schema.createIndex('harvests_recorded_by_idx').on('harvests').column('recorded_by').execute();

  await db.schema
    .createTable('harvest_workers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('harvest_id', 'integer', (c) => c.notNull().references('harvests.id').onDelete('cascade'))
    .addColumn('inmate_id', 'integer', (c) => c.notNull().references('inmates.id'))
    .addUniqueConstraint('harvest_workers_unique', ['harvest_id', 'inmate_id'])
    .execute();
  await db.schema.createIndex('harvest_workers_inmate_idx').on('harvest_workers').column('inmate_id').execute();

  await db.schema
    .createTable('outflows')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    .addColumn('out_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('qty_g', 'integer', (c) => c.notNull())
    .addColumn('heads', 'integer')
    .addColumn('amount_rp', 'bigint')
    .addColumn('party', 'varchar(150)')
    .addColumn('note', 'varchar(500)')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('form_token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('active'))
    .addColumn('void_reason', 'varchar(500)')
    .addColumn('voided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('voided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outflows_date_idx').on('outflows').columns(['out_date', 'id']).execute();

  await db.schema
    .createTable('stock_counts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    .addColumn('count_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('counted_g', 'integer', (c) => c.notNull())
    .addColumn('counted_heads', 'integer')
    .addColumn('book_g', 'integer', (c) => c.notNull())
    .addColumn('book_heads', 'integer')
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('form_token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  // The ledger: append-only. A void appends a reversal dated like the movement it reverses.
  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    .addColumn('moved_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('qty_g', 'integer', (c) => c.notNull())
    .addColumn('heads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('harvest_id', 'integer', (c) => c.references('harvests.id'))
    .addColumn('outflow_id', 'integer', (c) => c.references('outflows.id'))
    .addColumn('stock_count_id', 'integer', (c) => c.references('stock_counts.id'))
    .addColumn('reverses_id', 'integer', (c) => c.references('stock_movements.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('stock_movements_commodity_date_idx').on('stock_movements').columns(['commodity_id', 'moved_on']).execute();
  await db.schema.createIndex('stock_movements_date_idx').on('stock_movements').columns(['moved_on', 'kind']).execute();
  await db.schema.createIndex('stock_movements_harvest_idx').on('stock_movements').column('harvest_id').execute();
  await db.schema.createIndex('stock_movements_outflow_idx').on('stock_movements').column('outflow_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stock_movements').execute();
  await db.schema.dropTable('stock_counts').execute();
  await db.schema.dropTable('outflows').execute();
  await db.schema.dropTable('harvest_workers').execute();
  await db.schema.dropTable('harvests').execute();
}
