// Issue 18, the reporting loop up the tree:
// - the deadline day of the monthly report, set once for the installation (on its root unit);
// - where a final report came from: made here, or imported from a UPT's own installation as a signed
//   file (with the hash of its content, so the same file imported twice is recognised);
// - the keys the central installation issues to a standalone UPT (to sign its files; a token to push
//   them), and, on the UPT's own box, the credential it was given (a unit's table, behind RLS);
// - the national harvest days (Panen Raya Serentak), declared for the whole programme.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

// As in 0024: the settings read once per statement.
const READABLE = `(select current_setting('lumbung.units', true)) = 'all'
  or unit_id = any ((select string_to_array(nullif(current_setting('lumbung.units', true), 'all'), ','))::integer[])`;
const WRITABLE = `(select current_setting('lumbung.write_unit', true)) = 'all'
  or unit_id = (select nullif(nullif(current_setting('lumbung.write_unit', true), 'all'), '')::integer)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('units').addColumn('report_deadline_day', 'integer').execute();

  await db.schema.alterTable('monthly_reports').addColumn('source', 'varchar(10)').execute();
  await db.schema.alterTable('monthly_reports').addColumn('content_hash', 'varchar(64)').execute();

  await db.schema
    .createTable('unit_report_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // the UPT it was issued to (not `unit_id`: the keys are the installation's, not a unit's records)
    .addColumn('for_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('key_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    // sha256 of the push token: the token itself is shown once, when issued
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('issued_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('unit_report_keys_key_id').unique().on('unit_report_keys').column('key_id').execute();
  await db.schema.createIndex('unit_report_keys_token').unique().on('unit_report_keys').column('token_hash').execute();
  await db.schema.createIndex('unit_report_keys_unit').on('unit_report_keys').columns(['for_unit_id', 'issued_at']).execute();

  await db.schema
    .createTable('report_links')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('central_url', 'varchar(300)')
    .addColumn('saved_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('saved_by', 'integer', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('report_links_unit').unique().on('report_links').column('unit_id').execute();
  if (isPostgres(db)) {
    await sql.raw(`alter table "report_links" enable row level security`).execute(db);
    await sql.raw(`alter table "report_links" force row level security`).execute(db);
    await sql.raw(`create policy unit_rows on "report_links" using (${READABLE}) with check (${WRITABLE})`).execute(db);
  }

  await db.schema
    .createTable('harvest_days')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', 'varchar(150)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('declared_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('declared_by', 'integer', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('harvest_days_day').unique().on('harvest_days').column('day').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('harvest_days').execute();
  await db.schema.dropTable('report_links').execute();
  await db.schema.dropTable('unit_report_keys').execute();
  await db.schema.alterTable('monthly_reports').dropColumn('content_hash').execute();
  await db.schema.alterTable('monthly_reports').dropColumn('source').execute();
  await db.schema.alterTable('units').dropColumn('report_deadline_day').execute();
}
