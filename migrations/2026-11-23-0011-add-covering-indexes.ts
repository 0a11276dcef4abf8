// Covering indexes for the two busiest reads on a large database: an officer's usual commodities
// and plots (the harvest form) and the handovers of a run of months (dashboard and report).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('harvests_officer_usage_idx')
    .on('harvests')
    .columns(['recorded_by', 'harvest_date', 'commodity_id', 'location_id'])
    .execute();
  // The new index starts with recorded_by: the single-column one is redundant.
  await db.schema.dropIndex('harvests_recorded_by_idx').execute();
  await db.schema
    .createIndex('distributions_month_reach_idx')
    .on('distributions')
    .columns(['handed_on', 'status', 'recipient_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('distributions_month_reach_idx').execute();
  await db.schema.createIndex('harvests_recorded_by_idx').on('harvests').column('recorded_by').execute();
  await db.schema.dropIndex('harvests_officer_usage_idx').execute();
}
