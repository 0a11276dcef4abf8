// Receipts (tanda terima): what each page says, the print log (a press of the print button: the
// original, then SALINAN n; a preview records nothing), and the public verification behind the QR code.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { PaperSize } from '../../db/database.ts';
import type { FileStore } from '../../db/file-store.ts';
import { numbered } from '../../lib/batches.ts';
import { formatDate, formatDateTime, formatDayShort, formatKg, formatNumber } from '../../lib/format.ts';
import { kindTotalsLine } from '../../lib/kind-totals.ts';
import { maskNik } from '../../lib/nik.ts';
import { nowIso } from '../../lib/time.ts';
import { dateInWords } from '../../lib/words.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { installationWide, readOnlyScope, withUnitScope } from '../../db/unit-scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getDistributions, itemsOf, totalsByCommodity } from '../distributions/distributions.service.ts';
import { WALK_IN_LABEL } from '../distributions/distributions.schema.ts';
import { eventLabel, getEvent } from '../events/events.service.ts';
import { itemsLine } from '../packages/packages.service.ts';
import { getRecipients, recipientAddressLine, recipientCategoryLabel, relationLabel } from '../recipients/recipients.service.ts';
import { publicBaseUrl, publicBaseWarning } from '../settings/public-address.ts';
import { letterheadOf, logoFilePath, settingsOn, signatoryOn } from '../settings/settings.service.ts';
import { getPerson } from '../users/users.service.ts';
import { findByVerifyToken, logPrint, printsByToken, unitOfVerifyToken } from './receipts.queries.ts';
import type { ReceiptData, ReceiptLayout } from './receipts.types.ts';

export interface PrintContext {
  userId: number;
  userName: string;
  /** http://host:port — the verification link's origin; null = print without a QR code (no public address). */
  baseUrl: string | null;
  /** Where the letterhead's logo is read from. */
  files: FileStore;
}

/** How long the officer who pressed print may download that print again (a failed download, a reload). */
export const PRINT_DOWNLOAD_MINUTES = 30;

/**
 * One press of the print button: one print of each receipt is recorded under the form's one-time
 * token (the first print of a receipt is its original, the next ones SALINAN), in one transaction
 * so two people printing at once get distinct numbers. A resend of the same form records nothing.
 */
export async function printReceipts(db: Db, ids: number[], userId: number, formToken: string): Promise<{ duplicate: boolean }> {
  return db.transaction().execute(async (trx) => {
    if ((await printsByToken(trx, formToken)).length) return { duplicate: true };
    const at = nowIso();
    for (const id of ids) {
      const copy = await logPrint(trx, id, userId, at, formToken);
      await recordAudit(trx, {
        userId,
        action: copy === 1 ? 'print' : 'reprint',
        entity: 'distribution',
        entityId: id,
        after: { cetakan_ke: copy },
      });
    }
    return { duplicate: false };
  });
}

export interface PressedPrint {
  ids: number[];
  /** Each receipt's copy number, as recorded: 1 = the original. */
  copies: number[];
  printedAt: string;
  /** Past the download window: printing again is a new print (SALINAN). */
  expired: boolean;
}

/** What one press of the print button recorded, if the given user pressed it; else null. */
export async function printOf(db: DbOrTrx, formToken: string, userId: number): Promise<PressedPrint | null> {
  const rows = /^[0-9a-f]{32}$/.test(formToken) ? await printsByToken(db, formToken) : [];
  if (!rows.length || rows.some((r) => r.printed_by !== userId)) return null;
  const printedAt = rows[0]!.printed_at;
  return {
    ids: rows.map((r) => r.distribution_id),
    copies: rows.map((r) => r.copy_no),
    printedAt,
    expired: Date.parse(printedAt) < Date.now() - PRINT_DOWNLOAD_MINUTES * 60_000,
  };
}

/** "Tanda terima dicetak: cetakan asli." / "12 tanda terima dicetak: 10 asli, 2 SALINAN." */
export function printedLine(copies: number[]): string {
  if (copies.length === 1) return `Tanda terima dicetak: ${copies[0] === 1 ? 'cetakan asli' : `SALINAN cetakan ke-${copies[0]}`}.`;
  const originals = copies.filter((c) => c === 1).length;
  return `${formatNumber(copies.length)} tanda terima dicetak: ${formatNumber(originals)} asli, ${formatNumber(copies.length - originals)} SALINAN.`;
}

