// One person, one record; one household, one package per event: the family card number (No. KK),
// the mark of a record merged into another, the reason a household got a second package at an
// event, and the database's own refusal of a second record with the same NIK.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('recipients').addColumn('kk_number', 'varchar(16)').execute();
  // A merged record stays (receipts printed before name it) but points at the one that holds its history now.
  await db.schema
    .alterTable('recipients')
    .addColumn('merged_into_id', 'integer', (c) => c.references('recipients.id'))
    .execute();
  await db.schema.createIndex('recipients_kk_idx').on('recipients').column('kk_number').execute();
  await db.schema.alterTable('distributions').addColumn('household_reason', 'varchar(500)').execute();
  // A database may already hold two records with one NIK (a look-alike warning could be ticked
  // away until now). The migration must not fail on them: the index is made only when there are
  // none, and otherwise by the admin's merge that removes the last one (the service refuses new
  // duplicates meanwhile, so their number only goes down).
  const dup = await db
    .selectFrom('recipients')
    .select('nik')
    .where('nik', 'is not', null)
    .groupBy('nik')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .limit(1)
    .executeTakeFirst();
  if (!dup) await createNikUnique(db);
}

/** The same statement the merge runs once the last duplicate is gone (kept here too: migrations never import src/). */
async function createNikUnique(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('recipients_nik_unique')
    .ifNotExists()
    .unique()
    .on('recipients')
    .column('nik')
    .where('nik', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('recipients_nik_unique').ifExists().execute();
  await db.schema.alterTable('distributions').dropColumn('household_reason').execute();
  await db.schema.dropIndex('recipients_kk_idx').execute();
  await db.schema.alterTable('recipients').dropColumn('merged_into_id').execute();
  await db.schema.alterTable('recipients').dropColumn('kk_number').execute();
}
