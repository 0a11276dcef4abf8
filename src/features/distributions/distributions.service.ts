// Handovers (distributions): one at a time or a batch at an event, each with a gap-free receipt
// number and its stock leaving through the ledger, all in one transaction; voids give it back.
import { randomBytes } from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { Role } from '../../db/database.ts';
import { groupBy } from '../../lib/group.ts';
import { keysetBatches } from '../../lib/batches.ts';
import { paging } from '../../lib/paging.ts';
import { nowIso, wibDate } from '../../lib/time.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { getEvent } from '../events/events.service.ts';
import type { ItemInput } from '../packages/packages.schema.ts';
import { itemsLine } from '../packages/packages.service.ts';
import { getRecipient } from '../recipients/recipients.service.ts';
import { settingsOn } from '../settings/settings.service.ts';
import { recordMovements, reverseMovementsOf, stockOverview, StockShortageError, type Movement } from '../stock/stock.service.ts';
import { listUsers } from '../users/users.service.ts';
import {
  activeReplacementOf,
  bumpReceiptCounter,
  countDistributions,
  findByFormToken,
  findDistribution,
  findDistributions,
  idsOfEvent,
  insertDistribution,
  insertItems,
  itemsOf,
  listDistributions,
  markVoid,
  itemsOfReceipts,
  receiptsForExport,
  setEnteredOnTheirDate,
  totalsByCommodity,
  totalsOfEvents,
  fixYearToDate,
  type DistributionFilter,
} from './distributions.queries.ts';
import { checkOncePerEvent } from './distributions.once.ts';

export { receiptDays } from './distributions.queries.ts';
import type { BatchInput, HandoverInput } from './distributions.schema.ts';

/** A form's input where a field may be left out by a caller that is not the form (demo data, other services). */
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export { idsOfEvent, itemsOf, totalsByCommodity, totalsOfEvents };

/** TT/RTNBLORA/2026/000123 */
export function receiptNumber(unitCode: string, year: number, seq: number): string {
  return `TT/${unitCode}/${year}/${String(seq).padStart(6, '0')}`;
}

/** The commodities a handover form may carry (its item fields): without the stock and officers the page shows. */
export async function itemCommodities(db: DbOrTrx) {
  return listCommodities(db, { activeOnly: true });
}

/** What the handover forms offer: commodities with their stock, and the officers who may hand over. */
export async function handoverChoices(db: DbOrTrx) {
  const stock = await stockOverview(db);
  const commodities = (await listCommodities(db, { activeOnly: true })).map((c) => {
    const s = stock.find((x) => x.commodity.id === c.id);
    return { ...c, stockG: s?.qtyG ?? 0, stockHeads: s?.heads ?? 0 };
  });
  return { commodities, officers: await handoverOfficers(db) };
}

/** Roles whose active users may be named as the officer handing over (PIHAK KESATU). */
const OFFICER_ROLES: readonly Role[] = ['staf', 'admin', 'petugas'];

/**
 * Who may be named "Yang Menyerahkan" on a receipt: the form's list and the save's check both come
 * from here, so a posted id outside the list (the head of the unit, a retired user) is refused.
 */
export async function handoverOfficers(db: DbOrTrx) {
  return (await listUsers(db)).filter((u) => u.active && u.roles.some((r) => OFFICER_ROLES.includes(r)));
}

interface Handover {
  recipientIds: number[];
  eventId: number | null;
  handedOn: string;
  officerId: number;
  items: ItemInput[];
  note: string | null;
  replacesId: number | null;
  formToken: string;
  photoFile: string | null;
  /** Why a household (No. KK) gets a second package at this event, when it does. */
  householdReason: string | null;
  form: 'batch' | 'single';
}

async function checkOfficer(trx: DbOrTrx, id: number) {
  if (!(await handoverOfficers(trx)).some((u) => u.id === id)) {
    throw new ValidationError({
      officer_id: 'Pilih yang menyerahkan dari daftar: pengguna aktif dengan peran Staf Distribusi, Admin atau Petugas Kebun.',
    });
  }
}

async function checkReplaced(trx: DbOrTrx, replacesId: number) {
  const old = await findDistribution(trx, replacesId);
  if (!old) throw new ValidationError({ replaces_id: 'Tanda terima yang diganti tidak ditemukan.' });
  if (old.status !== 'void')
    throw new ValidationError({ replaces_id: `Tanda terima ${old.receipt_no} masih sah: batalkan dahulu sebelum membuat penggantinya.` });
  const other = await activeReplacementOf(trx, replacesId);
  if (other) throw new ValidationError({ replaces_id: `Tanda terima ${old.receipt_no} sudah diganti dengan ${other.receipt_no}.` });
}

/**
 * The whole batch's movements, checked at once on its date and every later date by the ledger: a
 * shortage is told beside each commodity's field, in one message naming every one that does not fit.
 */
