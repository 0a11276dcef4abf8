// Indexes the monthly report needs so that none of its queries reads a whole table: reprints by
// print time, replacement receipts by what they replace, stock counts by date.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('receipt_prints_printed_at_idx').on('receipt_prints').column('printed_at').execute();
  await db.schema.createIndex('distributions_replaces_idx').on('distributions').column('replaces_id').execute();
  await db.schema.createIndex('stock_counts_date_idx').on('stock_counts').columns(['count_date', 'id']).execute();
  await db.schema.createIndex('outflows_kind_date_idx').on('outflows').columns(['kind', 'out_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outflows_kind_date_idx').execute();
  await db.schema.dropIndex('stock_counts_date_idx').execute();
  await db.schema.dropIndex('distributions_replaces_idx').execute();
  await db.schema.dropIndex('receipt_prints_printed_at_idx').execute();
}
