// Reads a generated PDF back: its pages' text (pdfjs, no system package) and page sizes.
import type request from 'supertest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  text: string;
  width: number;
  height: number;
  /** Each piece of text with its baseline in PDF points, measured from the bottom of the page. */
  items: Array<{ str: string; x: number; y: number; w: number; h: number }>;
}

/** The page count, and the text, size and text positions of the pages asked for (all by default). */
export async function readPdf(pdf: Uint8Array, pages?: number[]): Promise<{ count: number; pages: PdfPage[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const out: PdfPage[] = [];
  for (const n of pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1)) {
    const page = await doc.getPage(n);
    const items = (await page.getTextContent()).items.flatMap((i) =>
      'str' in i && i.str.trim() ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number, w: i.width, h: i.height }] : [],
    );
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    out.push({
      text: items
        .map((i) => i.str)
        .join(' ')
        .replace(/\s+/g, ' '),
      width: x1 - x0,
      height: y1 - y0,
      items,
    });
  }
  const count = doc.numPages;
  await doc.destroy();
  return { count, pages: out };
}

export async function pdfPages(pdf: Uint8Array): Promise<PdfPage[]> {
  return (await readPdf(pdf)).pages;
}

/** A supertest parser that keeps a binary body (a PDF) as a Buffer. */
export function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
