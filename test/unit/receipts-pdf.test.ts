import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import sharp from 'sharp';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReceiptData, ReceiptLayout } from '../../src/features/receipts/receipts.types.ts';
import { renderReceipts, streamReceipts } from '../../src/features/receipts/receipts.pdf.ts';
import { turnCounter } from '../support/event-loop.ts';
import { readPdf, type PdfPage } from '../support/pdf.ts';
import { sampleReceipt } from '../../src/features/receipts/receipts.sample.ts';

// The PDFs are read back with pdfjs (no system package): the text of each page, where each piece
// of text sits, and the page size. `npx tsx scripts/sample-receipts.ts <dir>` writes PDFs to look at.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-receipts-'));
const logo = path.join(dir, 'logo.png');

beforeAll(async () => {
  await sharp({ create: { width: 160, height: 160, channels: 3, background: '#1f6b3a' } })
    .png()
    .toFile(logo);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sample = (over: Partial<ReceiptData> = {}) => sampleReceipt(logo, over);

const family = sample();
const voided = sample({
  number: 'TT/RTNBLORA/2024/000102',
  status: 'batal',
  voidReason: 'Jumlah cabai salah tulis; diganti tanda terima baru.',
  copyNo: 2,
  footerLine: 'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari · cetakan ke-2 · Lumbung',
});
const reprint = sample({
  number: 'TT/RTNBLORA/2024/000103',
  eventLine: 'Penyaluran langsung (tanpa kegiatan)',
  copyNo: 3,
  head: null,
  second: {
    name: 'Panti Asuhan Yatim Piatu Darul Aitam Blora',
    nik: '–',
    category: 'Lembaga',
    inmateLine: null,
    address: 'Jl. Ahmad Yani No. 30, Gang Masjid Baiturrahman belakang pasar, Desa/Kel. Mlangsen, Kec. Blora, Kab. Blora, Jawa Tengah',
  },
  items: ['Terong', 'Cabai', 'Tomat', 'Lele', 'Kangkung', 'Bayam'].map((c, i) => ({
    no: i + 1,
    commodity: c,
    quantity: '12,25',
    unit: 'kg',
    note: i === 3 ? '80 ekor; segar, dikemas dalam 4 kantong plastik' : '',
  })),
  totalLine: 'Jumlah: sayur 61,25 kg · ikan 12,25 kg (80 ekor)',
  replacesLine: 'Pengganti tanda terima TT/RTNBLORA/2024/000102 yang dibatalkan.',
});

type Page = PdfPage;
const read = readPdf;

const render = async (receipts: ReceiptData[], layout: ReceiptLayout) => read(await renderReceipts(receipts, layout));
const size = (p: Page) => [Math.round(p.width), Math.round(p.height)];

/**
 * The text of each receipt on a page (one, or the halves of a sheet), checking on the way that
 * nothing crosses the cut line or leaves the paper, and that the print line closes each receipt.
 */
function receiptsOn(page: Page, perPage: 1 | 2): Array<Page['items']> {
  const half = page.height / 2;
  const items = page.items.filter((i) => !/potong|✂/.test(i.str));
  for (const i of items) {
    if (perPage === 2) expect(i.y > half || i.y + i.h < half, i.str).toBe(true);
    expect(i.y, i.str).toBeGreaterThan(0);
    expect(i.x + i.w, i.str).toBeLessThan(page.width);
  }
  const groups = perPage === 1 ? [items] : [items.filter((i) => i.y > half), items.filter((i) => i.y < half)].filter((g) => g.length);
  for (const g of groups) {
    const footer = g.find((i) => i.str.startsWith('Dicetak'))!;
    expect(Math.min(...g.filter((i) => i !== footer).map((i) => i.y))).toBeGreaterThan(footer.y + footer.h);
  }
  return groups;
}
const joined = (items: Page['items']) => items.map((i) => i.str).join(' ');

describe('receipt PDF', () => {
  it('a logo file that is not a readable image leaves the letterhead without it, and the receipt still prints', async () => {
    const broken = path.join(dir, 'logo-rusak.png');
    fs.writeFileSync(broken, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 65)]));
    const pdf = await renderReceipts([sampleReceipt(broken)], { paper: 'a4', perPage: 1 });
    const { count, pages } = await readPdf(pdf);
    expect(count).toBe(1);
    expect(pages[0]!.text).toContain('RUMAH TAHANAN NEGARA KELAS IIB BLORA');
    expect(pages[0]!.text).toContain('TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN');
  });

  it('a receipt on one A4 page shows its number, both parties, the items with totals, the signatures and the QR caption', async () => {
    const { count, pages } = await render([family], { paper: 'a4', perPage: 1 });
    expect(count).toBe(1);
    expect(size(pages[0]!)).toEqual([595, 842]);
    const t = pages[0]!.text;
    for (const s of [
      'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
      'TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN',
      'Nomor: TT/RTNBLORA/2024/000101',
      'Selasa, dua puluh empat Desember dua ribu dua puluh empat (24-12-2024)',
      'Panen Raya Nasional Serentak',
      'PIHAK KESATU',
      'PIHAK KEDUA',
      'Dewi Lestari',
      '199001052015032002',
      'Staf Distribusi',
      'Siti Aminah',
      '3316••••••••0001',
      'Desa/Kel. Karangjati',
      'Keluarga WBP kurang mampu',
      'Ahmad Fauzi (BI.123/2025), Hubungan: Istri',
      'No',
      'Komoditas',
      'Jumlah',
      'Satuan',
      'Keterangan',
      'Lele',
      '2,5',
      '15 ekor; segar',
      'Jumlah: sayur 7 kg · ikan 2,5 kg (15 ekor)',
      'Diterima tahun 2024 (sampai tanda terima ini)',
      'Blora, 24 Desember 2024',
      'Yang Menyerahkan',
      'Yang Menerima',
      'Cap jempol',
      'Mengetahui',
      'Kepala Rutan Kelas IIB Blora',
      'Budi Hardiono',
      'NIP 196808171990031003',
      'Pindai untuk memeriksa keaslian',
      'Dicetak 23/11/2026 10.15 WIB oleh Dewi Lestari',
    ])
      expect(t).toContain(s);
    expect(t).not.toContain('SALINAN');
    expect(t).not.toContain('BATAL');
  });

  it('a reprint is marked SALINAN with its print count, and a voided receipt prints BATAL with the reason, on F4', async () => {
    const { count, pages } = await render([voided, reprint], { paper: 'f4', perPage: 1 });
    expect(count).toBe(2);
    expect(size(pages[0]!)).toEqual([609, 935]);
    expect(pages[0]!.text).toContain('SALINAN — cetakan ke-2');
    expect(pages[0]!.text).toContain('DIBATALKAN: Jumlah cabai salah tulis; diganti tanda terima baru.');
    // The diagonal BATAL is drawn as outlines (seen, not text): the words of the receipt say it.
    expect(pages[0]!.items.some((i) => i.str === 'BATAL')).toBe(false);
    expect(pages[1]!.text).toContain('SALINAN — cetakan ke-3');
    expect(pages[1]!.text).not.toContain('BATAL');
    expect(pages[1]!.text).toContain('Pengganti tanda terima TT/RTNBLORA/2024/000102 yang dibatalkan.');
    expect(pages[1]!.text).toContain('Bayam');
    expect(pages[1]!.text).toContain('Jumlah: sayur 61,25 kg · ikan 12,25 kg (80 ekor)');
  });

  it('a preview says PRATINJAU — BUKAN CETAKAN ASLI across and above the receipt, never SALINAN; a voided one still BATAL', async () => {
    const look = sample({ copyNo: null, footerLine: 'Pratinjau 23/11/2026 10.15 WIB oleh Sugito — bukan cetakan asli · Lumbung' });
    const lookVoid = { ...voided, copyNo: null };
    for (const perPage of [1, 2] as const) {
      const { pages } = await render([look, lookVoid], { paper: 'a4', perPage });
      const text = pages.map((p) => p.text).join(' ');
      expect(text.match(/PRATINJAU — BUKAN CETAKAN ASLI/g)).toHaveLength(2);
      expect(text).not.toContain('SALINAN');
      // The diagonal words are drawn as outlines: none of their letters is in the text.
      expect(pages.flatMap((p) => p.items).filter((i) => ['PRATINJAU', 'BATAL'].includes(i.str) || i.h > 30)).toEqual([]);
      for (const p of pages) for (const i of p.items) expect(i.x + i.w, i.str).toBeLessThan(p.width);
    }
  });

  it('a receipt without a head on record keeps the Mengetahui block, with dots where the name goes', async () => {
    const { pages } = await render([reprint], { paper: 'a4', perPage: 1 });
    expect(pages[0]!.text).toContain('Mengetahui, Kepala Rutan');
    expect(pages[0]!.text).toMatch(/\(\.{10,}\)/);
  });

  for (const paper of ['a4', 'f4'] as const) {
    it(`two receipts share a ${paper.toUpperCase()} sheet, each inside its half: three receipts make two sheets`, async () => {
      // The longest receipt on top: were it not fitted, it would run over the cut line.
      const { count, pages } = await render([reprint, family, voided], { paper, perPage: 2 });
      expect(count).toBe(2);
      const [sheet, second] = pages as [Page, Page];
      expect(size(sheet)).toEqual(paper === 'a4' ? [595, 842] : [609, 935]);
      expect(sheet.text).toContain('potong di sini');
      const [top, bottom] = receiptsOn(sheet, 2).map(joined);
      expect(top).toContain('TT/RTNBLORA/2024/000103');
      expect(top).toContain('SALINAN — cetakan ke-3');
      expect(top).toContain('Bayam');
      expect(bottom).toContain('TT/RTNBLORA/2024/000101');
      expect(bottom).toContain('Budi Hardiono');
      receiptsOn(second, 2);
      expect(second.text).toContain('TT/RTNBLORA/2024/000102');
      expect(second.text).toContain('DIBATALKAN: Jumlah cabai salah tulis');
    });
  }

  it('a receipt with many items and long notes still fits its page or its half in every layout, drawn once', async () => {
    const long = sample({
      items: Array.from({ length: 14 }, (_, i) => ({
        no: i + 1,
        commodity: `Sayuran campuran jenis ke-${i + 1}`,
        quantity: '1.234,5',
        unit: 'kg',
        note: 'segar, dipanen pagi hari dan dikemas dalam kantong plastik',
      })),
    });
    for (const paper of ['a4', 'f4'] as const) {
      for (const perPage of [1, 2] as const) {
        const { count, pages } = await render([long, long], { paper, perPage });
        expect(count).toBe(perPage === 1 ? 2 : 1);
        for (const p of pages) {
          // Drawn first at the layout's scale, it did not fit: nothing of that first drawing is left.
          for (const r of receiptsOn(p, perPage)) {
            expect(joined(r).match(/Sayuran campuran jenis ke-14/g)).toHaveLength(1);
            expect(joined(r).match(/TANDA TERIMA BANTUAN/g)).toHaveLength(1);
          }
        }
      }
    }
  });

  it('renders a 500-receipt event into one PDF, two receipts per sheet', async () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      sample({ number: `TT/RTNBLORA/2024/${String(i + 1).padStart(6, '0')}`, verifyUrl: `http://192.168.1.10:3000/v/token${i}` }),
    );
    const { count, pages } = await read(await renderReceipts(many, { paper: 'a4', perPage: 2 }), [250]);
    expect(count).toBe(250);
    expect(pages[0]!.text).toContain('TT/RTNBLORA/2024/000499');
    expect(pages[0]!.text).toContain('TT/RTNBLORA/2024/000500');
  });
});

