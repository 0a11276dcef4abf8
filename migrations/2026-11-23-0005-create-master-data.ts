// Commodities (seeded with terong, cabai, tomat, lele), plots and ponds, and the inmate registry.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commodities')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('unit', 'varchar(10)', (c) => c.notNull().defaultTo('kg'))
    .addColumn('tracks_heads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('commodities')
    .values([
      { name: 'Terong', kind: 'sayur', unit: 'kg', tracks_heads: 0, active: 1, sort_order: 1, created_at: now, updated_at: now },
      { name: 'Cabai', kind: 'sayur', unit: 'kg', tracks_heads: 0, active: 1, sort_order: 2, created_at: now, updated_at: now },
      { name: 'Tomat', kind: 'sayur', unit: 'kg', tracks_heads: 0, active: 1, sort_order: 3, created_at: now, updated_at: now },
      { name: 'Lele', kind: 'ikan', unit: 'kg', tracks_heads: 1, active: 1, sort_order: 4, created_at: now, updated_at: now },
    ])
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('area_m2', 'integer')
    .addColumn('note', 'varchar(500)')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inmates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('reg_number', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('block', 'varchar(40)')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inmates_name_idx').on('inmates').column('name').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inmates').execute();
  await db.schema.dropTable('locations').execute();
  await db.schema.dropTable('commodities').execute();
}
