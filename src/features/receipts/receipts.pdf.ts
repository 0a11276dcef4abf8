// Draws receipts (tanda terima) on A4 or F4: one per page, or two per sheet with a cut line between.
import type { Writable } from 'node:stream';
import {
  drawLetterhead,
  drawOutlinedWord,
  drawQr,
  FONT_PATHS as F,
  markContent,
  MM,
  newDocument,
  PAGE_SIZES,
  Pen,
  streamTo,
  toBuffer,
  withoutNewPages,
  type Doc,
} from '../../lib/pdf.ts';
import { letOthersThrough } from '../../lib/turns.ts';
import type { ReceiptData, ReceiptItemRow, ReceiptLayout } from './receipts.types.ts';

const messages = {
  title: 'TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN',
  number: (n: string) => `Nomor: ${n}`,
  copy: (n: number) => `SALINAN — cetakan ke-${n}`,
  preview: 'PRATINJAU — BUKAN CETAKAN ASLI',
  voided: (reason: string | null) => `DIBATALKAN: ${reason ?? ''}`,
  opening: (words: string, digits: string) => `Pada hari ini ${words} (${digits}), yang bertanda tangan di bawah ini:`,
  first: ['PIHAK KESATU', ' (yang menyerahkan)'],
  second: ['PIHAK KEDUA', ' (yang menerima)'],
  event: 'Kegiatan: ',
  handover:
    'PIHAK KESATU menyerahkan kepada PIHAK KEDUA bantuan hasil program ketahanan pangan dengan rincian sebagai berikut, ' +
    'dan PIHAK KEDUA menyatakan telah menerimanya dalam keadaan baik:',
  columns: ['No', 'Komoditas', 'Jumlah', 'Satuan', 'Keterangan'],
  closing: 'Demikian tanda terima ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.',
  giver: ['Yang Menyerahkan,', 'PIHAK KESATU'],
  receiver: ['Yang Menerima,', 'PIHAK KEDUA'],
  thumb: 'Cap jempol',
  known: 'Mengetahui,',
  headTitle: 'Kepala Rutan',
  noName: '(......................................)',
  noNip: 'NIP ......................................',
  qr: 'Pindai untuk memeriksa keaslian',
  noQr: 'Dicetak tanpa kode QR: alamat publik belum diatur. Keaslian diperiksa dengan nomornya di kantor.',
  cut: '✂  potong di sini',
  voidMark: 'BATAL',
  previewMark: 'PRATINJAU',
} as const;

const RED = '#b3171d';
const GREY = '#4d4d4d';
const LIGHT = '#e9efe9';
const BODY = 9.5;

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Half a sheet: the signatures in one row, the QR code beside the table. */
  compact: boolean;
}

/** "PIHAK KESATU (yang menyerahkan)" then "Label : value" rows; returns the y below. */
function party(p: Pen, [who, role]: readonly [string, string], rows: Array<[string, string]>, x: number, y: number, w: number): number {
  const whoW = p.width(who, F.bold, BODY);
  p.text(who, x, y, whoW + 1, { font: F.bold, size: BODY });
  y = p.text(role, x + whoW, y, w - whoW, { size: BODY, color: GREY });
  y += p.mm(0.8);
  const labelW = p.mm(17);
  const colonW = p.mm(2.5);
  for (const [label, value] of rows) {
    p.text(label, x, y, labelW, { size: BODY - 0.5, color: GREY });
    p.text(':', x + labelW, y, colonW, { size: BODY - 0.5 });
    y = p.text(value || '–', x + labelW + colonW, y, w - labelW - colonW, { size: BODY - 0.5 }) + p.mm(0.3);
  }
  return y;
}

/** A cell of the item table: bold with a light background in the head and the total row. */
interface Cell {
  text: string;
  align?: 'left' | 'center' | 'right';
  strong?: boolean;
  /** Across every column (the total). */
  wide?: boolean;
}

/**
 * The item table, its last row the total: each row as high as its tallest cell, every cell framed.
 * Drawn here rather than with `doc.table()`, which lays every cell's text out four times (its
 * bounds twice, the row's height, the drawing) and was a fifth of an event PDF's drawing time; the
 * rows are as high as `doc.table()` made them, and the receipt looks the same.
 */
