// Plots and ponds where harvests come from.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { nowIso } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findLocation, findLocationByName, insertLocation, listLocations, updateLocationRow } from './locations.queries.ts';
import type { LocationInput } from './locations.schema.ts';

export { listLocations };

export async function getLocation(db: DbOrTrx, id: number) {
  const l = await findLocation(db, id);
  if (!l) throw new NotFoundError('Lokasi tidak ditemukan.');
  return l;
}

async function assertNameFree(db: DbOrTrx, name: string, exceptId?: number) {
  const other = await findLocationByName(db, name);
  if (other && other.id !== exceptId) throw new ValidationError({ name: `Lokasi "${other.name}" sudah ada.` });
}

export async function createLocation(db: Db, input: LocationInput, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name);
    const now = nowIso();
    const id = await insertLocation(trx, { ...input, created_at: now, updated_at: now });
    await recordAudit(trx, { userId: actorId, action: 'create', entity: 'location', entityId: id, after: input });
    return id;
  });
}

export async function updateLocation(db: Db, id: number, input: LocationInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getLocation(trx, id);
    await assertNameFree(trx, input.name, id);
    await updateLocationRow(trx, id, { ...input, updated_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: 'update', entity: 'location', entityId: id, before, after: input });
  });
}
