// The QR code on a receipt is how anyone checks a paper against the records: it must read back as
// the link, whatever the token. Drawn as squares in the page's content, it is painted here onto a
// bitmap and read with a decoder.
import { randomBytes } from 'node:crypto';
import jsqr from 'jsqr';
import PDFDocument from 'pdfkit';
import { expect, it } from 'vitest';
import { drawQr } from '../../src/lib/pdf.ts';

// CommonJS: the module is the decoder, and its types name it `default`.
const jsQR = jsqr.default;
const PX = 3; // pixels per point

async function qrBitmap(text: string, size: number): Promise<{ data: Uint8ClampedArray; side: number }> {
  const doc = new PDFDocument({ compress: false, size: [size + 20, size + 20], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => doc.on('end', r));
  drawQr(doc, text, 10, 10, size);
  doc.end();
  await ended;
  const content = Buffer.concat(chunks).toString('latin1');
  const side = Math.ceil((size + 20) * PX);
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  let squares = 0;
  for (const m of content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)) {
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    squares++;
    for (let py = Math.round(y * PX); py < Math.round((y + h) * PX); py++)
      for (let px = Math.round(x * PX); px < Math.round((x + w) * PX); px++) data.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
  }
  expect(squares).toBeGreaterThan(50);
  return { data, side };
}

it.each([
  `http://192.168.1.10:3000/v/${randomBytes(18).toString('base64url')}`,
  `https://lumbung.rutan-blora.example.go.id/v/${randomBytes(18).toString('base64url')}`,
  'http://localhost:3000/v/000000000000000000000000',
])('a QR code drawn on a page reads back as its link: %s', async (url) => {
  const { data, side } = await qrBitmap(url, 60);
  expect(jsQR(data, side, side)?.data).toBe(url);
});
