// Recipients of aid: register once, find again, never twice by mistake; the NIK stays masked.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { RecipientCategory, Relation, Role } from '../../db/database.ts';
import type { Actor } from '../../lib/actor.ts';
import { maskNik } from '../../lib/nik.ts';
import { keysetBatches } from '../../lib/batches.ts';
import { paging } from '../../lib/paging.ts';
import { nowIso, wibDate } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordNikAccess, type NikPlace } from '../audit/nik-access.service.ts';
import { inmateLabel, resolveInmates } from '../inmates/inmates.service.ts';
import {
  countRecipients,
  findLookAlikes,
  findNikOwner,
  findRecipients,
  insertRecipient,
  idsWithNik,
  listRecipients,
  recipientsForExport,
  registeredSpan,
  looseKey,
  nameKey,
  updateRecipientRow,
  type RecipientFilter,
} from './recipients.queries.ts';
import { NIK_REQUIRED_MESSAGE, RECIPIENT_CATEGORY_LABELS, RELATION_LABELS, type RecipientInput } from './recipients.schema.ts';

export function recipientCategoryLabel(category: RecipientCategory): string {
  return RECIPIENT_CATEGORY_LABELS[category] ?? category;
}

export function relationLabel(relation: Relation | null): string {
  return relation ? (RELATION_LABELS[relation] ?? relation) : '';
}

/** "Jl. Melati 3 RT 002/RW 004, Desa/Kel. Karangjati, Kec. Blora" */
export function recipientAddressLine(r: { address: string; rt_rw: string | null; village: string; district: string }): string {
  const [rt, rw] = (r.rt_rw ?? '').split('/');
  const street = rt && rw ? `${r.address} RT ${rt}/RW ${rw}` : r.address;
  return `${street}, Desa/Kel. ${r.village}, Kec. ${r.district}`;
}

/**
 * Who looks at recipient records, and where. `at` null: a form shown again after a refused save,
 * which shows every NIK masked (nothing there needs it whole, and a refusal records nothing).
 */
export interface Viewer {
  id: number;
  roles: readonly Role[];
  at: { place: NikPlace; path: string } | null;
}

/** A viewer on a request: a page fetched (GET) or a download may show a NIK whole to an admin; a re-rendered form never. */
export function viewerOn(request: { method: string; path: string }, user: Actor, place: NikPlace): Viewer {
  return { id: user.id, roles: user.roles, at: request.method === 'GET' ? { place, path: request.path } : null };
}

/**
 * Records as this viewer may see them: the NIK replaced by `nikShown`, whole for an admin on a page
 * or download (recorded first, in the same request), masked for everyone else and everywhere else.
 * The only way a page gets a whole NIK, so none is shown without its record.
 */
type Personal = { id: number; nik: string | null; kk_number?: string | null };
type Shown<T> = Omit<T, 'nik' | 'kk_number'> & { nikShown: string; kkShown: string };

/** The No. KK is personal data too: it is shown, masked and recorded exactly like the NIK. */
export async function recipientsForViewer<T extends Personal>(db: DbOrTrx, rows: readonly T[], viewer: Viewer): Promise<Array<Shown<T>>> {
  const whole = viewer.at !== null && viewer.roles.includes('admin');
  if (whole)
    await recordNikAccess(db, {
      userId: viewer.id,
      ...viewer.at!,
      recipientIds: rows.flatMap((r) => (r.nik || r.kk_number ? [r.id] : [])),
    });
  return rows.map(({ nik, kk_number, ...rest }) => ({
    ...rest,
    nikShown: whole ? (nik ?? '') : maskNik(nik),
    kkShown: whole ? (kk_number ?? '') : maskNik(kk_number),
  }));
}

export async function recipientForViewer<T extends Personal>(db: DbOrTrx, r: T, viewer: Viewer) {
  return (await recipientsForViewer(db, [r], viewer))[0]!;
}

/** A record with its NIK and No. KK masked, whoever looks (a form that does not show the stored ones to an admin). */
export function recipientMasked<T extends Omit<Personal, 'id'>>(r: T): Shown<T> {
  const { nik, kk_number, ...rest } = r;
  return { ...rest, nikShown: maskNik(nik), kkShown: maskNik(kk_number) };
}

/** A recipient with the linked inmate's name and registration number, or a 404. */
export async function getRecipient(db: DbOrTrx, id: number) {
  return (await getRecipients(db, [id])).get(id)!;
}