async function recordStock(trx: DbOrTrx, movements: Movement[], recipients: number, actorId: number) {
  try {
    await recordMovements(trx, movements, actorId);
  } catch (err) {
    if (!(err instanceof StockShortageError)) throw err;
    const fieldErrors: Record<string, string> = {};
    for (const s of err.shortages) fieldErrors[`${s.field === 'heads' ? 'heads' : 'qty'}_${s.commodity.id}`] = s.message;
    const lead = recipients > 1 ? `Penyaluran untuk ${recipients} penerima tidak dapat disimpan; tidak ada yang tersimpan. ` : '';
    throw new StockShortageError(err.shortages, fieldErrors, lead);
  }
}

/**
 * Saves one handover per recipient, all or none: receipt numbers, items, stock movements and
 * audit entries in one transaction. A resend of the same form returns what the first one saved.
 */
async function saveHandovers(db: Db, h: Handover, actorId: number): Promise<{ ids: number[]; duplicate: boolean }> {
  return db.transaction().execute(async (trx) => {
    const earlier = await findByFormToken(trx, h.formToken);
    if (earlier.length) return { ids: earlier.map((e) => e.id), duplicate: true };

    const settings = await settingsOn(trx, h.handedOn);
    if (!settings)
      throw new ValidationError(
        {},
        'Kop surat dan kode satuan kerja belum diisi. Minta admin mengisinya di Pengaturan sebelum mencetak tanda terima.',
      );
    const recipients = [];
    for (const id of h.recipientIds) {
      const r = await getRecipient(trx, id).catch(() => null);
      if (!r) throw new ValidationError({ recipient_id: 'Penerima tidak ditemukan.' });
      if (!r.active) throw new ValidationError({ recipient_id: `${r.name} sudah tidak aktif sebagai penerima.` });
      recipients.push(r);
    }
    let householdReasons = new Map<number, string>();
    if (h.eventId) {
      await getEvent(trx, h.eventId).catch(() => {
        throw new ValidationError({ event_id: 'Kegiatan tidak ditemukan.' });
      });
      householdReasons = await checkOncePerEvent(trx, h.eventId, recipients, h.householdReason, h.form);
    }
    await checkOfficer(trx, h.officerId);
    if (h.replacesId) await checkReplaced(trx, h.replacesId);

    const year = Number(h.handedOn.slice(0, 4));
    const ids: number[] = [];
    const movements = [];
    for (const r of recipients) {
      const seq = await bumpReceiptCounter(trx, year);
      const row = {
        receipt_no: receiptNumber(settings.unit_code, year, seq),
        receipt_year: year,
        receipt_seq: seq,
        recipient_id: r.id,
        event_id: h.eventId,
        handed_on: h.handedOn,
        officer_id: h.officerId,
        note: h.note,
        household_reason: householdReasons.get(r.id) ?? null,
        photo_file: h.photoFile,
        replaces_id: h.replacesId,
        verify_token: randomBytes(18).toString('base64url'),
        print_count: 0,
        form_token: h.formToken,
        status: 'active' as const,
        recorded_by: actorId,
        created_at: nowIso(),
      };
      const id = await insertDistribution(trx, row);
      ids.push(id);
      await insertItems(
        trx,
        h.items.map((i) => ({ ...i, distribution_id: id })),
      );
      await fixYearToDate(trx, { id, recipientId: r.id, handedOn: h.handedOn });
      for (const i of h.items) {
        movements.push({
          commodityId: i.commodity_id,
          movedOn: h.handedOn,
          kind: 'distribution' as const,
          qtyG: -i.qty_g,
          heads: -(i.heads ?? 0),
          distributionId: id,
        });
      }
      const { verify_token: _secret, form_token: _token, ...shown } = row;
      await recordAudit(trx, {
        userId: actorId,
        action: 'create',
        entity: 'distribution',
        entityId: id,
        after: { ...shown, items: h.items },
      });
    }
    await recordStock(trx, movements, recipients.length, actorId);
    return { ids, duplicate: false };
  });
}

export async function createHandover(
  db: Db,
  input: Optional<HandoverInput, 'household_reason'>,
  actorId: number,
  photoFile: string | null = null,
) {
  const r = await saveHandovers(
    db,
    {
      recipientIds: [input.recipient_id],
      eventId: input.event_id,
      handedOn: input.handed_on,
      officerId: input.officer_id,
      items: input.items,
      note: input.note,
      replacesId: input.replaces_id,
      formToken: input.form_token,
      photoFile,
      householdReason: input.household_reason ?? null,
      form: 'single',
    },
    actorId,
  );
  return { id: r.ids[0]!, duplicate: r.duplicate };
}