function items(p: Pen, list: ReceiptItemRow[], totalLine: string, x: number, y: number, w: number, compact: boolean): number {
  const { doc } = p;
  const size = 9 * p.s;
  const fixed = [p.mm(9), p.mm(21), p.mm(17)] as const;
  const free = w - fixed[0] - fixed[1] - fixed[2];
  const widths = [fixed[0], free * 0.42, fixed[1], fixed[2], free * 0.58];
  const pad = { v: p.mm(compact ? 0.6 : 0.9), h: p.mm(1.6) };
  const rows: Cell[][] = [
    messages.columns.map((text, k) => ({ text, strong: true, align: k === 0 ? 'center' : k === 2 ? 'right' : 'left' })),
    ...list.map((i): Cell[] => [
      { text: String(i.no), align: 'center' },
      { text: i.commodity },
      { text: i.quantity, align: 'right' },
      { text: i.unit },
      { text: i.note },
    ]),
    [{ text: totalLine, strong: true, wide: true, align: 'right' }],
  ];
  const width = (c: Cell, k: number) => (c.wide ? w : widths[k]!);
  const textOptions = (c: Cell, k: number) => ({ width: width(c, k) - 2 * pad.h, align: c.align ?? 'left', lineGap: 0 });
  const font = (c: Cell) => doc.font(c.strong ? F.bold : F.regular).fontSize(size);
  const height = (row: Cell[]) =>
    Math.max(...row.map((c, k) => (c.text ? font(c).heightOfString(c.text, textOptions(c, k)) : 0) + 2 * pad.v));
  if (!p.drawing) return rows.reduce((sum, row) => sum + height(row), y);
  for (const [r, row] of rows.entries()) {
    const h = height(row);
    // The head and the total on a light background.
    if (r === 0 || r === rows.length - 1) doc.save().fillColor(LIGHT).rect(x, y, w, h).fill().restore();
    let cx = x;
    for (const [k, c] of row.entries()) {
      doc
        .save()
        .lineWidth(0.6 * p.s)
        .strokeColor('#555555')
        .rect(cx, y, width(c, k), h)
        .stroke()
        .restore();
      if (c.text)
        font(c)
          .fillColor('black')
          .text(c.text, cx + pad.h, y + pad.v, textOptions(c, k));
      cx += width(c, k);
    }
    y += h;
  }
  doc.x = x;
  doc.y = y;
  return y;
}

interface Signer {
  x: number;
  w: number;
  lines: string[];
  name: string;
  nip: string;
}

/**
 * Signature columns side by side: role lines, room to sign, the name underlined, the NIP. The names
 * share one line even when a role wraps. Returns the y of the names and the y below everything.
 */
function signers(p: Pen, cols: Signer[], y: number, room: number): { nameY: number; end: number } {
  const ruler = new Pen(p.doc, p.s, false);
  const roles = (c: Signer, pen: Pen) => c.lines.reduce((yy, l) => pen.text(l, c.x, yy, c.w, { size: BODY, align: 'center' }), y);
  const nameY = Math.max(...cols.map((c) => roles(c, ruler))) + room;
  let end = nameY;
  for (const c of cols) {
    roles(c, p);
    // Underlined when on one line: PDFKit would underline the trailing space of a wrapped line too.
    const underline = Boolean(c.name) && p.width(c.name, F.bold, BODY) <= c.w;
    const below = p.text(c.name || messages.noName, c.x, nameY, c.w, { font: F.bold, size: BODY, align: 'center', underline });
    end = Math.max(end, p.text(c.nip, c.x, below + p.mm(0.3), c.w, { size: BODY - 0.5, align: 'center' }));
  }
  return { nameY, end };
}

/** The thumbprint box beside the receiver's room to sign, labelled under it, ending just above the names. */
function thumbBox(p: Pen, right: number, top: number, nameY: number): void {
  const h = Math.min(nameY - top - p.mm(4.5), p.mm(19));
  const w = Math.min(p.mm(15), h * 0.85);
  const y = nameY - p.mm(4.5) - h;
  if (!p.drawing) return;
  p.doc
    .save()
    .lineWidth(0.6 * p.s)
    .strokeColor(GREY)
    .rect(right - w, y, w, h)
    .stroke()
    .restore();
  p.text(messages.thumb, right - w - p.mm(3), y + h + p.mm(0.6), w + p.mm(6), { size: 6.5, color: GREY, align: 'center' });
}

/**
 * The QR code centred in a column of width `w`, its caption under it; returns the y below. Without a
 * public address, a framed note in its place: a QR code that cannot be opened would promise a check that fails.
 */