/** Several recipients as `getRecipient` reads one, by id: one query for them all. */
export async function getRecipients(db: DbOrTrx, ids: number[]) {
  const found = new Map((await findRecipients(db, [...new Set(ids)])).map((r) => [r.id, r]));
  if (ids.some((id) => !found.has(id))) throw new NotFoundError('Penerima tidak ditemukan.');
  return found;
}
export type RecipientView = Awaited<ReturnType<typeof getRecipient>>;

export const RECIPIENTS_PAGE = 50;

export async function browseRecipients(db: DbOrTrx, f: RecipientFilter, page: number) {
  const total = await countRecipients(db, f);
  const p = paging(total, page, RECIPIENTS_PAGE);
  return { rows: await listRecipients(db, f, p.limit, p.offset), total, page: p.page, pages: p.pages };
}

/** Every recipient of a search and filter, in the list's order, for a download (bounded). */
/** The first and last day (WIB) recipients of a filter were registered: what a download holds. */
export async function registeredDays(db: DbOrTrx, f: RecipientFilter) {
  const r = await registeredSpan(db, f);
  return { first: r.first ? wibDate(new Date(r.first)) : null, last: r.last ? wibDate(new Date(r.last)) : null };
}

/**
 * The recipients of a filter for a download, read a batch at a time while the file is written, as
 * the viewer may see them (see recipientsForViewer): an admin's whole download is recorded first,
 * as one entry, and only the recipients recorded there are shown whole.
 */
export async function recipientsToExport(db: DbOrTrx, f: RecipientFilter, viewer: Viewer) {
  const whole = viewer.at !== null && viewer.roles.includes('admin');
  const recorded = new Set(whole ? await idsWithNik(db, f) : []);
  if (whole) await recordNikAccess(db, { userId: viewer.id, ...viewer.at!, recipientIds: [...recorded] });
  return keysetBatches(async (after: { name: string; id: number } | undefined, limit) => {
    const rows = await recipientsForExport(db, f, after, limit);
    return rows.map(({ nik, kk_number, ...rest }) => {
      const shown = recorded.has(rest.id);
      return { ...rest, nikShown: shown ? (nik ?? '') : maskNik(nik), kkShown: shown ? (kk_number ?? '') : maskNik(kk_number) };
    });
  });
}

/** Active recipients for a batch pick list, filtered by name only (a NIK is not searched here). */
export async function listActiveRecipients(db: DbOrTrx, opts: { category?: RecipientCategory | null; q?: string } = {}) {
  return listRecipients(db, { category: opts.category ?? null, nameTerm: opts.q?.trim() || undefined, activeOnly: true }, 1000, 0);
}

/** Thrown instead of saving when the recipient looks like one already registered. */
export class LookAlikeError extends ValidationError {
  constructor(readonly lookAlikes: RecipientView[]) {
    const msg =
      lookAlikes.length === 1
        ? 'Penerima ini mirip dengan yang sudah terdaftar. Periksa dulu, lalu centang bila memang orang yang berbeda.'
        : `Penerima ini mirip dengan ${lookAlikes.length} penerima yang sudah terdaftar. Periksa dulu, lalu centang bila memang berbeda.`;
    super({ confirm_distinct: msg }, msg);
  }
}

/**
 * Thrown instead of saving when the NIK typed is on another record: one NIK, one person, with no
 * tick to get past it. The officer typed that NIK, so naming the record that has it leaks nothing.
 */
export class NikTakenError extends ValidationError {
  constructor(readonly owner: RecipientView) {
    const msg = `NIK ini sudah terdaftar atas nama ${owner.name}. Satu NIK hanya untuk satu orang: buka data itu (dan ubah bila perlu), atau periksa lagi NIK yang diketik.`;
    super({ nik: msg }, msg);
  }
}

/** The id of the inmate typed or picked; the one already linked stays allowed after release. */
async function linkedInmateId(trx: DbOrTrx, input: RecipientInput, current?: RecipientView): Promise<number | null> {
  if (input.category !== 'keluarga_wbp' || !input.inmate) return null;
  if (current?.inmate_id && current.inmate_reg_number && current.inmate_name) {
    const typed = input.inmate.replace(/\s+/g, ' ');
    const label = inmateLabel({ reg_number: current.inmate_reg_number, name: current.inmate_name });
    if (typed === label || typed.toUpperCase() === current.inmate_reg_number) return current.inmate_id;
  }
  const [inmate] = await resolveInmates(trx, [input.inmate], 'inmate');
  return inmate?.id ?? null;
}