describe('a long print (an event of hundreds of receipts)', () => {
  it('lets other requests through while it draws, a page at a time, with the same pages', async () => {
    const many = Array.from({ length: 24 }, (_, i) => sample({ number: `TT/RTNBLORA/2024/${String(200 + i).padStart(6, '0')}` }));
    // Timers set before the print must run before it ends: the server answers others meanwhile.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const started = setImmediate(() => ticks++);
    const pdf = await renderReceipts(many, { paper: 'a4', perPage: 2 });
    const ticksDuring = ticks;
    clearInterval(timer);
    clearImmediate(started);
    expect(ticksDuring).toBeGreaterThan(1);
    const read = await readPdf(pdf);
    expect(read.count).toBe(12);
    expect(read.pages[11]!.text).toContain('TT/RTNBLORA/2024/000223');
  });

  const original = PDFDocument.prototype.text;
  const numbered = (n: number, from = 300) =>
    Array.from({ length: n }, (_, i) => sample({ number: `TT/RTNBLORA/2024/${String(from + i).padStart(6, '0')}` }));
  async function* oneByOne(receipts: ReceiptData[], pulled: { n: number }) {
    for (const r of receipts) {
      pulled.n++;
      yield r;
    }
  }
  /** Where a streamed print goes: its chunks, each write taken at once unless `hold` is set. */
  const sink = (hold = false) => {
    const chunks: Buffer[] = [];
    const held: Array<() => void> = [];
    const out = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        if (hold) held.push(() => done());
        else done();
      },
    });
    return { out, chunks, held, release: () => ((hold = false), held.splice(0).forEach((f) => f())) };
  };

  it('no turn of the event loop draws more than one receipt: others get a turn between the two halves of a sheet', async () => {
    const many = numbered(12);
    await renderReceipts(many.slice(0, 2), { paper: 'a4', perPage: 2 }); // the warm-up, out of the count
    // Each receipt writes its own number once when drawn (measuring writes nothing).
    const turns = turnCounter();
    const drawnIn = new Map<number, Set<string>>();
    const text = vi.spyOn(PDFDocument.prototype, 'text').mockImplementation(function (this: PDFKit.PDFDocument, ...args) {
      const str = String(args[0]);
      if (str.startsWith('Nomor: TT/RTNBLORA/')) drawnIn.set(turns.now(), (drawnIn.get(turns.now()) ?? new Set()).add(str));
      return original.apply(this, args);
    });
    try {
      for (const perPage of [1, 2] as const) {
        drawnIn.clear();
        const { out } = sink();
        await streamReceipts(many[0]!, oneByOne(many.slice(1), { n: 0 }), many.length, { paper: 'a4', perPage }, out);
        const perTurn = [...drawnIn.values()].map((numbers) => numbers.size);
        expect(
          perTurn.reduce((a, b) => a + b, 0),
          `${perPage} per sheet`,
        ).toBe(many.length);
        // Both halves of a sheet in one turn held every other user for up to 105 ms.
        expect(Math.max(...perTurn), `${perPage} per sheet`).toBe(1);
      }
    } finally {
      turns.stop();
      text.mockRestore();
    }
  });

  it("a streamed print is written a sheet at a time, not in PDFKit's thousands of pieces, and reads whole", async () => {
    const many = numbered(24);
    const { out, chunks } = sink();
    await streamReceipts(many[0]!, oneByOne(many.slice(1), { n: 0 }), many.length, { paper: 'a4', perPage: 2 }, out);
    // One write per sheet, plus the file's head and its tail (fonts, cross-reference).
    expect(chunks.length).toBeLessThanOrEqual(12 + 3);
    const pdf = await readPdf(Buffer.concat(chunks));
    expect(pdf.count).toBe(12);
    expect(pdf.pages[11]!.text).toContain('TT/RTNBLORA/2024/000323');
  });

  it('a client that does not take the bytes holds the drawing: the server does not draw the print ahead into memory', async () => {
    const many = numbered(40);
    const { out, chunks, held, release } = sink(true);
    const pulled = { n: 0 };
    const done = streamReceipts(many[0]!, oneByOne(many.slice(1), pulled), many.length, { paper: 'a4', perPage: 2 }, out);
    while (!held.length) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
    // The receipts of the first sheet or two were read (the file's head may go out with the second);
    // nothing more is drawn until the client takes what it was sent.
    expect(pulled.n).toBeLessThanOrEqual(4);
    release();
    await done;
    expect(pulled.n).toBe(39);
    const pdf = await readPdf(Buffer.concat(chunks));
    expect(pdf.count).toBe(20);
  });
});