export async function createBatch(db: Db, eventId: number, input: Optional<BatchInput, 'household_reason'>, actorId: number) {
  return saveHandovers(
    db,
    {
      recipientIds: [...new Set(input.recipient_ids)],
      eventId,
      handedOn: input.handed_on,
      officerId: input.officer_id,
      items: input.items,
      note: null,
      replacesId: null,
      formToken: input.form_token,
      photoFile: null,
      householdReason: input.household_reason ?? null,
      form: 'batch',
    },
    actorId,
  );
}

export async function getDistribution(db: DbOrTrx, id: number) {
  return (await getDistributions(db, [id]))[0]!;
}

/** Several handovers as `getDistribution` reads one, in the order of `ids`: three queries for them all. */
export async function getDistributions(db: DbOrTrx, ids: number[]) {
  const rows = new Map((await findDistributions(db, ids)).map((d) => [d.id, d]));
  const items = groupBy(await itemsOf(db, ids), (i) => i.distribution_id);
  return ids.map((id) => {
    const d = rows.get(id);
    if (!d) throw new NotFoundError('Penyaluran tidak ditemukan.');
    return { ...d, items: items.get(id) ?? [] };
  });
}

/** A void keeps the number, prints BATAL with the reason, and gives the stock back. */
export async function voidDistribution(db: Db, id: number, reason: string, actorId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const d = await getDistribution(trx, id);
    if (d.status !== 'active') throw new ValidationError({}, `Tanda terima ${d.receipt_no} sudah dibatalkan sebelumnya.`);
    await markVoid(trx, id, reason, actorId, nowIso());
    await reverseMovementsOf(trx, { distributionId: id }, actorId);
    await recordAudit(trx, {
      userId: actorId,
      action: 'void',
      entity: 'distribution',
      entityId: id,
      before: { status: 'active' },
      after: { status: 'void' },
      reason,
    });
  });
}

export const DISTRIBUTIONS_PAGE = 50;

type ListedRow = Awaited<ReturnType<typeof listDistributions>>[number];

/** List rows with their items in one line ("Terong 1 kg, Cabai 0,5 kg"). */
async function withItemsLine(db: DbOrTrx, rows: ListedRow[]) {
  const items = await itemsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, itemsLine: itemsLine(items.filter((i) => i.distribution_id === r.id)) }));
}

export async function browseDistributions(db: DbOrTrx, f: DistributionFilter, page: number) {
  const total = await countDistributions(db, f);
  const p = paging(total, page, DISTRIBUTIONS_PAGE);
  return { rows: await withItemsLine(db, await listDistributions(db, f, p.limit, p.offset)), total, page: p.page, pages: p.pages };
}

/** The receipts of a filter in receipt number order, each with its item lines, read a batch at a time while a download is written. */
export function receiptsToExport(db: DbOrTrx, f: DistributionFilter) {
  type Receipt = Awaited<ReturnType<typeof receiptsForExport>>[number] & { items: Awaited<ReturnType<typeof itemsOfReceipts>> };
  return keysetBatches<Receipt>(async (after, limit) => {
    const receipts = await receiptsForExport(db, f, after, limit);
    const items = await itemsOfReceipts(
      db,
      receipts.map((r) => r.id),
    );
    const byReceipt = groupBy(items, (i) => i.distribution_id);
    return receipts.map((r) => ({ ...r, items: byReceipt.get(r.id) ?? [] }));
  });
}

export interface RecipientHistoryRow {
  id: number;
  receipt_no: string;
  handed_on: string;
  event_name: string | null;
  status: 'active' | 'void';
  /** "Terong 1 kg, Cabai 0,5 kg" */
  itemsLine: string;
}

/** What a recipient received, newest first, and this year's totals ("Terong 12 kg", …). */
export async function recipientHistory(db: DbOrTrx, recipientId: number): Promise<{ rows: RecipientHistoryRow[]; yearTotals: string[] }> {
  const { rows } = await browseDistributions(db, { recipientId }, 1);
  const year = wibDate().slice(0, 4);
  const totals = await totalsByCommodity(db, { recipientId, from: `${year}-01-01`, to: `${year}-12-31` });
  return { rows, yearTotals: totals.map((t) => itemsLine([t])) };
}

/** An event's handovers (all of them, voided too) and what was handed out in total. */
export async function eventHandovers(db: DbOrTrx, eventId: number) {
  const rows = await withItemsLine(db, await listDistributions(db, { eventId }, 100_000, 0));
  const totals = await totalsByCommodity(db, { eventId });
  return { rows, totalLine: itemsLine(totals), active: rows.filter((r) => r.status === 'active').length };
}

/** Demo data only: handovers look as if entered on their own date. */
export async function backdateDistributionsToTheirDate(db: DbOrTrx): Promise<void> {
  await setEnteredOnTheirDate(db);
}
