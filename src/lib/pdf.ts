// PDF building blocks shared by receipts and reports: paper sizes, the embedded font, the
// letterhead, a vector QR code, and collecting the document into a Buffer.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PaperSize } from '../db/database.ts';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * Fonts are always selected by file path: PDFKit caches a font by its path, while a font
 * registered by name is re-read for every table cell (30× slower).
 */
export const FONTS = {
  regular: path.join(fontDir, 'DejaVuSans.ttf'),
  bold: path.join(fontDir, 'DejaVuSans-Bold.ttf'),
  condensed: path.join(fontDir, 'DejaVuSansCondensed.ttf'),
  condensedBold: path.join(fontDir, 'DejaVuSansCondensed-Bold.ttf'),
} as const;

export const MM = 72 / 25.4;

/** Portrait sizes in points; F4 (folio) is 215 × 330 mm. */
export const PAGE_SIZES: Record<PaperSize, [number, number]> = {
  a4: [595.28, 841.89],
  f4: [215 * MM, 330 * MM],
};

export type Doc = PDFKit.PDFDocument;

/** A document without margins (everything is placed explicitly) and without a first page. */
export function newDocument(info: { title: string; subject?: string }): Doc {
  return new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    font: FONTS.regular,
    bufferPages: false,
    info: { Title: info.title, Subject: info.subject ?? '', Author: 'Lumbung', Creator: 'Lumbung' },
  });
}

/** Ends the document and resolves with its bytes. */
export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export interface Box {
  x: number;
  y: number;
  w: number;
}

export interface Letterhead {
  ministryLine: string;
  kanwilLine: string;
  unitName: string;
  address: string;
  contactLine: string;
  logoPath: string | null;
}

/**
 * The kop surat: logo on the left, the lines centred, a double rule under them. `right` is drawn
 * in the space mirroring the logo (a QR code on receipts). Returns the y below the rule.
 */
export function drawLetterhead(doc: Doc, lh: Letterhead, box: Box, scale = 1, right?: (x: number, y: number, size: number) => void): number {
  const side = 21 * MM * scale;
  const textX = box.x + side + 3 * MM * scale;
  const textW = box.w - 2 * (side + 3 * MM * scale);
  if (lh.logoPath) doc.image(lh.logoPath, box.x, box.y, { fit: [side, side], align: 'center', valign: 'center' });
  if (right) right(box.x + box.w - side, box.y, side);
  let y = box.y;
  const line = (text: string, font: string, size: number) => {
    if (!text) return;
    // A kop surat line stays on one line: shrink it a little before letting it wrap.
    doc.font(font).fontSize(size * scale);
    const fit = Math.max(0.75, Math.min(1, textW / doc.widthOfString(text)));
    doc.fontSize(size * scale * fit);
    doc.text(text, textX, y, { width: textW, align: 'center', lineGap: 0 });
    y = doc.y;
  };
  line(lh.ministryLine, FONTS.bold, 10.5);
  line(lh.kanwilLine, FONTS.bold, 9.5);
  line(lh.unitName, FONTS.bold, 12);
  line(lh.address, FONTS.regular, 8);
  line(lh.contactLine, FONTS.regular, 8);
  y = Math.max(y, box.y + side) + 2 * MM * scale;
  doc.save().lineWidth(1.6 * scale).moveTo(box.x, y).lineTo(box.x + box.w, y).stroke();
  doc.lineWidth(0.5 * scale).moveTo(box.x, y + 2.2 * scale).lineTo(box.x + box.w, y + 2.2 * scale).stroke().restore();
  return y + 2.2 * scale + 3 * MM * scale;
}

/** A QR code drawn as vector squares (sharp at any print size, no image to embed). */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save();
  for (let r = 0; r < n; r++) {
    // One rectangle per run of dark modules in a row: far fewer path operations.
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (start + quiet) * cell, y + (r + quiet) * cell, (c - start) * cell, cell);
    }
  }
  doc.fillColor('black').fill().restore();
}
