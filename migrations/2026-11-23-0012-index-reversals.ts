// A void or an edit looks up which movements are already reversed: without this index every
// void read the whole ledger.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('stock_movements_reverses_idx').on('stock_movements').column('reverses_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stock_movements_reverses_idx').execute();
}
