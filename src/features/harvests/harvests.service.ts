// Harvests: record in seconds, never twice; edit and void within the rules, through the ledger.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { Actor } from '../../lib/actor.ts';
import { keysetBatches } from '../../lib/batches.ts';
import { paging } from '../../lib/paging.ts';
import { nowIso, wibDate } from '../../lib/time.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getCommodity, listCommodities } from '../commodities/commodities.service.ts';
import { inmateLabel, resolveInmates, searchInmates } from '../inmates/inmates.service.ts';
import { getLocation, listLocations } from '../locations/locations.service.ts';
import { MonthLockedError } from '../locks/locks.service.ts';
import {
  earlierSave,
  recordMovement,
  replaceMovementsOf,
  reverseMovementsOf,
  type EnteredAt,
  type SaveResult,
} from '../stock/stock.service.ts';
import {
  findHarvest,
  findHarvestByToken,
  harvestTotals,
  insertHarvest,
  listHarvests,
  setEnteredAtToHarvestedAt,
  setWorkers,
  updateHarvestRow,
  usageCounts,
  usualLocationFor,
  harvestsForExport,
  type HarvestKey,
  workersOf,
  type HarvestFilter,
} from './harvests.queries.ts';
import type { HarvestEditInput, HarvestInput } from './harvests.schema.ts';

export { harvestDays } from './harvests.queries.ts';

const usageSince = () => wibDate(new Date(Date.now() - 90 * 86_400_000));
const byUse = <T extends { id: number }>(items: T[], counts: Map<number, number>) =>
  [...items].sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0));

/** Active commodities, this officer's usual ones first (the home page's harvest buttons). */
export async function commoditiesByUse(db: DbOrTrx, userId: number) {
  const usage = await usageCounts(db, userId, usageSince());
  return byUse(await listCommodities(db, { activeOnly: true }), usage.commodities);
}

/** The plot or pond this officer harvests the commodity from most often (90 days), so it is one tap fewer. */
export async function usualLocation(db: DbOrTrx, userId: number, commodityId: number): Promise<number | null> {
  return usualLocationFor(db, userId, commodityId, usageSince());
}

/** What the entry screen offers: active commodities and locations, this officer's usual ones first. */
export async function entryChoices(db: DbOrTrx, userId: number) {
  const usage = await usageCounts(db, userId, usageSince());
  return {
    commodities: byUse(await listCommodities(db, { activeOnly: true }), usage.commodities),
    locations: byUse(await listLocations(db, { activeOnly: true }), usage.locations),
    inmateOptions: (await searchInmates(db, '', { activeOnly: true, limit: 1000 })).map(inmateLabel),
  };
}

async function checkedRefs(trx: DbOrTrx, input: HarvestInput | HarvestEditInput, current?: { commodity_id: number; location_id: number }) {
  const commodity = await getCommodity(trx, input.commodity_id);
  if (!commodity.active && commodity.id !== current?.commodity_id)
    throw new ValidationError({ commodity_id: `${commodity.name} sudah tidak aktif.` });
  const location = await getLocation(trx, input.location_id);
  if (!location.active && location.id !== current?.location_id)
    throw new ValidationError({ location_id: `${location.name} sudah tidak aktif.` });
  // A fish harvest is counted in heads too (stock, receipts and the report carry ekor).
  if (commodity.tracks_heads && input.heads == null) throw new ValidationError({ heads: `Isi jumlah ekor ${commodity.name}.` });
  const workers = await resolveInmates(trx, input.workers, 'workers');
  return { commodity, location, workers, heads: commodity.tracks_heads ? input.heads : null };
}

function harvestedAt(input: { harvest_date: string; harvest_time: string }): string {
  return new Date(`${input.harvest_date}T${input.harvest_time}:00+07:00`).toISOString();
}

/** Records a harvest; a resend of the same form returns the first one instead of a second. */
export async function createHarvest(
  db: Db,
  input: HarvestInput,
  actorId: number,
  photoFile: string | null = null,
  opts: EnteredAt = {},
): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const earlier = earlierSave(await findHarvestByToken(trx, input.form_token), actorId);
    if (earlier) return earlier;
    const { commodity, location, workers, heads } = await checkedRefs(trx, input);
    const now = nowIso();
    const row = {
      commodity_id: commodity.id,
      location_id: location.id,
      harvested_at: harvestedAt(input),
      harvest_date: input.harvest_date,
      weight_g: input.weight_g,
      heads,
      grade: input.grade,
      note: input.note,
      photo_file: photoFile,
      recorded_by: actorId,
      form_token: input.form_token,
      status: 'active' as const,
      created_at: now,
      updated_at: now,
      entered_at: opts.enteredAt ?? now,
    };
    const id = await insertHarvest(trx, row);
    await setWorkers(
      trx,
      id,
      workers.map((w) => w.id),
    );
    await recordMovement(
      trx,
      { commodityId: commodity.id, movedOn: input.harvest_date, kind: 'harvest', qtyG: input.weight_g, heads: heads ?? 0, harvestId: id },
      actorId,
    );
    await recordAudit(trx, {
      userId: actorId,
      action: 'create',
      entity: 'harvest',
      entityId: id,
      after: { ...row, workers: workers.map((w) => w.reg_number) },
    });
    return { id, duplicate: false };
  });
}

/** This user's harvest saved under a form token (or a tablet's entry id), or null. */
export async function savedHarvest(db: DbOrTrx, token: string, actorId: number): Promise<SaveResult | null> {
  return earlierSave(await findHarvestByToken(db, token), actorId);
}

