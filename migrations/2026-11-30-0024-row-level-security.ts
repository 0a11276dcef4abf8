// PostgreSQL only: row-level security as the second wall behind the app's unit scope
// (src/db/unit-scope.ts). Each unit's table shows a transaction only the rows of the units its
// `lumbung.units` setting names, and takes only rows of the unit `lumbung.write_unit` names; both
// are set per transaction (SET LOCAL, src/db/postgres.ts), so a pooler in transaction mode keeps
// none between clients. Without them a transaction sees and writes nothing of any unit. FORCE: the
// owner is held to the policies too (the app may run as the owner when it cannot switch to its own
// role). `all` is the installation-wide scope (migrations, backups, the units' management).
// SQLite has no such thing: the app's scope is its only wall there.
import { sql, type Kysely } from 'kysely';

/** The unit's tables on the day of this migration (frozen: later ones add their own policies). */
const TABLES = [
  'site_settings',
  'signatories',
  'audit_log',
  'nik_access_log',
  'commodities',
  'locations',
  'inmates',
  'harvests',
  'harvest_workers',
  'outflows',
  'stock_counts',
  'stock_movements',
  'recipients',
  'events',
  'event_photos',
  'packages',
  'package_items',
  'receipt_counters',
  'distributions',
  'distribution_items',
  'receipt_prints',
  'monthly_reports',
  'stock_month_totals',
  'stock_day_totals',
  'refused_entries',
  'user_roles',
];

// The settings read in sub-selects: evaluated once per statement (an init plan), not once per row.
const READABLE = `(select current_setting('lumbung.units', true)) = 'all'
  or unit_id = any ((select string_to_array(nullif(current_setting('lumbung.units', true), 'all'), ','))::integer[])`;
const WRITABLE = `(select current_setting('lumbung.write_unit', true)) = 'all'
  or unit_id = (select nullif(nullif(current_setting('lumbung.write_unit', true), 'all'), '')::integer)`;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of TABLES) {
    await sql.raw(`alter table "${t}" enable row level security`).execute(db);
    await sql.raw(`alter table "${t}" force row level security`).execute(db);
    await sql.raw(`create policy unit_rows on "${t}" using (${READABLE}) with check (${WRITABLE})`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of TABLES) {
    await sql.raw(`drop policy unit_rows on "${t}"`).execute(db);
    await sql.raw(`alter table "${t}" no force row level security`).execute(db);
    await sql.raw(`alter table "${t}" disable row level security`).execute(db);
  }
}
