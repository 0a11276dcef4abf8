// Draws receipts (tanda terima) on A4 or F4, one per page or two per sheet to be cut apart.
import { drawLetterhead, drawQr, FONTS, MM, newDocument, PAGE_SIZES, toBuffer, type Doc } from '../../lib/pdf.ts';
import type { ReceiptData, ReceiptLayout } from './receipt.types.ts';

const RED = '#b3171d';
const GREY = '#555555';

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
  /** 1 on a full page; smaller on half a sheet */
  s: number;
}

/** Label–value rows ("Nama : …"); returns the y below them. */
function rows(doc: Doc, items: Array<[string, string]>, x: number, y: number, w: number, f: Frame): number {
  const labelW = 17 * MM * f.s;
  doc.fontSize(8.5 * f.s);
  for (const [label, value] of items) {
    doc.font(FONTS.regular).fillColor(GREY).text(label, x, y, { width: labelW, lineBreak: false });
    doc.fillColor('black').text(':', x + labelW, y, { lineBreak: false });
    doc.text(value || '–', x + labelW + 2.5 * MM * f.s, y, { width: w - labelW - 2.5 * MM * f.s });
    y = doc.y + 0.6 * f.s;
  }
  return y;
}

function partyBlock(doc: Doc, title: string, sub: string, items: Array<[string, string]>, x: number, y: number, w: number, f: Frame): number {
  doc.font(FONTS.bold).fontSize(9 * f.s).fillColor('black').text(title, x, y, { width: w, continued: true });
  doc.font(FONTS.regular).fillColor(GREY).text(`  ${sub}`);
  return rows(doc, items, x, doc.y + 1 * f.s, w, f);
}

/** One signature column: role lines, space to sign, the name underlined, NIP. */
function signature(doc: Doc, lines: string[], name: string, nip: string, x: number, y: number, w: number, f: Frame, space: number): number {
  doc.font(FONTS.regular).fontSize(8.5 * f.s).fillColor('black');
  lines.forEach((l, i) => doc.text(l, x, i === 0 ? y : doc.y, { width: w, align: 'center' }));
  const nameY = doc.y + space;
  doc.font(FONTS.bold).text(name || '(.................................)', x, nameY, { width: w, align: 'center', underline: Boolean(name) });
  if (nip) doc.font(FONTS.regular).text(nip, x, doc.y, { width: w, align: 'center' });
  return doc.y;
}

