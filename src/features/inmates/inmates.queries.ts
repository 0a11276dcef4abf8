// All Kysely for the inmate (WBP) registry.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { Inmate, InmatesTable } from '../../db/database.ts';
import { likePattern } from '../../db/sql-helpers.ts';

export async function searchInmates(db: DbOrTrx, term: string, opts: { activeOnly?: boolean; limit?: number; offset?: number } = {}) {
  let q = db.selectFrom('inmates').selectAll();
  if (term) {
    const p = likePattern(term);
    // ESCAPE spelled out: SQLite has no default escape character, PostgreSQL's is the backslash.
    q = q.where(sql<boolean>`(lower(name) like ${p} escape '\\' or lower(reg_number) like ${p} escape '\\')`);
  }
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q
    .orderBy('name')
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0)
    .execute();
}

export async function findInmate(db: DbOrTrx, id: number): Promise<Inmate | undefined> {
  return db.selectFrom('inmates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findInmateByReg(db: DbOrTrx, reg: string): Promise<Inmate | undefined> {
  return db.selectFrom('inmates').selectAll().where('reg_number', '=', reg).executeTakeFirst();
}

export async function findInmatesByName(db: DbOrTrx, name: string): Promise<Inmate[]> {
  return db
    .selectFrom('inmates')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .execute();
}

export async function insertInmate(db: DbOrTrx, row: Insertable<InmatesTable>): Promise<number> {
  return (await db.insertInto('inmates').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateInmateRow(db: DbOrTrx, id: number, changes: Updateable<InmatesTable>): Promise<void> {
  await db.updateTable('inmates').set(changes).where('id', '=', id).execute();
}
