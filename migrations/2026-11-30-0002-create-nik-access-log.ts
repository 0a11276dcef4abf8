// Who saw a NIK whole, when, where and whose (UU 27/2022, PDP: a record of processing). One row per
// page or download; the recipients as a compact list of id ranges, so a download of the whole register
// is one short row rather than thousands.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('nik_access_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('place', 'varchar(40)', (c) => c.notNull())
    .addColumn('path', 'varchar(200)', (c) => c.notNull())
    .addColumn('recipient_count', 'integer', (c) => c.notNull())
    .addColumn('recipient_ids', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nik_access_log_at_idx').on('nik_access_log').column('at').execute();
  await db.schema.createIndex('nik_access_log_user_idx').on('nik_access_log').columns(['user_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('nik_access_log').execute();
}
