// Entries made on a tablet and sent later (issue 15): each harvest and outflow keeps when the
// officer entered it on the tablet beside when the server received it (`created_at`); entries the
// server refused because their month is already final wait on a list for the admin.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['harvests', 'outflows']) {
    // Entered on the tablet; for a form sent straight away, the time the server received it.
    await db.schema.alterTable(table).addColumn('entered_at', 'text').execute();
    await sql`update ${sql.table(table)} set entered_at = created_at`.execute(db);
  }
  await db.schema
    .createTable('refused_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    // The id the tablet gave the entry; one row per entry however often it is sent.
    .addColumn('entry_id', 'varchar(32)', (c) => c.notNull())
    // harvest | outflow
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    // The fields as sent (JSON; never a photo)
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('handled_by', 'integer', (c) => c.references('users.id'))
    .addColumn('handled_at', 'text')
    .addColumn('handled_note', 'text')
    .addUniqueConstraint('refused_entries_once', ['user_id', 'entry_id'])
    .execute();
  await db.schema.createIndex('refused_entries_open').on('refused_entries').columns(['handled_at', 'received_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('refused_entries').execute();
  for (const table of ['harvests', 'outflows']) await db.schema.alterTable(table).dropColumn('entered_at').execute();
}