/** The download offered on the page the print button returns to: that print, for its printer, for a while. */
export async function readyPrint(db: DbOrTrx, q: { cetak: string; paper: string; per_page: string }, userId: number) {
  const p = q.cetak ? await printOf(db, q.cetak, userId) : null;
  if (!p || p.expired) return null;
  const layout = new URLSearchParams(Object.entries({ paper: q.paper, per_page: q.per_page }).filter(([, v]) => v !== '')).toString();
  return { line: printedLine(p.copies), url: `/receipts/prints/${q.cetak}.pdf${layout ? `?${layout}` : ''}` };
}

/** The warning of a receipt page and its print result while no public address is set (see public-address.ts), or null. */
export async function qrWarning(db: DbOrTrx, config: { publicUrl: string | null }, requestOrigin: string): Promise<string | null> {
  return publicBaseWarning(await publicBaseUrl(db, config, requestOrigin));
}

/** Per-print lookups shared by every receipt of one PDF (500 receipts of an event share a date). */
function cache<T>(load: (key: string) => Promise<T>) {
  const m = new Map<string, Promise<T>>();
  return (key: string | number) => {
    const k = String(key);
    if (!m.has(k)) m.set(k, load(k));
    return m.get(k)!;
  };
}

/**
 * The receipts as drawn now: with the copy numbers a print recorded (`printOf`), or with none for
 * a preview, which is marked as not the original for signing.
 */
/** Every receipt's data at once (tests, scripts); a print streams them (`receiptsStream`). */
export async function receiptsData(db: DbOrTrx, ids: number[], copies: number[] | null, ctx: PrintContext): Promise<ReceiptData[]> {
  const out: ReceiptData[] = [];
  for await (const r of receiptsStream(db, ids, copies, ctx)) out.push(r);
  return out;
}

/** Receipts read together: a few sheets' worth in three queries instead of three a receipt (≈ 1 ms each). */
const READ_TOGETHER = 20;

/**
 * A print's handovers with their recipients, in the print's order: the first alone (it is read
 * before anything is sent, and fails as an error page), then READ_TOGETHER at a time.
 */
async function* handoversOf(db: DbOrTrx, ids: number[]) {
  for (let start = 0, end = 1; start < ids.length; start = end, end += READ_TOGETHER) {
    const handovers = await getDistributions(db, ids.slice(start, end));
    const recipients = await getRecipients(
      db,
      handovers.map((d) => d.recipient_id),
    );
    for (const d of handovers) yield { d, r: recipients.get(d.recipient_id)! };
  }
}

/**
 * The receipts' data one by one, as the PDF draws them: an event's 500 receipts are read while the
 * first sheets are already on their way, twenty at a time (`READ_TOGETHER`; the first alone), with
 * other requests answered between two sheets (read all at once, the queries of 500 receipts held the server for ≈ 0,4 s and
 * the first byte left after 0,45 s).
 */
