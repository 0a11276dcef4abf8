// All Kysely for harvests and the inmates who worked on them.
import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import { likePattern } from '../../db/sql-helpers.ts';
import type { DbOrTrx } from '../../db/connect.ts';
import type { HarvestsTable, RecordStatus } from '../../db/database.ts';

export async function insertHarvest(db: DbOrTrx, row: Insertable<HarvestsTable>): Promise<number> {
  return (await db.insertInto('harvests').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateHarvestRow(db: DbOrTrx, id: number, changes: Updateable<HarvestsTable>): Promise<void> {
  await db.updateTable('harvests').set(changes).where('id', '=', id).execute();
}

export async function findHarvestByToken(db: DbOrTrx, token: string) {
  return db.selectFrom('harvests').select(['id', 'recorded_by']).where('form_token', '=', token).executeTakeFirst();
}

export async function setWorkers(db: DbOrTrx, harvestId: number, inmateIds: number[]): Promise<void> {
  await db.deleteFrom('harvest_workers').where('harvest_id', '=', harvestId).execute();
  if (inmateIds.length)
    await db
      .insertInto('harvest_workers')
      .values(inmateIds.map((inmate_id) => ({ harvest_id: harvestId, inmate_id })))
      .execute();
}

export async function workersOf(db: DbOrTrx, harvestIds: number[]) {
  if (!harvestIds.length) return [];
  return db
    .selectFrom('harvest_workers as w')
    .innerJoin('inmates as i', 'i.id', 'w.inmate_id')
    .select(['w.harvest_id', 'i.id', 'i.name', 'i.reg_number'])
    .where('w.harvest_id', 'in', harvestIds)
    .orderBy('i.name')
    .execute();
}

function withNames(db: DbOrTrx) {
  return db
    .selectFrom('harvests as h')
    .innerJoin('commodities as c', 'c.id', 'h.commodity_id')
    .innerJoin('locations as l', 'l.id', 'h.location_id')
    .innerJoin('users as u', 'u.id', 'h.recorded_by');
}

const listColumns = [
  'h.id',
  'h.commodity_id',
  'h.location_id',
  'h.harvested_at',
  'h.harvest_date',
  'h.weight_g',
  'h.heads',
  'h.grade',
  'h.note',
  'h.photo_file',
  'h.recorded_by',
  'h.status',
  'h.void_reason',
  'h.voided_at',
  'h.created_at',
  'h.updated_at',
  'h.entered_at',
  'c.name as commodity_name',
  'c.tracks_heads',
  'l.name as location_name',
  'u.full_name as recorded_by_name',
] as const;

export async function findHarvest(db: DbOrTrx, id: number) {
  return withNames(db).select(listColumns).where('h.id', '=', id).executeTakeFirst();
}

export interface HarvestFilter {
  from?: string | null;
  to?: string | null;
  commodityId?: number | null;
  locationId?: number | null;
  officerId?: number | null;
  status?: RecordStatus | null;
  /** Part of the recording officer's name or of the note. */
  search?: string | null;
  sort?: 'date' | 'number';
  dir?: 'asc' | 'desc';
}

/**
 * The filter's conditions on `h` (harvests) alone, so a query that needs no names (the first and
 * last day of a download) runs them without the joins.
 */
function conditions(f: HarvestFilter): RawBuilder<boolean>[] {
  const c: RawBuilder<boolean>[] = [];
  if (f.from) c.push(sql<boolean>`h.harvest_date >= ${f.from}`);
  if (f.to) c.push(sql<boolean>`h.harvest_date <= ${f.to}`);
  if (f.commodityId) c.push(sql<boolean>`h.commodity_id = ${f.commodityId}`);
  if (f.locationId) c.push(sql<boolean>`h.location_id = ${f.locationId}`);
  if (f.officerId) c.push(sql<boolean>`h.recorded_by = ${f.officerId}`);
  if (f.status) c.push(sql<boolean>`h.status = ${f.status}`);
  if (f.search) {
    const p = likePattern(f.search);
    // The officers of that name from the (small) users table, by the recorded_by index; the note
    // is read only on the rows the other filters (a date range) already chose.
    c.push(
      sql<boolean>`(h.recorded_by in (select id from users where lower(full_name) like ${p} escape '\\') or lower(h.note) like ${p} escape '\\')`,
    );
  }
  return c;
}

function filtered(db: DbOrTrx, f: HarvestFilter) {
  const c = conditions(f);
  return c.length ? withNames(db).where((eb) => eb.and(c)) : withNames(db);
}

export async function listHarvests(db: DbOrTrx, f: HarvestFilter, limit: number, offset: number) {
  const dir = f.dir ?? 'desc';
  const ordered =
    f.sort === 'number' ? filtered(db, f).orderBy('h.id', dir) : filtered(db, f).orderBy('h.harvested_at', dir).orderBy('h.id', dir);
  return ordered.select(listColumns).limit(limit).offset(offset).execute();
}

/** Where a batch of a download starts: after this harvest, in the list's order. */
export type HarvestKey = { harvested_at: string; id: number };

/** A batch of the harvests of a filter, in the list's order (for downloads). */
export async function harvestsForExport(db: DbOrTrx, f: HarvestFilter, after: HarvestKey | undefined, limit: number) {
  const dir = f.dir ?? 'desc';
  const cmp = sql.raw(dir === 'desc' ? '<' : '>');
  let q = filtered(db, f);
  if (after && f.sort === 'number') q = q.where(sql<boolean>`h.id ${cmp} ${after.id}`);
  else if (after) q = q.where(sql<boolean>`(h.harvested_at, h.id) ${cmp} (${after.harvested_at}, ${after.id})`);
  const ordered = f.sort === 'number' ? q.orderBy('h.id', dir) : q.orderBy('h.harvested_at', dir).orderBy('h.id', dir);
  return ordered.select(listColumns).limit(limit).execute();
}

/**
 * The first and last day of the harvests of a filter (a download's name): each one row of the date
 * index, with no names joined (min and max over the joins read every harvest: 185 ms on ten years).
 */
export async function harvestDays(db: DbOrTrx, f: HarvestFilter) {
  const c = conditions(f);
  const end = (dir: 'asc' | 'desc') => {
    const q = db.selectFrom('harvests as h').select('h.harvest_date');
    return (c.length ? q.where((eb) => eb.and(c)) : q).orderBy('h.harvest_date', dir).limit(1).executeTakeFirst();
  };
  const [first, last] = await Promise.all([end('asc'), end('desc')]);
  return { first: first?.harvest_date ?? null, last: last?.harvest_date ?? null };
}

/** Count, and totals of the harvests that count (not voided), per commodity. */
export async function harvestTotals(db: DbOrTrx, f: HarvestFilter) {
  const count = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const perCommodity = await filtered(db, { ...f, status: f.status === 'void' ? 'void' : 'active' })
    .select((eb) => [
      'c.name as commodity_name',
      'c.tracks_heads',
      eb.fn.sum<number>('h.weight_g').as('weight_g'),
      eb.fn.sum<number>('h.heads').as('heads'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['h.commodity_id', 'c.name', 'c.tracks_heads', 'c.sort_order'])
    .orderBy('c.sort_order')
    .execute();
  return {
    count: Number(count.n),
    perCommodity: perCommodity.map((r) => ({ ...r, weight_g: Number(r.weight_g), heads: Number(r.heads ?? 0), n: Number(r.n) })),
  };
}

/** Demo data only: the entry time becomes the harvest time. */
export async function setEnteredAtToHarvestedAt(db: DbOrTrx): Promise<void> {
  await db
    .updateTable('harvests')
    .set((eb) => ({ created_at: eb.ref('harvested_at'), updated_at: eb.ref('harvested_at'), entered_at: eb.ref('harvested_at') }))
    .execute();
}

/** How often this officer used each commodity and location lately, to put the usual ones first. */
export async function usageCounts(db: DbOrTrx, userId: number, since: string) {
  const base = db.selectFrom('harvests').where('recorded_by', '=', userId).where('harvest_date', '>=', since);
  const [commodities, locations] = await Promise.all([
    base
      .select((eb) => ['commodity_id as id', eb.fn.countAll<number>().as('n')])
      .groupBy('commodity_id')
      .execute(),
    base
      .select((eb) => ['location_id as id', eb.fn.countAll<number>().as('n')])
      .groupBy('location_id')
      .execute(),
  ]);
  return {
    commodities: new Map(commodities.map((r) => [r.id, Number(r.n)])),
    locations: new Map(locations.map((r) => [r.id, Number(r.n)])),
  };
}

/** The location this officer used most for one commodity since a date, or null when never. */
export async function usualLocationFor(db: DbOrTrx, userId: number, commodityId: number, since: string): Promise<number | null> {
  const row = await db
    .selectFrom('harvests')
    .innerJoin('locations', 'locations.id', 'harvests.location_id')
    .select((eb) => ['harvests.location_id as id', eb.fn.countAll<number>().as('n'), eb.fn.max('harvests.id').as('last')])
    .where('harvests.recorded_by', '=', userId)
    .where('harvests.commodity_id', '=', commodityId)
    .where('harvests.harvest_date', '>=', since)
    .where('harvests.status', '=', 'active')
    .where('locations.active', '=', 1)
    .groupBy('harvests.location_id')
    .orderBy('n', 'desc')
    .orderBy('last', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? row.id : null;
}
