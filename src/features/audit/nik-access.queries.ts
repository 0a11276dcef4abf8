// All Kysely for the record of who saw a NIK whole.
import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { NikAccessLogTable } from '../../db/database.ts';

export async function insertNikAccess(db: DbOrTrx, row: Insertable<NikAccessLogTable>): Promise<void> {
  await db.insertInto('nik_access_log').values(row).execute();
}

export interface NikAccessFilter {
  userId?: number | null;
  from?: string | null;
  to?: string | null;
}

function filtered(db: DbOrTrx, f: NikAccessFilter) {
  let q = db.selectFrom('nik_access_log as n').innerJoin('users as u', 'u.id', 'n.user_id');
  if (f.userId) q = q.where('n.user_id', '=', f.userId);
  // `at` is a UTC timestamp; the WIB day bounds are converted by the service.
  if (f.from) q = q.where('n.at', '>=', f.from);
  if (f.to) q = q.where('n.at', '<', f.to);
  return q;
}

export async function countNikAccess(db: DbOrTrx, f: NikAccessFilter): Promise<number> {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNikAccess(db: DbOrTrx, f: NikAccessFilter, limit: number, offset: number) {
  return filtered(db, f)
    .select([
      'n.id',
      'n.at',
      'n.channel',
      'n.place',
      'n.path',
      'n.recipient_count',
      'n.recipient_ids',
      'u.full_name as user_name',
      'u.username',
    ])
    .orderBy('n.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Names of the recipients of the short entries on one page of the record. */
export async function recipientNames(db: DbOrTrx, ids: readonly number[]) {
  if (!ids.length) return [];
  return db.selectFrom('recipients').select(['id', 'name']).where('id', 'in', ids).execute();
}
