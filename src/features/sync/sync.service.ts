// Entries sent from a tablet's queue: one entry, one record — a resend answers with the first one;
// a refusal says why, and one refused because its month is final waits on the admin's list.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { formatDate, formatKg } from '../../lib/format.ts';
import { OUTFLOW_LABELS } from '../../lib/movement-kinds.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { listLocations } from '../locations/locations.service.ts';
import { getHarvest, savedHarvest } from '../harvests/harvests.service.ts';
import { MonthLockedError } from '../locks/locks.service.ts';
import { getOutflow, savedOutflow, type SaveResult } from '../stock/stock.service.ts';
import { countOpenRefusals, findRefusal, insertRefusal, listRefusals, markRefusalHandled } from './sync.queries.ts';

export type EntryKind = 'harvest' | 'outflow';

/** What the tablet is told about a saved record: where to see it, and a line to list it by. */
export async function recordOf(db: DbOrTrx, kind: EntryKind, id: number) {
  if (kind === 'harvest') {
    const h = await getHarvest(db, id);
    return { id, url: `/harvests/${id}`, label: `Panen #${id} · ${h.commodity_name} ${formatKg(h.weight_g)}` };
  }
  const o = await getOutflow(db, id);
  return { id, url: `/stock/outflows/${id}`, label: `${OUTFLOW_LABELS[o.kind]} #${id} · ${o.commodity_name} ${formatKg(o.qty_g)}` };
}

/** The record this user already saved under the entry's id, or null. */
export function savedEntry(db: DbOrTrx, kind: EntryKind, entryId: string, userId: number): Promise<SaveResult | null> {
  return kind === 'harvest' ? savedHarvest(db, entryId, userId) : savedOutflow(db, entryId, userId);
}

/** One sentence for the officer's "Perlu tindakan" list: the field messages, or the error's own. */
export function reasonOf(err: ValidationError): string {
  const fields = Object.values(err.fieldErrors);
  return fields.length ? fields.join(' ') : err.message;
}

/** A refusal the admin must see: the month of the entry is already final. */
export async function keepMonthRefusal(
  db: Db,
  e: { userId: number; entryId: string; kind: EntryKind; fields: Record<string, unknown>; err: MonthLockedError; enteredAt: string | null },
): Promise<void> {
  const { _csrf: _token, entry_id: _id, entered_at: _at, ...payload } = e.fields;
  await insertRefusal(db, {
    user_id: e.userId,
    entry_id: e.entryId,
    kind: e.kind,
    payload: JSON.stringify(payload),
    reason: e.err.message,
    entered_at: e.enteredAt,
    received_at: nowIso(),
  });
}

export { countOpenRefusals };

/** The admin's list: open refusals and the last handled ones, each with a line saying what it was. */
export async function refusalsToShow(db: DbOrTrx) {
  const [{ open, handled }, commodities, locations] = await Promise.all([listRefusals(db), listCommodities(db), listLocations(db)]);
  const commodityName = new Map(commodities.map((c) => [String(c.id), c.name]));
  const locationName = new Map(locations.map((l) => [String(l.id), l.name]));
  /** The fields as sent, as the admin reads them ("Panen Terong 3,5 kg · Lahan Blok A · 28 Oktober 2025 07:10"). */
  const describe = (r: { kind: string; payload: string }) => {
    const f = JSON.parse(r.payload) as Record<string, string | undefined>;
    const commodity = commodityName.get(String(f.commodity_id)) ?? 'komoditas tidak dikenal';
    if (r.kind === 'harvest')
      return `Panen ${commodity} ${f.weight_g ?? '?'} kg · ${locationName.get(String(f.location_id)) ?? '?'} · ${formatDate(f.harvest_date) || '?'} ${f.harvest_time ?? ''}`;
    const label = OUTFLOW_LABELS[f.kind as keyof typeof OUTFLOW_LABELS] ?? 'Pengeluaran';
    return `${label} ${commodity} ${f.qty_g ?? '?'} kg · ${formatDate(f.out_date) || '?'}${f.note ? ` · ${f.note}` : ''}`;
  };
  return { open, handled, describe };
}

export async function markHandled(db: Db, id: number, actorId: number, note: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findRefusal(trx, id);
    if (!before) throw new NotFoundError('Catatan yang ditolak itu tidak ditemukan.');
    if (before.handled_at) return;
    const at = nowIso();
    await markRefusalHandled(trx, id, actorId, at, note);
    await recordAudit(trx, {
      userId: actorId,
      action: 'update',
      entity: 'refused_entry',
      entityId: id,
      before,
      after: { ...before, handled_by: actorId, handled_at: at, handled_note: note },
    });
  });
}

export { MonthLockedError };
