// Receipts are drawn with stable fonts: every font starts with the same glyphs, so two receipts
// whose text needs no others embed the same font file, cut and compressed once per process
// (cutting each receipt's subset anew was a sixth of its drawing time, issue 19).
import fs from 'node:fs';
import zlib from 'node:zlib';
import * as fontkit from 'fontkit';
import { afterEach, expect, it, vi } from 'vitest';
import { FONT_PATHS, newDocument, toBuffer } from '../../src/lib/pdf.ts';
import { readPdf } from '../support/pdf.ts';

type Pdf = typeof import('../../src/lib/pdf.ts');

// Every TrueType subset of fontkit, the app's own included, shares this prototype.
const dejavu = fontkit.create(fs.readFileSync(FONT_PATHS.regular)) as unknown as { createSubset(): object };
const subsetProto = Object.getPrototypeOf(dejavu.createSubset()) as { encode(): unknown };
const cuts = vi.spyOn(subsetProto, 'encode');
afterEach(() => vi.useRealTimers());

function receiptLike(pdf: Pick<Pdf, 'newDocument'>, name: string, stableFonts = true) {
  const doc = pdf.newDocument('a4', { title: 'Uji', stableFonts, createdAt: new Date('2026-11-30T03:00:00Z') });
  doc.addPage();
  doc.font(FONT_PATHS.bold).fontSize(14).text(`Penerima: ${name}`, 40, 40);
  // Ligatures (fi, ffl) and the receipts' own marks (— · • ✂) are in the stable glyphs too.
  doc.font(FONT_PATHS.regular).fontSize(10).text('Bukti fisik, baffle — 3316••••0001 · ✂ potong', 40, 80);
  return doc;
}

/** Each embedded font file of a PDF, inflated: the objects /FontFile2 points to. */
function fontFiles(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/FontFile2 (\d+) 0 R/g)].map(([, id]) => {
    const at = text.indexOf(`\n${id} 0 obj`);
    const start = text.indexOf('stream\n', at) + 'stream\n'.length;
    const dict = text.slice(at, start);
    const bytes = pdf.subarray(start, start + Number(/\/Length (\d+)/.exec(dict)![1]));
    // Inflated only when the dictionary says so, as a reader does.
    return dict.includes('/Filter /FlateDecode') ? zlib.inflateSync(bytes) : bytes;
  });
}

it('cuts a stable font once for all documents that need no other glyphs, byte for byte what cutting it anew writes', async () => {
  const first = await toBuffer(receiptLike({ newDocument }, 'Siti Aminah'));
  const afterFirst = cuts.mock.calls.length;
  expect(afterFirst).toBeGreaterThanOrEqual(2);

  // Another name, the same glyphs: no font is cut again.
  const second = await toBuffer(receiptLike({ newDocument }, 'Budi Santoso'));
  expect(cuts.mock.calls.length).toBe(afterFirst);
  // The kept files are embedded as PDFKit embeds its own: the same bytes as a plain end().
  const own = await new Promise<Buffer>((resolve) => {
    const doc = receiptLike({ newDocument }, 'Budi Santoso');
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
  expect(second.equals(own)).toBe(true);
  expect(first.equals(second)).toBe(false);

  // A fresh process's copy of the module (nothing kept) cuts it again, into the same bytes.
  vi.resetModules();
  const fresh = (await import('../../src/lib/pdf.ts')) as Pdf;
  const again = await fresh.toBuffer(receiptLike(fresh, 'Budi Santoso'));
  expect(cuts.mock.calls.length).toBeGreaterThan(afterFirst);
  expect(again.equals(second)).toBe(true);

  // The kept files are whole TrueType fonts, with every stable glyph.
  const files = fontFiles(second);
  expect(files).toHaveLength(2);
  for (const file of files) expect((fontkit.create(file) as unknown as { numGlyphs: number }).numGlyphs).toBeGreaterThan(100);
  const text = (await readPdf(second)).pages[0]!.text;
  expect(text).toContain('Penerima: Budi Santoso');
  expect(text).toContain('Bukti fisik, baffle');
  expect(text).toContain('3316••••0001 · ✂ potong');
});

it('still embeds a glyph outside the stable ones, and reads it back', async () => {
  const before = cuts.mock.calls.length;
  const pdf = await toBuffer(receiptLike({ newDocument }, 'Nguyễn Thị Ánh'));
  expect(cuts.mock.calls.length).toBeGreaterThan(before);
  expect((await readPdf(pdf)).pages[0]!.text).toContain('Penerima: Nguyễn Thị Ánh');
});

it('leaves a document without stable fonts as PDFKit embeds it: only the glyphs it uses', async () => {
  const stable = await toBuffer(receiptLike({ newDocument }, 'Siti Aminah'));
  const own = await toBuffer(receiptLike({ newDocument }, 'Siti Aminah', false));
  // The stable one carries every printable ASCII glyph of two fonts.
  expect(stable.length).toBeGreaterThan(own.length + 4000);
  expect((await readPdf(own)).pages[0]!.text).toContain('Penerima: Siti Aminah');
});
