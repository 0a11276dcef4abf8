// Events (kegiatan) at which produce is handed out: Bakti Sosial, Panen Raya, and the like.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { Event } from '../../db/database.ts';
import { paging } from '../../lib/paging.ts';
import { nowIso } from '../../lib/time.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  countEvents,
  findEvent,
  findEventPhoto,
  insertEvent,
  insertEventPhoto,
  listEvents,
  photosOfEvent,
  recentEvents,
  updateEventRow,
} from './events.queries.ts';
import { EVENT_KIND_LABELS, type EventInput } from './events.schema.ts';
import { assertDaysOpen } from '../locks/locks.service.ts';

export { photosOfEvent, recentEvents };

export async function getEvent(db: DbOrTrx, id: number): Promise<Event> {
  const e = await findEvent(db, id);
  if (!e) throw new NotFoundError('Kegiatan tidak ditemukan.');
  return e;
}

/** "Panen Raya Nasional 2024 (Panen Raya)" */
export function eventLabel(e: Pick<Event, 'name' | 'kind'>): string {
  const kind = EVENT_KIND_LABELS[e.kind];
  return e.name.toLowerCase().includes(kind.toLowerCase()) ? e.name : `${e.name} (${kind})`;
}

export async function createEvent(db: Db, input: EventInput, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const id = await insertEvent(trx, { ...input, created_by: actorId, created_at: now, updated_at: now });
    await recordAudit(trx, { userId: actorId, action: 'create', entity: 'event', entityId: id, after: input });
    return id;
  });
}

export async function updateEvent(db: Db, id: number, input: EventInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getEvent(trx, id);
    // Its name and place print on the receipts of that day: not changed once the month is final.
    await assertDaysOpen(trx, [before.event_date, input.event_date]);
    await updateEventRow(trx, id, { ...input, updated_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: 'update', entity: 'event', entityId: id, before, after: input });
  });
}

export const EVENTS_PAGE = 30;

export async function browseEvents(db: DbOrTrx, year: string, page: number) {
  const total = await countEvents(db, year);
  const p = paging(total, page, EVENTS_PAGE);
  return { rows: await listEvents(db, year, p.limit, p.offset), total, page: p.page, pages: p.pages };
}

/** Every event of a year (or all), in the list's order, for a download (bounded). */
export async function eventsToExport(db: DbOrTrx, year: string) {
  return listEvents(db, year, 100_000, 0);
}

export async function addEventPhoto(db: Db, eventId: number, file: string, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await getEvent(trx, eventId);
    const id = await insertEventPhoto(trx, { event_id: eventId, file, created_by: actorId, created_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: 'add_photo', entity: 'event', entityId: eventId, after: { file } });
    return id;
  });
}

export async function getEventPhoto(db: DbOrTrx, eventId: number, photoId: number) {
  const p = await findEventPhoto(db, eventId, photoId);
  if (!p) throw new NotFoundError('Foto tidak ditemukan.');
  return p;
}
