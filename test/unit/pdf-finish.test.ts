// A document is ended in turns of the event loop: with every page kept open (for "Halaman X dari
// Y"), PDFKit's end() compressed all the pages and embedded all the fonts in one turn, and a
// monthly report held every other request for 55–60 ms (issue 19).
import { expect, it } from 'vitest';
import { FONT_PATHS, markContent, newDocument, toBuffer, withoutNewPages, type Doc } from '../../src/lib/pdf.ts';
import { turnCounter } from '../support/event-loop.ts';
import { readPdf } from '../support/pdf.ts';

const PAGES = 8;

/** `gathered: false` leaves PDFKit's own writing of the pages' content in place. */
function draw({ gathered = true } = {}): Doc {
  const doc = newDocument('a4', { title: 'Uji', bufferPages: true, margin: 40, createdAt: new Date('2026-11-30T03:00:00Z') });
  if (!gathered) doc.removeAllListeners('pageAdded');
  for (let p = 1; p <= PAGES; p++) {
    doc.addPage();
    doc.font(FONT_PATHS.bold).fontSize(14).text(`Bagian ${p}`);
    doc.font(FONT_PATHS.regular).fontSize(10).text('Terong, cabai, tomat dan lele — '.repeat(40));
    // A page longer than a block, and lines of every length.
    for (let i = 0; i < 5000; i++) doc.rect(40 + (i % 50), 500 + i / 8, 1 + (i % 97) / 7, 1).fill(i % 2 ? '#1f6b3a' : 'black');
  }
  for (let p = 0; p < PAGES; p++) {
    doc.switchToPage(p);
    doc
      .font(FONT_PATHS.condensed)
      .fontSize(8)
      .text(`Halaman ${p + 1} dari ${PAGES}`, 40, 800, { lineBreak: false });
  }
  return doc;
}

/** The bytes of PDFKit's own end(), in one turn. */
function endedAtOnce(doc: Doc): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

it('ends a document of kept pages a page and a font per turn, byte for byte what ending it at once writes', async () => {
  const turns = turnCounter();
  let inTurns: Buffer;
  try {
    inTurns = await toBuffer(draw());
  } finally {
    // Eight pages and three fonts: one turn each (ended at once, no turn at all).
    expect(turns.stop()).toBeGreaterThanOrEqual(PAGES + 3);
  }
  // A final report must print the same bytes years later: the objects keep PDFKit's own order.
  expect(inTurns.equals(await endedAtOnce(draw()))).toBe(true);
  const pdf = await readPdf(inTurns);
  expect(pdf.count).toBe(PAGES);
  expect(pdf.pages[7]!.text).toContain('Bagian 8');
  expect(pdf.pages[7]!.text).toContain('Halaman 8 dari 8');
});

it('writes each page’s content in blocks outside the heap, byte for byte what PDFKit writes itself', async () => {
  const plain = draw({ gathered: false });
  const [gathered, own] = [await toBuffer(draw()), await toBuffer(plain)];
  expect(gathered.equals(own)).toBe(true);
  expect((await readPdf(gathered)).pages[3]!.text).toContain('Halaman 4 dari 8');
});

// A receipt is drawn first and taken back if it does not fit its frame (issue 19: measuring every
// line before drawing it cost a third of the drawing again).
it('takes a page back to a mark, byte for byte as if nothing had been drawn since, over more than a block', async () => {
  const draw = (tryFirst: boolean) => {
    const doc = newDocument('a4', { title: 'Uji', createdAt: new Date('2026-11-30T03:00:00Z') });
    doc.addPage();
    doc.font(FONT_PATHS.regular).fontSize(10).text('Sebelum', 40, 40);
    if (tryFirst) {
      const takeBack = markContent(doc);
      // The same glyphs as below (a font's subset keeps the order of first use), another size,
      // another colour, and more content than a block holds.
      doc.fontSize(30).fillColor('#b3171d').text('Sesudahnya', 40, 300);
      for (let i = 0; i < 12_000; i++) doc.rect(i % 500, i / 20, 1 + (i % 7), 1).fill(i % 2 ? '#1f6b3a' : 'black');
      // A mark inside a mark (a sheet of two receipts), taken back first, then the outer one.
      const inner = markContent(doc);
      doc.save().fillColor('#e9efe9').rect(10, 10, 50, 50).fill().restore();
      for (let i = 0; i < 12_000; i++) doc.rect(i % 300, i / 30, 2, 1).fill('#4d4d4d');
      inner();
      doc.text('Sesudahnya', 40, 500);
      takeBack();
    }
    // Written with the font, size, colour and cursor of before the mark.
    doc.text('Sesudahnya');
    return doc;
  };
  const [taken, plain] = [await toBuffer(draw(true)), await toBuffer(draw(false))];
  expect(taken.equals(plain)).toBe(true);
  expect((await readPdf(taken)).pages[0]!.text).toBe('Sebelum Sesudahnya');
});

it('keeps text that runs past the bottom of the page on that page and says so, and then lets PDFKit add pages again', async () => {
  const long = 'Terong, cabai, tomat dan lele.\n'.repeat(120);
  const doc = newDocument('a4', { title: 'Uji' });
  doc.addPage();
  expect(withoutNewPages(doc, () => doc.text('Satu baris', 40, 40)).overflowed).toBe(false);
  expect(withoutNewPages(doc, () => doc.text(long, 40, 700)).overflowed).toBe(true);
  expect(Object.hasOwn(doc, 'continueOnNewPage')).toBe(false);
  expect((await readPdf(await toBuffer(doc))).count).toBe(1);

  const flowing = newDocument('a4', { title: 'Uji' });
  flowing.addPage();
  withoutNewPages(flowing, () => flowing.text('Satu baris', 40, 40));
  flowing.text(long, 40, 700);
  expect((await readPdf(await toBuffer(flowing))).count).toBeGreaterThan(1);
});
