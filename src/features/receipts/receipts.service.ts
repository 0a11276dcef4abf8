// Receipts (tanda terima): what each printed page says, the print log (original, SALINAN n),
// and the public verification behind the QR code.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { PaperSize } from '../../db/database.ts';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts';
import { maskNik } from '../../lib/nik.ts';
import { nowIso } from '../../lib/time.ts';
import { dateInWords } from '../../lib/words.ts';
import { NotFoundError } from '../../web/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getDistribution, totalsByCommodity } from '../distributions/distributions.service.ts';
import { eventLabel, getEvent } from '../events/events.service.ts';
import { itemsLine } from '../packages/packages.service.ts';
import { getRecipient, recipientAddressLine, recipientCategoryLabel, relationLabel } from '../recipients/recipients.service.ts';
import { letterheadOf, logoFilePath, settingsOn, signatoryOn } from '../settings/settings.service.ts';
import { getUser } from '../users/users.service.ts';
import { findByVerifyToken, logPrint } from './receipts.queries.ts';
import type { ReceiptData, ReceiptLayout } from './receipt.types.ts';

export interface PrintContext {
  userId: number;
  userName: string;
  /** http://host:port — the verification link's origin */
  baseUrl: string;
  uploadsDir: string;
}

/**
 * Logs one print of each receipt (the first is the original, the next ones copies) and returns
 * their copy numbers, in one transaction so two people printing at once get distinct numbers.
 */
export async function logPrints(db: Db, ids: number[], userId: number): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const at = nowIso();
    const copies: number[] = [];
    for (const id of ids) {
      const copy = await logPrint(trx, id, userId, at);
      copies.push(copy);
      await recordAudit(trx, { userId, action: copy === 1 ? 'print' : 'reprint', entity: 'distribution', entityId: id, after: { cetakan_ke: copy } });
    }
    return copies;
  });
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

/** The receipts as printed now, with the given copy numbers (from `logPrints`). */
export async function receiptsData(db: DbOrTrx, ids: number[], copies: number[], ctx: PrintContext): Promise<ReceiptData[]> {
  const settingsAt = cache((date) => settingsOn(db, date));
  const headAt = cache((date) => signatoryOn(db, 'kepala_rutan', date));
  const officer = cache((id) => getUser(db, Number(id)));
  const event = cache((id) => getEvent(db, Number(id)));
  const printedLine = `Dicetak ${formatDateTime(nowIso())} oleh ${ctx.userName}`;
  const out: ReceiptData[] = [];
  for (const [n, id] of ids.entries()) {
    const d = await getDistribution(db, id);
    const [settings, head, o, r] = await Promise.all([settingsAt(d.handed_on), headAt(d.handed_on), officer(d.officer_id), getRecipient(db, d.recipient_id)]);
    const e = d.event_id ? await event(d.event_id) : null;
    const year = d.handed_on.slice(0, 4);
    const ytd = await totalsByCommodity(db, { recipientId: d.recipient_id, from: `${year}-01-01`, to: `${year}-12-31`, upTo: { handedOn: d.handed_on, id: d.id } });
    const totalG = d.items.reduce((s, i) => s + i.qty_g, 0);
    const totalHeads = d.items.reduce((s, i) => s + (i.heads ?? 0), 0);
    const copyNo = copies[n] ?? 1;
    const { logoFile, ...kop } = letterheadOf(settings);
    out.push({
      number: d.receipt_no,
      status: d.status === 'void' ? 'batal' : 'sah',
      voidReason: d.void_reason,
      copyNo,
      dateWords: dateInWords(d.handed_on),
      dateDigits: d.handed_on.split('-').reverse().join('-'),
      placeAndDate: `${settings?.city ?? ''}, ${formatDate(d.handed_on)}`,
      letterhead: { ...kop, logoPath: logoFilePath(ctx.uploadsDir, logoFile) },
      eventLine: e ? `${eventLabel(e)}${e.place ? ` — ${e.place}` : ''}` : 'Penyaluran langsung (tanpa kegiatan)',
      first: { name: o.full_name, nipLine: o.nip ? `NIP ${o.nip}` : '', title: o.position ?? 'Petugas' },
      second: {
        name: r.name,
        nik: r.nik ? maskNik(r.nik) : '–',
        address: recipientAddressLine(r),
        category: recipientCategoryLabel(r.category),
        inmateLine: r.inmate_name ? `${r.inmate_name} (${r.inmate_reg_number}), hubungan: ${relationLabel(r.relation).toLowerCase()}` : null,
      },
      items: d.items.map((i, k) => ({
        no: k + 1,
        commodity: i.commodity_name,
        quantity: formatNumber(i.qty_g / 1000),
        unit: i.unit,
        note: [i.heads ? `${formatNumber(i.heads)} ekor` : '', i.note ?? ''].filter(Boolean).join('; '),
      })),
      totalLine: `Jumlah: ${formatNumber(totalG / 1000)} kg${totalHeads ? ` · ${formatNumber(totalHeads)} ekor` : ''}`,
      yearToDateLine: `Diterima tahun ${year} (sampai tanda terima ini): ${itemsLine(ytd) || '–'}`,
      head: head ? { title: head.title, name: head.name, nipLine: head.nip ? `NIP ${head.nip}` : '' } : null,
      replacesLine: d.replaces_receipt_no ? `Pengganti tanda terima ${d.replaces_receipt_no} yang dibatalkan.` : null,
      verifyUrl: `${ctx.baseUrl}/v/${d.verify_token}`,
      footerLine: `${printedLine}${copyNo > 1 ? ` · cetakan ke-${copyNo}` : ''} · Lumbung`,
    });
  }
  return out;
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
    p.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60),
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

/** What anyone holding the QR link may see. */
export async function verifyReceipt(db: DbOrTrx, token: string) {
  const d = /^[A-Za-z0-9_-]{20,40}$/.test(token) ? await findByVerifyToken(db, token) : undefined;
  if (!d) throw new NotFoundError('Tanda terima dengan tautan ini tidak ditemukan. Periksa kembali kode QR-nya.');
  return {
    id: d.id, receiptNo: d.receipt_no, handedOn: d.handed_on, valid: d.status === 'active',
    initials: initials(d.recipient_name), itemCount: Number(d.item_count),
  };
}