export async function getHarvest(db: DbOrTrx, id: number) {
  const h = await findHarvest(db, id);
  if (!h) throw new NotFoundError('Catatan panen tidak ditemukan.');
  const workers = await workersOf(db, [id]);
  return { ...h, workers };
}
export type HarvestView = Awaited<ReturnType<typeof getHarvest>>;

/** A petugas changes their own entry on the day it was made; an admin any entry, with a reason. */
export function canChangeHarvest(h: { status: string; recorded_by: number; created_at: string }, user: Actor): boolean {
  if (h.status !== 'active') return false;
  if (user.roles.includes('admin')) return true;
  return user.roles.includes('petugas') && h.recorded_by === user.id && wibDate(new Date(h.created_at)) === wibDate();
}

/** The reason of a correction: a chosen common reason, typed words, or both ("salah lahan: seharusnya Blok A"). */
export function correctionReason(input: { reason_pick?: string | null; reason: string | null }): string | null {
  return [input.reason_pick, input.reason].filter(Boolean).join(': ') || null;
}

function snapshot(h: HarvestView) {
  return {
    commodity: h.commodity_name,
    location: h.location_name,
    harvested_at: h.harvested_at,
    weight_g: h.weight_g,
    heads: h.heads,
    grade: h.grade,
    note: h.note,
    workers: h.workers.map((w) => w.reg_number),
  };
}

export async function updateHarvest(db: Db, id: number, input: HarvestEditInput, user: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getHarvest(trx, id);
    if (!canChangeHarvest(before, user))
      throw new ForbiddenError('Catatan panen ini hanya dapat diubah oleh pencatatnya pada hari yang sama, atau oleh admin.');
    // Every correction says why, the recorder's own same-day fix too: the audit and the report's annex show it.
    const reason = correctionReason(input);
    if (!reason) throw new ValidationError({ reason: 'Pilih atau tuliskan alasan perubahan.' });
    const { commodity, location, workers, heads } = await checkedRefs(trx, input, before);
    await updateHarvestRow(trx, id, {
      commodity_id: commodity.id,
      location_id: location.id,
      harvested_at: harvestedAt(input),
      harvest_date: input.harvest_date,
      weight_g: input.weight_g,
      heads,
      grade: input.grade,
      note: input.note,
      updated_at: nowIso(),
    });
    await setWorkers(
      trx,
      id,
      workers.map((w) => w.id),
    );
    // The old side reversed and the new one added, checked together: only the net change has to be on hand.
    await replaceMovementsOf(
      trx,
      { harvestId: id },
      { commodityId: commodity.id, movedOn: input.harvest_date, kind: 'harvest', qtyG: input.weight_g, heads: heads ?? 0, harvestId: id },
      user.id,
    );
    const after = await getHarvest(trx, id);
    await recordAudit(trx, {
      userId: user.id,
      action: 'update',
      entity: 'harvest',
      entityId: id,
      before: snapshot(before),
      after: snapshot(after),
      reason,
    });
  });
}

export async function voidHarvest(db: Db, id: number, reason: string, user: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const h = await getHarvest(trx, id);
    if (h.status !== 'active') throw new ValidationError({}, 'Catatan panen ini sudah dibatalkan sebelumnya.');
    if (!canChangeHarvest(h, user))
      throw new ForbiddenError('Catatan panen ini hanya dapat dibatalkan oleh pencatatnya pada hari yang sama, atau oleh admin.');
    try {
      await reverseMovementsOf(trx, { harvestId: id }, user.id);
    } catch (err) {
      if (err instanceof ValidationError && !(err instanceof MonthLockedError)) {
        const msg = `Panen ini tidak dapat dibatalkan karena sebagian hasilnya sudah keluar dari stok. ${err.message}`;
        throw new ValidationError({ reason: msg }, msg);
      }
      throw err;
    }
    const at = nowIso();
    await updateHarvestRow(trx, id, { status: 'void', void_reason: reason, voided_by: user.id, voided_at: at, updated_at: at });
    await recordAudit(trx, {
      userId: user.id,
      action: 'void',
      entity: 'harvest',
      entityId: id,
      before: { status: 'active' },
      after: { status: 'void' },
      reason,
    });
  });
}

/** Demo data only: entries look as if made when the harvest was weighed. */
export async function backdateHarvestsToWhenHarvested(db: DbOrTrx): Promise<void> {
  await setEnteredAtToHarvestedAt(db);
}

export const HARVESTS_PAGE = 50;

export async function browseHarvests(db: DbOrTrx, f: HarvestFilter, page: number) {
  const totals = await harvestTotals(db, f);
  const p = paging(totals.count, page, HARVESTS_PAGE);
  const rows = await listHarvests(db, f, p.limit, p.offset);
  const workers = await workersOf(
    db,
    rows.map((r) => r.id),
  );
  return { rows: rows.map((r) => ({ ...r, workers: workers.filter((w) => w.harvest_id === r.id) })), totals, page: p.page, pages: p.pages };
}

/** All rows of a filter for the CSV export (bounded, to keep a runaway export in check). */
/** Every harvest of a filter in the list's order with its workers' names, read a batch at a time while a download is written. */
export function harvestsToExport(db: DbOrTrx, f: HarvestFilter) {
  return keysetBatches(async (after: HarvestKey | undefined, limit) => {
    const rows = await harvestsForExport(db, f, after, limit);
    const byHarvest = new Map<number, string[]>();
    for (const w of await workersOf(
      db,
      rows.map((r) => r.id),
    ))
      byHarvest.set(w.harvest_id, [...(byHarvest.get(w.harvest_id) ?? []), `${w.name} (${w.reg_number})`]);
    return rows.map((r) => ({ ...r, workerNames: byHarvest.get(r.id) ?? [] }));
  });
}