function qr(p: Pen, url: string | null, x: number, y: number, w: number): number {
  const size = p.mm(22);
  if (!url) {
    if (p.drawing)
      p.doc
        .save()
        .lineWidth(0.5 * p.s)
        .strokeColor(GREY)
        .dash(2 * p.s, { space: 2 * p.s })
        .rect(x + (w - size) / 2, y, size, size)
        .stroke()
        .undash()
        .restore();
    p.text(messages.noQr, x + (w - size) / 2 + p.mm(1), y + p.mm(3), size - p.mm(2), { size: 6, color: GREY, align: 'center' });
    return y + size + p.mm(1);
  }
  if (p.drawing) drawQr(p.doc, url, x + (w - size) / 2, y, size);
  return p.text(messages.qr, x, y + size, w, { size: 6.5, color: GREY, align: 'center' });
}

/**
 * Giver left, receiver right with the thumbprint box, the head centred under them with the QR code
 * beside. On half a sheet the three sign in one row, which saves the height of a whole block.
 */
function signatures(p: Pen, r: ReceiptData, x: number, y: number, w: number, compact: boolean): number {
  const room = p.mm(compact ? 12 : 17);
  const thumbW = p.mm(15);
  const giver = { lines: [...messages.giver], name: r.first.name, nip: r.first.nipLine };
  const receiver = { lines: [...messages.receiver], name: r.second.name, nip: '' };
  const head = {
    lines: [messages.known, r.head?.title ?? messages.headTitle],
    name: r.head?.name ?? '',
    nip: r.head ? r.head.nipLine : messages.noNip,
  };
  const cols = compact ? 3 : 2;
  const col = w / cols;
  const recvX = x + (cols - 1) * col;
  const recvW = col - thumbW - p.mm(2);
  y = p.text(r.placeAndDate, recvX, y, recvW, { size: BODY, align: 'center' });
  const row = signers(
    p,
    compact
      ? [
          { x, w: col - p.mm(2), ...giver },
          { x: x + col, w: col - p.mm(2), ...head },
          { x: recvX, w: recvW, ...receiver },
        ]
      : [
          { x, w: col - p.mm(4), ...giver },
          { x: recvX, w: recvW, ...receiver },
        ],
    y,
    room,
  );
  thumbBox(p, x + w, y, row.nameY);
  if (compact) return row.end;
  y = row.end + p.mm(4);
  const headRow = signers(p, [{ x: x + w / 4, w: w / 2, ...head }], y, room);
  return Math.max(headRow.end, qr(p, r.verifyUrl, x, y, w / 4));
}