export async function* receiptsStream(db: DbOrTrx, ids: number[], copies: number[] | null, ctx: PrintContext): AsyncGenerator<ReceiptData> {
  const settingsAt = cache((date) => settingsOn(db, date));
  const headAt = cache((date) => signatoryOn(db, 'kepala_rutan', date));
  const officer = cache((id) => getPerson(db, Number(id)));
  const event = cache((id) => getEvent(db, Number(id)));
  const drawnLine = copies
    ? `Dicetak ${formatDateTime(nowIso())} oleh ${ctx.userName}`
    : `Pratinjau ${formatDateTime(nowIso())} oleh ${ctx.userName} — bukan cetakan asli`;
  for await (const [no, { d, r }] of numbered(handoversOf(db, ids))) {
    const [settings, head, o] = await Promise.all([settingsAt(d.handed_on), headAt(d.handed_on), officer(d.officer_id)]);
    const e = d.event_id ? await event(d.event_id) : null;
    const year = d.handed_on.slice(0, 4);
    // As fixed when the receipt was issued; a receipt never filled (none should be) is counted as of now.
    const ytd = d.year_to_date_json
      ? (JSON.parse(d.year_to_date_json) as Array<{ commodity_name: string; qty_g: number; heads: number | null }>)
      : await totalsByCommodity(db, {
          recipientId: d.recipient_id,
          from: `${year}-01-01`,
          to: `${year}-12-31`,
          upTo: { handedOn: d.handed_on, id: d.id },
        });
    const copyNo = copies ? (copies[no - 1] ?? 1) : null;
    const { logoFile, ...kop } = letterheadOf(settings);
    yield {
      number: d.receipt_no,
      status: d.status === 'void' ? 'batal' : 'sah',
      voidReason: d.void_reason,
      copyNo,
      dateWords: dateInWords(d.handed_on),
      dateDigits: formatDayShort(d.handed_on),
      placeAndDate: `${settings?.city ?? ''}, ${formatDate(d.handed_on)}`,
      letterhead: { ...kop, logoPath: await logoFilePath(ctx.files, logoFile) },
      eventLine: e ? `${eventLabel(e)}${e.place ? ` — ${e.place}` : ''}` : WALK_IN_LABEL,
      first: { name: o.full_name, nipLine: o.nip ? `NIP ${o.nip}` : '', title: o.position ?? 'Petugas' },
      second: {
        name: r.name,
        nik: r.nik ? maskNik(r.nik) : '–',
        address: recipientAddressLine(r),
        category: recipientCategoryLabel(r.category),
        inmateLine: r.inmate_name
          ? `${r.inmate_name} (${r.inmate_reg_number})${r.relation ? `, Hubungan: ${relationLabel(r.relation)}` : ''}`
          : null,
      },
      items: d.items.map((i, k) => ({
        no: k + 1,
        commodity: i.commodity_name,
        quantity: formatNumber(i.qty_g / 1000),
        unit: i.unit,
        note: [i.heads ? `${formatNumber(i.heads)} ekor` : '', i.note ?? ''].filter(Boolean).join('; '),
      })),
      totalLine: `Jumlah: ${kindTotalsLine(d.items)}`,
      yearToDateLine: `Diterima tahun ${year} (sampai tanda terima ini): ${itemsLine(ytd) || '–'}`,
      head: head ? { title: head.title, name: head.name, nipLine: head.nip ? `NIP ${head.nip}` : '' } : null,
      replacesLine: d.replaces_receipt_no ? `Pengganti tanda terima ${d.replaces_receipt_no} yang dibatalkan.` : null,
      verifyUrl: ctx.baseUrl ? `${ctx.baseUrl}/v/${d.verify_token}` : null,
      footerLine: `${drawnLine}${copyNo && copyNo > 1 ? ` · cetakan ke-${copyNo}` : ''} · Lumbung`,
    };
  }
}

/** The print layout: as asked when printing, else as set in the settings in force today. */
export async function layoutFor(db: DbOrTrx, asked: { paper: string; per_page: string }): Promise<ReceiptLayout> {
  const s = await settingsOn(db);
  const paper = (asked.paper || s?.paper_size || 'a4') as PaperSize;
  const perPage = Number(asked.per_page || s?.receipts_per_page || 1) === 2 ? 2 : 1;
  return { paper, perPage };
}

/** `TT-RTNBLORA-2026-000123_Siti-Aminah_2026-11-23.pdf`: letters, digits, dots and dashes only. */
export function receiptFileName(parts: string[]): string {
  const safe = parts.map((p) =>
    p
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60),
  );
  return `${safe.filter(Boolean).join('_')}.pdf`;
}

/** "S. A." — enough to recognise a receipt, not enough to identify a person. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w))
    .map((w) => `${w[0]!.toUpperCase()}.`)
    .join(' ');
}

/**
 * What anyone holding the QR link may see: the number, date, status, the recipient's initials, and
 * each item's commodity, kg and ekor, so a paper whose quantities were altered can be caught. Item
 * notes are left out: an officer may have written something personal there.
 */
export async function verifyReceipt(db: DbOrTrx, token: string) {
  const notFound = () => new NotFoundError('Tanda terima dengan tautan ini tidak ditemukan. Periksa kembali kode QR-nya.');
  if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) throw notFound();
  // Opened with no login: the token alone finds its receipt, in whichever unit it is; the rest is
  // read in that unit only, and nothing is written.
  const unitId = await installationWide(() => unitOfVerifyToken(db, token));
  if (unitId === undefined) throw notFound();
  return withUnitScope(readOnlyScope([unitId]), () => verifiedReceipt(db, token, notFound));
}

async function verifiedReceipt(db: DbOrTrx, token: string, notFound: () => Error) {
  const d = await findByVerifyToken(db, token);
  if (!d) throw notFound();
  const items = (await itemsOf(db, [d.id])).map((i) => ({
    commodity: i.commodity_name,
    quantity: formatKg(i.qty_g),
    heads: i.heads ? `${formatNumber(i.heads)} ekor` : '–',
  }));
  return {
    id: d.id,
    receiptNo: d.receipt_no,
    handedOn: d.handed_on,
    valid: d.status === 'active',
    initials: initials(d.recipient_name),
    items,
  };
}
