// Reads a generated PDF back: its pages' text (pdfjs, no system package) and page sizes.
import type request from 'supertest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPages(pdf: Uint8Array): Promise<{ text: string; width: number; height: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
    const [x0, y0, x1, y1] = page.view;
    pages.push({ text, width: x1! - x0!, height: y1! - y0! });
  }
  await doc.destroy();
  return pages;
}

/** A supertest parser that keeps a binary body (a PDF) as a Buffer. */
export function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
