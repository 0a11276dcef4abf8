// The server makes the daily backup itself: the time of day it runs (one row, set on the Cadangan
// page) and the outcome of every backup (scheduled, from the page, or `npm run backup`), so the home
// page can warn when the last one failed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_schedule')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    // HH:MM in WIB
    .addColumn('daily_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createTable('backup_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    // jadwal | halaman | perintah
    .addColumn('trigger', 'varchar(10)', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'varchar(64)')
    .addColumn('error', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backup_runs').execute();
  await db.schema.dropTable('backup_schedule').execute();
}
