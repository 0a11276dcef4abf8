// All Kysely for events (kegiatan) and their photos.
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { EventPhotosTable, EventsTable } from '../../db/database.ts';

export async function insertEvent(db: DbOrTrx, row: Insertable<EventsTable>): Promise<number> {
  return (await db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateEventRow(db: DbOrTrx, id: number, changes: Updateable<EventsTable>): Promise<void> {
  await db.updateTable('events').set(changes).where('id', '=', id).execute();
}

export async function findEvent(db: DbOrTrx, id: number) {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

function eventsOfYear(db: DbOrTrx, year: string) {
  let q = db.selectFrom('events as e');
  if (year) q = q.where('e.event_date', '>=', `${year}-01-01`).where('e.event_date', '<=', `${year}-12-31`);
  return q;
}

/** Events newest first, with how many active handovers each has. */
export async function listEvents(db: DbOrTrx, year: string, limit: number, offset: number) {
  return eventsOfYear(db, year)
    .selectAll('e')
    .select((eb) =>
      eb
        .selectFrom('distributions as d')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('d.event_id', '=', 'e.id')
        .where('d.status', '=', 'active')
        .as('handovers'),
    )
    .orderBy('e.event_date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countEvents(db: DbOrTrx, year: string): Promise<number> {
  return Number(
    (
      await eventsOfYear(db, year)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** For pick lists: the most recent events first. */
export async function recentEvents(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('events')
    .select(['id', 'name', 'event_date'])
    .orderBy('event_date', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertEventPhoto(db: DbOrTrx, row: Insertable<EventPhotosTable>): Promise<number> {
  return (await db.insertInto('event_photos').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function photosOfEvent(db: DbOrTrx, eventId: number) {
  return db.selectFrom('event_photos').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
}

export async function findEventPhoto(db: DbOrTrx, eventId: number, photoId: number) {
  return db.selectFrom('event_photos').selectAll().where('event_id', '=', eventId).where('id', '=', photoId).executeTakeFirst();
}