/** The row to store: inmate and relation only for an inmate's family. */
function rowOf(input: RecipientInput, nik: string | null, kkNumber: string | null, inmateId: number | null) {
  const family = input.category === 'keluarga_wbp';
  return {
    category: input.category,
    name: input.name,
    nik,
    kk_number: kkNumber,
    inmate_id: family ? inmateId : null,
    relation: family ? input.relation : null,
    address: input.address,
    rt_rw: input.rt_rw,
    village: input.village,
    district: input.district,
    phone: input.phone,
    household_size: input.household_size,
    note: input.note,
    active: input.active,
  };
}

/** What the audit trail keeps: the NIK and No. KK masked, because the trail is a log that others read. */
export function auditView<T extends { nik: string | null; kk_number?: string | null }>(row: T): T {
  return { ...row, nik: maskNik(row.nik) || null, ...('kk_number' in row ? { kk_number: maskNik(row.kk_number) || null } : {}) };
}

/** A NIK on another record is refused outright; it cannot be confirmed away. */
async function refuseTakenNik(trx: DbOrTrx, nik: string | null, exceptId?: number) {
  if (!nik) return;
  const owner = await findNikOwner(trx, nik, exceptId);
  if (owner) throw new NikTakenError(owner);
}

/** The same name (honorifics aside) at the same address and village, or on the same KK: not saved unless the officer confirms. */
async function refuseLookAlikes(trx: DbOrTrx, input: RecipientInput, kkNumber: string | null, exceptId?: number) {
  if (input.confirm_distinct) return;
  const found = await findLookAlikes(
    trx,
    { name: input.name, address: input.address, village: input.village, kk_number: kkNumber },
    exceptId,
  );
  if (found.length) throw new LookAlikeError(found);
}

type Identity = { kk_number: string | null; name: string; address: string; village: string };

function sameIdentity(a: Identity, b: Identity): boolean {
  return (
    a.kk_number === b.kk_number &&
    nameKey(a.name) === nameKey(b.name) &&
    (['address', 'village'] as const).every((k) => looseKey(a[k]) === looseKey(b[k]))
  );
}

export async function createRecipient(db: Db, input: RecipientInput, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const inmateId = await linkedInmateId(trx, input);
    await refuseTakenNik(trx, input.nik);
    await refuseLookAlikes(trx, input, input.kk_number);
    const row = rowOf(input, input.nik, input.kk_number, inmateId);
    const now = nowIso();
    const id = await insertRecipient(trx, { ...row, created_at: now, updated_at: now });
    await recordAudit(trx, { userId: actor.id, action: 'create', entity: 'recipient', entityId: id, after: auditView(row) });
    return id;
  });
}

/**
 * Saves an edit. A non-admin never received the stored NIK and No. KK, so their empty field keeps
 * it; an admin saw it, so an admin's empty field clears it (a NIK for an institution only).
 */
export async function updateRecipient(db: Db, id: number, input: RecipientInput, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getRecipient(trx, id);
    if (before.merged_into_id) throw new ValidationError({}, 'Data ini sudah digabungkan ke data lain; ubah data yang dipertahankan.');
    const isAdmin = actor.roles.includes('admin');
    const nik = input.nik ?? (isAdmin ? null : before.nik);
    const kkNumber = input.kk_number ?? (isAdmin ? null : before.kk_number);
    if (!nik && input.category !== 'lembaga') throw new ValidationError({ nik: NIK_REQUIRED_MESSAGE });
    const inmateId = await linkedInmateId(trx, input, before);
    if (nik !== before.nik) await refuseTakenNik(trx, nik, id);
    // A look-alike already confirmed as different is not asked about again on every small edit.
    if (!sameIdentity(before, { ...input, kk_number: kkNumber })) await refuseLookAlikes(trx, input, kkNumber, id);
    const row = rowOf(input, nik, kkNumber, inmateId);
    await updateRecipientRow(trx, id, { ...row, updated_at: nowIso() });
    const { inmate_name: _n, inmate_reg_number: _r, inmate_active: _a, id: _id, created_at: _c, updated_at: _u, ...stored } = before;
    await recordAudit(trx, {
      userId: actor.id,
      action: 'update',
      entity: 'recipient',
      entityId: id,
      before: auditView(stored),
      after: auditView(row),
    });
  });
}
