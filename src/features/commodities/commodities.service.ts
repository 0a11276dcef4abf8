// Commodities: admins add and deactivate them; one with records is never deleted.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { nationalCommodity } from '../../lib/national-catalogue.ts';
import { nowIso } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCommodity, findCommodityByName, insertCommodity, listCommodities, updateCommodityRow } from './commodities.queries.ts';
import type { CommodityInput } from './commodities.schema.ts';

export { listCommodities };

/** The sector of the national entry it maps to, kept beside the code for the roll-ups. */
function sectorOf(input: CommodityInput): string | null {
  return nationalCommodity(input.national_code)?.sector ?? null;
}

export async function getCommodity(db: DbOrTrx, id: number) {
  const c = await findCommodity(db, id);
  if (!c) throw new NotFoundError('Komoditas tidak ditemukan.');
  return c;
}

async function assertNameFree(db: DbOrTrx, name: string, exceptId?: number) {
  const other = await findCommodityByName(db, name);
  if (other && other.id !== exceptId) throw new ValidationError({ name: `Komoditas "${other.name}" sudah ada.` });
}

export async function createCommodity(db: Db, input: CommodityInput, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name);
    const now = nowIso();
    const id = await insertCommodity(trx, { ...input, sector: sectorOf(input), unit: 'kg', created_at: now, updated_at: now });
    await recordAudit(trx, { userId: actorId, action: 'create', entity: 'commodity', entityId: id, after: input });
    return id;
  });
}

export async function updateCommodity(db: Db, id: number, input: CommodityInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getCommodity(trx, id);
    await assertNameFree(trx, input.name, id);
    await updateCommodityRow(trx, id, { ...input, sector: sectorOf(input), updated_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: 'update', entity: 'commodity', entityId: id, before, after: input });
  });
}

/** What every UPT of the programme grows and raises first (as a fresh installation has them). */
const STARTERS = [
  { name: 'Terong', kind: 'sayur', tracks_heads: 0, national_code: 'terong', sector: 'pertanian' },
  { name: 'Cabai', kind: 'sayur', tracks_heads: 0, national_code: 'cabai', sector: 'pertanian' },
  { name: 'Tomat', kind: 'sayur', tracks_heads: 0, national_code: 'tomat', sector: 'pertanian' },
  { name: 'Lele', kind: 'ikan', tracks_heads: 1, national_code: 'lele', sector: 'perikanan' },
] as const;

/** A new UPT's first commodities, in the unit of the scope (its admin adds or renames the rest). */
export async function addStarterCommodities(trx: DbOrTrx): Promise<void> {
  const now = nowIso();
  for (const [i, c] of STARTERS.entries())
    await insertCommodity(trx, { ...c, unit: 'kg', active: 1, sort_order: i + 1, created_at: now, updated_at: now });
}