function drawReceipt(doc: Doc, r: ReceiptData, f: Frame): void {
  const { x, w, s } = f;
  const qrCaption = 'Pindai untuk memeriksa keaslian';
  let y = drawLetterhead(doc, r.letterhead, { x, y: f.y, w }, s, (qx, qy, size) => {
    drawQr(doc, r.verifyUrl, qx + 2 * s, qy - 2 * s, size - 4 * s);
    doc.font(FONTS.regular).fontSize(5.5 * s).fillColor(GREY).text(qrCaption, qx - 4 * MM * s, qy + size - 4 * s, { width: size + 8 * MM * s, align: 'center' });
    doc.fillColor('black');
  });

  doc.font(FONTS.bold).fontSize(12 * s).fillColor('black').text('TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN', x, y, { width: w, align: 'center' });
  doc.font(FONTS.regular).fontSize(10 * s).text(`Nomor: ${r.number}`, x, doc.y + 0.5 * s, { width: w, align: 'center' });
  y = doc.y + 1.5 * s;
  if (r.copyNo >= 2) {
    const label = `SALINAN — cetakan ke-${r.copyNo}`;
    doc.font(FONTS.bold).fontSize(9 * s);
    const lw = doc.widthOfString(label) + 6 * MM * s;
    doc.save().lineWidth(1 * s).strokeColor(RED).rect(x + (w - lw) / 2, y, lw, 5.5 * MM * s).stroke().restore();
    doc.fillColor(RED).text(label, x, y + 1.2 * MM * s, { width: w, align: 'center' }).fillColor('black');
    y += 6.5 * MM * s;
  }
  if (r.status === 'batal') {
    doc.font(FONTS.bold).fontSize(9.5 * s).fillColor(RED).text(`DIBATALKAN: ${r.voidReason ?? ''}`, x, y, { width: w, align: 'center' }).fillColor('black');
    y = doc.y + 1.5 * s;
  }

  doc.font(FONTS.regular).fontSize(9 * s).text(`Pada hari ini ${r.dateWords} (${r.dateDigits}), yang bertanda tangan di bawah ini:`, x, y + 2 * s, { width: w });
  y = doc.y + 2.5 * s;
  const colW = (w - 6 * MM * s) / 2;
  const left = partyBlock(doc, 'PIHAK KESATU', '(yang menyerahkan)', [['Nama', r.first.name], ['NIP', r.first.nipLine.replace(/^NIP /, '')], ['Jabatan', r.first.title]], x, y, colW, f);
  const secondRows: Array<[string, string]> = [['Nama', r.second.name], ['NIK', r.second.nik], ['Alamat', r.second.address], ['Kategori', r.second.category]];
  if (r.second.inmateLine) secondRows.push(['WBP', r.second.inmateLine]);
  const right = partyBlock(doc, 'PIHAK KEDUA', '(yang menerima)', secondRows, x + colW + 6 * MM * s, y, colW, f);
  y = Math.max(left, right) + 1.5 * s;

  doc.font(FONTS.regular).fontSize(9 * s).fillColor('black');
  doc.text(`Kegiatan: ${r.eventLine}. PIHAK KESATU menyerahkan kepada PIHAK KEDUA bantuan hasil program ketahanan pangan berupa:`, x, y, { width: w });
  y = doc.y + 2 * s;

  const cell = { padding: [2 * s, 3 * s] as [number, number], border: 0.6 * s };
  const head = (text: string, align: 'left' | 'right' | 'center' = 'left') => ({ text, type: 'TH' as const, font: { src: FONTS.bold }, backgroundColor: '#e8efe9', align: { x: align, y: 'center' as const } });
  doc.font(FONTS.regular).fontSize(8.5 * s);
  doc.table({
    position: { x, y },
    maxWidth: w,
    columnStyles: [9 * MM * s, '*', 24 * MM * s, 18 * MM * s, '*'],
    defaultStyle: cell,
    data: [
      [head('No', 'center'), head('Komoditas'), head('Jumlah', 'right'), head('Satuan'), head('Keterangan')],
      ...r.items.map((i) => [
        { text: String(i.no), align: { x: 'center' as const, y: 'top' as const } }, i.commodity,
        { text: i.quantity, align: { x: 'right' as const, y: 'top' as const } }, i.unit, i.note,
      ]),
    ],
  });
  y = doc.y + 1.5 * s;
  doc.font(FONTS.bold).fontSize(9 * s).text(r.totalLine, x, y, { width: w, align: 'right' });
  doc.font(FONTS.regular).fontSize(8 * s).fillColor(GREY).text(r.yearToDateLine, x, doc.y + 1 * s, { width: w });
  if (r.replacesLine) doc.fillColor('black').text(r.replacesLine, x, doc.y + 1 * s, { width: w });
  doc.fillColor('black');
  y = doc.y + 3 * s;

  // Signatures: the giver, the head who acknowledges, the receiver with room for a thumbprint.
  const col = w / 3;
  const space = (f.s < 1 ? 17 : 18) * MM * s;
  doc.font(FONTS.regular).fontSize(8.5 * s).text(r.placeAndDate, x + 2 * col, y, { width: col, align: 'center' });
  y = doc.y + 1 * s;
  const ends = [
    signature(doc, ['Yang Menyerahkan,', 'PIHAK KESATU'], r.first.name, r.first.nipLine, x, y, col, f, space),
    signature(doc, ['Mengetahui,', r.head?.title ?? 'Kepala Rutan'], r.head?.name ?? '', r.head?.nipLine ?? '', x + col, y, col, f, space),
    signature(doc, ['Yang Menerima,', 'PIHAK KEDUA'], r.second.name, '', x + 2 * col, y, col - 16 * MM * s, f, space),
  ];
  const thumbW = 14 * MM * s;
  const thumbX = x + w - thumbW;
  const thumbY = y + 2 * MM * s;
  doc.save().lineWidth(0.6 * s).strokeColor(GREY).rect(thumbX, thumbY, thumbW, thumbW * 1.2).stroke().restore();
  doc.font(FONTS.regular).fontSize(6 * s).fillColor(GREY).text('Cap jempol', thumbX, thumbY + thumbW * 1.2 + 1 * s, { width: thumbW, align: 'center' });
  y = Math.max(...ends, doc.y);

  doc.font(FONTS.regular).fontSize(6.5 * s).fillColor(GREY).text(r.footerLine, x, Math.max(y + 3 * s, f.y + f.h - 4 * MM * s), { width: w, lineBreak: false });
  doc.fillColor('black');

  if (r.status === 'batal') {
    const cx = x + w / 2;
    const cy = f.y + f.h / 2;
    doc.save().rotate(-30, { origin: [cx, cy] }).opacity(0.18).fillColor(RED).font(FONTS.bold).fontSize(120 * s);
    doc.text('BATAL', x - w / 4, cy - 60 * s, { width: w * 1.5, align: 'center', lineBreak: false });
    doc.restore();
  }
}

/** One PDF with every receipt: a page each, or two per sheet with a cut line between. */
export async function renderReceipts(receipts: ReceiptData[], layout: ReceiptLayout): Promise<Buffer> {
  const doc = newDocument({ title: receipts.length === 1 ? `Tanda terima ${receipts[0]!.number}` : `Tanda terima (${receipts.length})` });
  const [pw, ph] = PAGE_SIZES[layout.paper];
  const mx = 15 * MM;
  if (layout.perPage === 1) {
    for (const r of receipts) {
      doc.addPage({ size: [pw, ph], margin: 0 });
      drawReceipt(doc, r, { x: mx + 5 * MM, y: 12 * MM, w: pw - 2 * mx - 5 * MM, h: ph - 24 * MM, s: 1 });
    }
  } else {
    const half = ph / 2;
    const s = layout.paper === 'f4' ? 0.8 : 0.74;
    for (let i = 0; i < receipts.length; i += 2) {
      doc.addPage({ size: [pw, ph], margin: 0 });
      receipts.slice(i, i + 2).forEach((r, k) => drawReceipt(doc, r, { x: mx, y: k * half + 7 * MM, w: pw - 2 * mx, h: half - 12 * MM, s }));
      doc.save().lineWidth(0.5).dash(4, { space: 4 }).strokeColor(GREY).moveTo(8 * MM, half).lineTo(pw - 8 * MM, half).stroke().restore();
      doc.font(FONTS.regular).fontSize(6).fillColor(GREY).text('✂ potong di sini', 8 * MM, half - 8, { lineBreak: false }).fillColor('black');
    }
  }
  return toBuffer(doc);
}
