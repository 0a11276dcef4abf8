// Issue 19: harvests in the order they were weighed (the list's default order, and the download's
// batches: each batch is the next 2 000 after the last one sent). Without this index every batch of a
// ten-year download sorted all of the unit's harvests again (≈ 270 ms each, during which no other
// request was answered); with it a batch is a range of the index.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('harvests_time_idx').on('harvests').columns(['unit_id', 'harvested_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('harvests_time_idx').execute();
}
