// What each server process kept in its own memory, kept in the database instead, so that several
// processes (WORKERS on PostgreSQL) share it and a user may land on any of them: the failed-login
// and NIK-lookup counts (one row per key and window), and the version of the records that cached
// pages are checked against (one row, moved by every committed write on PostgreSQL).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    // ms since the epoch: when the window ends and the count starts again
    .addColumn('reset_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, n: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_version').execute();
  await db.schema.dropTable('rate_limits').execute();
}
