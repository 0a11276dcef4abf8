// A print of a receipt is a deliberate press of the print button: its one-time form token is kept
// with the print, so a resend of the same form (a double tap, a retry on weak Wi-Fi) is recognised
// and counted once. Prints recorded before this (every GET of the PDF counted) keep a null token.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('receipt_prints').addColumn('form_token', 'varchar(64)').execute();
  // One print per receipt per form: the database refuses a second even if two requests race.
  await db.schema
    .createIndex('receipt_prints_token_unique')
    .unique()
    .on('receipt_prints')
    .columns(['form_token', 'distribution_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('receipt_prints_token_unique').execute();
  await db.schema.alterTable('receipt_prints').dropColumn('form_token').execute();
}
