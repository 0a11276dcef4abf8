// Uploaded files (photos, the letterhead logo) kept in the database itself on PostgreSQL, so that
// every app process and every app host reads the same bytes and the database's own backup holds
// them. On SQLite the table stays empty: files stay in DATA_DIR/uploads, where SQLite backups
// already copy them from. `blob` is bytea on PostgreSQL (src/db/postgres.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    // the name the records hold: 'harvests/<token>.jpg', 'logo-<hash>.png'
    .addColumn('name', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // hex SHA-256 of the bytes: a copy cached on a host's disk is named after it, so it is never stale
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stored_files').execute();
}
