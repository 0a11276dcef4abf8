// All Kysely for receipt prints and the verification link.
import type { DbOrTrx } from '../../db/connect.ts';

/** The unit a verification link's receipt belongs to (asked over the whole installation). */
export async function unitOfVerifyToken(db: DbOrTrx, token: string): Promise<number | undefined> {
  const row = await db.selectFrom('distributions').select('unit_id').where('verify_token', '=', token).executeTakeFirst();
  return row?.unit_id;
}

export async function findByVerifyToken(db: DbOrTrx, token: string) {
  return db
    .selectFrom('distributions as d')
    .innerJoin('recipients as r', 'r.id', 'd.recipient_id')
    .select(['d.id', 'd.receipt_no', 'd.handed_on', 'd.status', 'r.name as recipient_name'])
    .where('d.verify_token', '=', token)
    .executeTakeFirst();
}

/** Counts one more print and logs it under its form's token; returns its copy number (1 = the original). */
export async function logPrint(db: DbOrTrx, id: number, userId: number, at: string, formToken: string): Promise<number> {
  const { print_count } = await db
    .updateTable('distributions')
    .set((eb) => ({ print_count: eb('print_count', '+', 1) }))
    .where('id', '=', id)
    .returning('print_count')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('receipt_prints')
    .values({ distribution_id: id, copy_no: print_count, printed_by: userId, printed_at: at, form_token: formToken })
    .execute();
  return print_count;
}

/** The prints one print form recorded, in the order they were printed. */
export async function printsByToken(db: DbOrTrx, formToken: string) {
  return db
    .selectFrom('receipt_prints')
    .select(['distribution_id', 'copy_no', 'printed_by', 'printed_at'])
    .where('form_token', '=', formToken)
    .orderBy('id')
    .execute();
}
