// The admin's list of tablet entries refused because their month is final.
import type { DbOrTrx } from '../../db/connect.ts';
import type { RefusedEntriesTable } from '../../db/database.ts';
import type { Insertable } from 'kysely';

/** Kept once per entry: a tablet sending it again does not add a row. */
export async function insertRefusal(db: DbOrTrx, row: Insertable<RefusedEntriesTable>): Promise<void> {
  await db
    .insertInto('refused_entries')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'entry_id']).doUpdateSet({ reason: row.reason, received_at: row.received_at }))
    .execute();
}

/** Open ones first (oldest first), then the last handled ones. */
export async function listRefusals(db: DbOrTrx, handledLimit = 50) {
  const base = db
    .selectFrom('refused_entries as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as h', 'h.id', 'r.handled_by')
    .select([
      'r.id',
      'r.entry_id',
      'r.kind',
      'r.payload',
      'r.reason',
      'r.entered_at',
      'r.received_at',
      'r.handled_at',
      'r.handled_note',
      'u.full_name as officer_name',
      'h.full_name as handled_by_name',
    ]);
  const [open, handled] = await Promise.all([
    base.where('r.handled_at', 'is', null).orderBy('r.received_at').orderBy('r.id').execute(),
    base.where('r.handled_at', 'is not', null).orderBy('r.handled_at', 'desc').limit(handledLimit).execute(),
  ]);
  return { open, handled };
}

export async function countOpenRefusals(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('refused_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('handled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findRefusal(db: DbOrTrx, id: number) {
  return db.selectFrom('refused_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markRefusalHandled(db: DbOrTrx, id: number, by: number, at: string, note: string | null): Promise<void> {
  await db.updateTable('refused_entries').set({ handled_by: by, handled_at: at, handled_note: note }).where('id', '=', id).execute();
}