/** Draws (or measures) one receipt from the top of its frame; returns the y below its last line. */
function receipt(p: Pen, r: ReceiptData, f: Frame): number {
  const { doc } = p;
  const { x, w } = f;
  // On half a sheet the kop is drawn a little smaller than the body: it is the same on every receipt.
  let y = drawLetterhead(doc, r.letterhead, { x, y: f.y, w }, { scale: f.compact ? p.s * 0.88 : Math.min(p.s, 1), measure: !p.drawing });

  y = p.text(messages.title, x, y, w, { font: F.bold, size: 13, align: 'center' });
  const numberY = y + p.mm(0.6);
  y = p.text(messages.number(r.number), x, numberY, w, { size: 10.5, align: 'center' });
  const label = r.copyNo === null ? messages.preview : r.copyNo >= 2 ? messages.copy(r.copyNo) : null;
  if (label) {
    // A boxed mark at the right of the number line, or centred under it when the number leaves no room.
    const boxW = p.width(label, F.bold, 8.5) + p.mm(4);
    const boxH = p.mm(5.2);
    const beside = (w - p.width(messages.number(r.number), F.regular, 10.5)) / 2 >= boxW + p.mm(5);
    const boxX = beside ? x + w - boxW : x + (w - boxW) / 2;
    const boxY = beside ? numberY - p.mm(0.8) : y + p.mm(1);
    if (p.drawing)
      doc
        .save()
        .lineWidth(1.1 * p.s)
        .strokeColor(RED)
        .rect(boxX, boxY, boxW, boxH)
        .stroke()
        .restore();
    p.text(label, boxX, boxY + p.mm(1.1), boxW, { font: F.bold, size: 8.5, color: RED, align: 'center' });
    y = Math.max(y, boxY + boxH);
  }
  if (r.status === 'batal')
    y = p.text(messages.voided(r.voidReason), x, y + p.mm(1), w, { font: F.bold, size: 10, color: RED, align: 'center' });

  y =
    p.text(messages.opening(r.dateWords, r.dateDigits), x, y + p.mm(f.compact ? 2.5 : 3.5), w, { size: BODY, align: 'justify' }) +
    p.mm(1.8);
  const gap = p.mm(6);
  const colW = (w - gap) / 2;
  const firstRows: Array<[string, string]> = [
    ['Nama', r.first.name],
    ['NIP', r.first.nipLine.replace(/^NIP\s*/, '')],
    ['Jabatan', r.first.title],
  ];
  const secondRows: Array<[string, string]> = [
    ['Nama', r.second.name],
    ['NIK', r.second.nik],
    ['Alamat', r.second.address],
    ['Kategori', r.second.category],
  ];
  if (r.second.inmateLine) secondRows.push(['WBP', r.second.inmateLine]);
  y = Math.max(party(p, messages.first, firstRows, x, y, colW), party(p, messages.second, secondRows, x + colW + gap, y, colW)) + p.mm(1.5);

  const eventW = p.width(messages.event, F.bold, BODY);
  p.text(messages.event, x, y, eventW + 1, { font: F.bold, size: BODY });
  y = p.text(r.eventLine, x + eventW, y, w - eventW, { size: BODY });
  y = p.text(messages.handover, x, y + p.mm(0.8), w, { size: BODY, align: 'justify' }) + p.mm(1.5);
  if (f.compact) {
    // On half a sheet the QR code stands beside the table instead of beside the head's signature.
    const qrCol = p.mm(27);
    y =
      Math.max(items(p, r.items, r.totalLine, x, y, w - qrCol - p.mm(3), true), qr(p, r.verifyUrl, x + w - qrCol, y - p.mm(1.5), qrCol)) +
      p.mm(1.2);
  } else {
    y = items(p, r.items, r.totalLine, x, y, w, false) + p.mm(1.2);
  }
  y = p.text(r.yearToDateLine, x, y, w, { size: 8, color: GREY });
  if (r.replacesLine) y = p.text(r.replacesLine, x, y + p.mm(0.5), w, { font: F.bold, size: 8.5 });
  // The closing formula is dropped on half a sheet, where its line is needed for the items.
  if (!f.compact) y = p.text(messages.closing, x, y + p.mm(1.5), w, { size: BODY, align: 'justify' });
  y += p.mm(3);
  return signatures(p, r, x, y, w, f.compact);
}

/** The height of the print line. */
function footerHeight(p: Pen): number {
  return p.doc
    .font(F.regular)
    .fontSize(7 * p.s)
    .currentLineHeight(true);
}

/** How far below `y`, the end of the receipt's body, the print line ends when the receipt is measured. */
function footerBelow(p: Pen, y: number): number {
  return y + p.mm(2.5) + footerHeight(p);
}

/** The small grey print line, at the bottom of the frame (measured: just below the receipt). */
function footer(p: Pen, r: ReceiptData, f: Frame, y: number): number {
  if (!p.drawing) return footerBelow(p, y);
  const lineH = footerHeight(p);
  p.doc.fillColor(GREY).text(r.footerLine, f.x, f.y + f.h - lineH, { width: f.w, height: lineH, ellipsis: true, lineBreak: false });
  return f.y + f.h;
}

/**
 * A large, faint diagonal word (BATAL, PRATINJAU) over the receipt, kept inside its frame; drawn as
 * letter outlines, so the PDF's text reads the receipt's own lines (BATAL and PRATINJAU are written
 * there too) without stray capitals in the middle of them.
 */
function watermark(doc: Doc, f: Frame, word: string, color: string): void {
  const cx = f.x + f.w / 2;
  // A little below the middle: over the body of the receipt rather than its kop.
  const cy = f.y + f.h * 0.56;
  const angle = f.h > f.w ? -55 : -22;
  doc.save().rect(f.x, f.y, f.w, f.h).clip();
  doc.font(F.bold).fontSize(100);
  const size = Math.min((100 * Math.min(f.w, f.h) * 1.15) / doc.widthOfString(word), f.h * 0.55);
  drawOutlinedWord(doc, word, { font: F.bold, size, cx, cy, angle, color, opacity: 0.16 });
  doc.restore();
}

/**
 * The largest scale, up to the layout's own, at which a receipt fits its frame. Text wraps less
 * when smaller, so the proportional scale nearly always fits (the kop, which never grows past its
 * own size, can spoil that by a hair); a few halvings then take back the room it leaves.
 */
