// The inmate (WBP) registry: who worked on a harvest, whose family receives aid.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { Inmate } from '../../db/database.ts';
import { nowIso } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findInmate, findInmateByReg, findInmatesByName, insertInmate, searchInmates, updateInmateRow } from './inmates.queries.ts';
import type { InmateInput } from './inmates.schema.ts';

export { searchInmates };

export async function getInmate(db: DbOrTrx, id: number): Promise<Inmate> {
  const i = await findInmate(db, id);
  if (!i) throw new NotFoundError('WBP tidak ditemukan.');
  return i;
}

async function assertRegFree(db: DbOrTrx, reg: string, exceptId?: number) {
  const other = await findInmateByReg(db, reg);
  if (other && other.id !== exceptId)
    throw new ValidationError({ reg_number: `Nomor registrasi ${reg} sudah tercatat atas nama ${other.name}.` });
}

export async function createInmate(db: Db, input: InmateInput, actorId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await assertRegFree(trx, input.reg_number);
    const now = nowIso();
    const id = await insertInmate(trx, { ...input, created_at: now, updated_at: now });
    await recordAudit(trx, { userId: actorId, action: 'create', entity: 'inmate', entityId: id, after: input });
    return id;
  });
}

export async function updateInmate(db: Db, id: number, input: InmateInput, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getInmate(trx, id);
    await assertRegFree(trx, input.reg_number, id);
    await updateInmateRow(trx, id, { ...input, updated_at: nowIso() });
    await recordAudit(trx, { userId: actorId, action: 'update', entity: 'inmate', entityId: id, before, after: input });
  });
}

/** The label offered in pick lists, and read back by `resolveInmates`. */
export function inmateLabel(i: Pick<Inmate, 'reg_number' | 'name'>): string {
  return `${i.reg_number} — ${i.name}`;
}

/**
 * Turns what an officer typed (a pick-list label, a registration number or an exact name) into
 * active inmates; anything unknown or ambiguous is a field error naming it.
 */
export async function resolveInmates(db: DbOrTrx, typed: string[], field: string): Promise<Inmate[]> {
  const found = new Map<number, Inmate>();
  for (const raw of typed.map((s) => s.trim()).filter(Boolean)) {
    const reg = raw.split(' — ')[0]!.replace(/\s+/g, '').toUpperCase();
    let inmate = await findInmateByReg(db, reg);
    if (!inmate) {
      const byName = await findInmatesByName(db, raw);
      if (byName.length > 1) throw new ValidationError({ [field]: `Ada beberapa WBP bernama "${raw}". Pilih dengan nomor registrasinya.` });
      inmate = byName[0];
    }
    if (!inmate || !inmate.active) throw new ValidationError({ [field]: `WBP "${raw}" tidak ditemukan di daftar WBP aktif.` });
    found.set(inmate.id, inmate);
  }
  return [...found.values()];
}
