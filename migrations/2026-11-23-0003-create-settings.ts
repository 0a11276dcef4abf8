// Site settings (versioned letterhead) and signatories with their periods in office.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('effective_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('unit_name', 'varchar(150)', (c) => c.notNull())
    .addColumn('unit_code', 'varchar(20)', (c) => c.notNull())
    .addColumn('ministry_line', 'varchar(200)', (c) => c.notNull())
    .addColumn('kanwil_line', 'varchar(200)', (c) => c.notNull())
    .addColumn('address', 'varchar(300)', (c) => c.notNull())
    .addColumn('city', 'varchar(80)', (c) => c.notNull())
    .addColumn('phone', 'varchar(40)')
    .addColumn('email', 'varchar(120)')
    .addColumn('logo_file', 'varchar(200)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('site_settings_effective_idx').on('site_settings').columns(['effective_from', 'id']).execute();

  await db.schema
    .createTable('signatories')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('position', 'varchar(30)', (c) => c.notNull())
    .addColumn('title', 'varchar(150)', (c) => c.notNull())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('nip', 'varchar(30)')
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signatories_position_from_idx').on('signatories').columns(['position', 'valid_from']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signatories').execute();
  await db.schema.dropTable('site_settings').execute();
}