function fitScale(doc: Doc, r: ReceiptData, f: Frame, scale: number): number {
  const height = (s: number) => {
    const ruler = new Pen(doc, s, false);
    return footer(ruler, r, f, receipt(ruler, r, f)) - f.y;
  };
  const full = height(scale);
  if (full <= f.h) return scale;
  let lo = (scale * f.h) / full;
  while (height(lo) > f.h && lo > 0.2) lo *= 0.97;
  let hi = scale;
  for (let i = 0; i < 4; i++) {
    const mid = (lo + hi) / 2;
    if (height(mid) <= f.h) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Draws the receipt at scale `s`. With `onlyIfItFits`, a receipt whose body runs into the print
 * line is taken back (nothing of it stays on the page) and false is returned: a receipt nearly
 * always fits at its layout's own scale, and drawing it at once spares the measuring of every line
 * before it is drawn (`fitScale`), which cost as much again as a third of the drawing.
 */
function drawReceipt(doc: Doc, r: ReceiptData, f: Frame, s: number, onlyIfItFits = false): boolean {
  const takeBack = onlyIfItFits ? markContent(doc) : null;
  const pen = new Pen(doc, s, true);
  // The clip is a last guard: nothing of this receipt can reach the other half of the sheet.
  doc
    .save()
    .rect(f.x - 2, f.y - 2, f.w + 4, f.h + 4)
    .clip();
  // Taken back, a receipt too long for its frame may also run past the page: no page is added for it.
  const { value: end, overflowed } = takeBack
    ? withoutNewPages(doc, () => receipt(pen, r, f))
    : { value: receipt(pen, r, f), overflowed: false };
  // The test `fitScale` makes, on the lines as drawn.
  if (takeBack && (overflowed || footerBelow(pen, end) - f.y > f.h)) {
    doc.restore();
    takeBack();
    return false;
  }
  footer(pen, r, f, end);
  doc.restore();
  // A void says BATAL above all; a preview of a valid receipt says it is not the paper to sign.
  if (r.status === 'batal') watermark(doc, f, messages.voidMark, RED);
  else if (r.copyNo === null) watermark(doc, f, messages.previewMark, GREY);
  doc.fillColor('black').fillOpacity(1);
  return true;
}

function receiptsDocument(first: ReceiptData, count: number, layout: ReceiptLayout): Doc {
  const title = count === 1 ? `Tanda terima ${first.number}` : `Tanda terima (${count})`;
  // Receipts repeat their glyphs: each font file is cut and compressed once per process.
  return newDocument(layout.paper, { title, stableFonts: true });
}

/** One PDF with every receipt, as bytes: for the tests and the scripts. */
export async function renderReceipts(receipts: ReceiptData[], layout: ReceiptLayout): Promise<Buffer> {
  const doc = receiptsDocument(receipts[0]!, receipts.length, layout);
  await drawReceipts(doc, receipts, layout);
  return toBuffer(doc);
}

/**
 * The same PDF written to `out` (the response) sheet by sheet as it is drawn, from receipts read
 * one by one (`receiptsStream`): an event's 500 receipts are never held whole in memory, and the
 * first sheet leaves before the last receipt is read. `first` is the first receipt, already read
 * (so a receipt that cannot be read fails before anything is sent); `rest` the others.
 */
export async function streamReceipts(
  first: ReceiptData,
  rest: AsyncIterable<ReceiptData>,
  count: number,
  layout: ReceiptLayout,
  out: Writable,
): Promise<void> {
  await warmUp();
  const doc = receiptsDocument(first, count, layout);
  const stream = streamTo(doc, out);
  async function* all() {
    yield first;
    yield* rest;
  }
  // A client that went away stops the drawing at the next sheet.
  await drawReceipts(doc, all(), layout, { flush: stream.flush, gone: () => out.destroyed });
  await stream.end();
}

let warm: Promise<void> | undefined;

/**
 * The first print of a process first draws a few sample receipts into nothing: V8 compiles the
 * drawing code on them (a receipt drawn cold takes ≈ 20 ms, warm ≈ 10). Done on the first print,
 * not at the server's start, so an idle server holds no PDF code nor its garbage (idle ≤ 100 MB).
 */
function warmUp(): Promise<void> {
  warm ??= (async () => {
    const { sampleReceipt } = await import('./receipts.sample.ts');
    for (let i = 0; i < 24; i++) {
      await letOthersThrough();
      // A preview and a valid copy, one and two to a sheet: the paths a real print takes.
      const r = sampleReceipt(null, { number: `TT/CONTOH/2024/${String(i).padStart(6, '0')}`, copyNo: i % 2 ? 1 : null });
      const layout: ReceiptLayout = { paper: 'a4', perPage: i % 4 < 2 ? 1 : 2 };
      const doc = receiptsDocument(r, 1, layout);
      await drawReceipts(doc, [r], layout);
      await toBuffer(doc);
    }
  })().catch(() => {
    // Only a head start: a print that cannot be drawn fails on its own, with its own error.
  });
  return warm;
}

/** Where the sheets go while they are drawn: `flush` sends each, `gone` says the client left. */
interface SheetsOut {
  flush(): Promise<void>;
  gone(): boolean;
}

/**
 * Every receipt: a page each, or two per sheet to be cut apart. Others are let through before
 * each sheet, between measuring and drawing, and between the receipts of a sheet: a turn of the
 * event loop holds at most one receipt's work (a sheet in one turn held every other user for up to
 * 105 ms).
 */
async function drawReceipts(
  doc: Doc,
  receipts: Iterable<ReceiptData> | AsyncIterable<ReceiptData>,
  layout: ReceiptLayout,
  out?: SheetsOut,
): Promise<void> {
  const [pw, ph] = PAGE_SIZES[layout.paper];
  let sheets = 0;
  const sheet = async () => {
    if (sheets++ > 0) await letOthersThrough();
    if (out?.gone()) return false;
    // A new page ends the one before, whose bytes are then sent as one chunk.
    doc.addPage();
    await out?.flush();
    return true;
  };
  if (layout.perPage === 1) {
    for await (const r of receipts) {
      if (!(await sheet())) return;
      const f = { x: 22 * MM, y: 12 * MM, w: pw - 40 * MM, h: ph - 24 * MM, compact: false };
      if (drawReceipt(doc, r, f, 1.08, true)) continue;
      await letOthersThrough();
      const s = fitScale(doc, r, f, 1.08);
      await letOthersThrough();
      drawReceipt(doc, r, f, s);
    }
    return;
  }
  let waiting: ReceiptData[] = [];
  for await (const r of receipts) {
    waiting.push(r);
    if (waiting.length < 2) continue;
    if (!(await sheet())) return;
    await drawPair(doc, waiting, layout);
    waiting = [];
  }
  if (waiting.length && (await sheet())) await drawPair(doc, waiting, layout);
}

/** Two receipts (or the last one) on a sheet, each half at the same scale, with a line to cut along. */
async function drawPair(doc: Doc, pair: ReceiptData[], layout: ReceiptLayout): Promise<void> {
  const [pw, ph] = PAGE_SIZES[layout.paper];
  const half = ph / 2;
  const frames = pair.map((_, k) => ({ x: 17 * MM, y: k * half + 7 * MM, w: pw - 31 * MM, h: half - 12 * MM, compact: true }));
  const scale = layout.paper === 'f4' ? 0.85 : 0.8;
  // Both halves at the same scale, so the two receipts of a sheet look alike: drawn at the
  // layout's own when both fit; else the sheet is taken back and both are drawn at the smaller fit.
  const takeBack = markContent(doc);
  let fit = true;
  for (const [k, r] of pair.entries()) {
    if (k > 0) await letOthersThrough();
    if (!(fit = drawReceipt(doc, r, frames[k]!, scale, true))) break;
  }
  if (!fit) {
    takeBack();
    let s = Infinity;
    for (const [k, r] of pair.entries()) {
      await letOthersThrough();
      s = Math.min(s, fitScale(doc, r, frames[k]!, scale));
    }
    for (const [k, r] of pair.entries()) {
      await letOthersThrough();
      drawReceipt(doc, r, frames[k]!, s);
    }
  }
  if (pair.length === 2) {
    doc
      .save()
      .lineWidth(0.5)
      .dash(4, { space: 3 })
      .strokeColor(GREY)
      .moveTo(6 * MM, half)
      .lineTo(pw - 6 * MM, half)
      .stroke()
      .restore();
    doc
      .font(F.regular)
      .fontSize(6.5)
      .fillColor(GREY)
      .text(messages.cut, 8 * MM, half - 9, { lineBreak: false })
      .fillColor('black');
  }
}
