import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sheetsToCsv, sheetsToXlsx, wrappedLines, type Sheet } from '../../src/lib/sheets.ts';
import { datesHeld, downloadName } from '../../src/web/downloads.ts';
import { parseCsv } from '../support/csv-read.ts';

afterEach(() => vi.useRealTimers());

describe('XLSX downloads', () => {
  it('the same sheets give the same bytes at another time of day (a final report downloaded again)', async () => {
    const sheets = [
      { name: 'Produksi', columns: [{ header: 'Komoditas' }, { header: 'Hasil (kg)', kind: 'kg' as const }], rows: [['Terong', 12_500]] },
    ];
    const created = new Date('2025-11-03T02:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T01:00:00Z'));
    const a = await sheetsToXlsx(sheets, { created });
    vi.setSystemTime(new Date('2026-11-24T09:30:17Z'));
    const b = await sheetsToXlsx(sheets, { created });
    expect(a.equals(b)).toBe(true);
  });
});

async function readBack(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('XLSX print setup', () => {
  const sheets: Sheet[] = [
    {
      name: 'Produksi',
      title: 'Produksi panen Oktober 2026 — RUMAH TAHANAN NEGARA KELAS IIB BLORA, Kantor Wilayah Jawa Tengah',
      totalRow: true,
      columns: [
        { header: 'Komoditas', width: 14 },
        { header: 'Jumlah panen (kali)', kind: 'int', width: 9 },
        { header: 'Perubahan (%)', kind: 'pct', width: 10 },
      ],
      rows: [
        ['Terong', 3, 0.5],
        ['Jumlah', 3, 0.5],
      ],
    },
    {
      name: 'Panen',
      columns: [
        { header: 'No', kind: 'int', width: 6 },
        { header: 'Catatan', width: 20 },
      ],
      rows: [[1, 'Catatan panjang tentang panen hari ini yang cukup panjang']],
    },
  ];

  it('every sheet prints A4 landscape, fitted to the page width, its header row repeated on every page', async () => {
    const wb = await readBack(await sheetsToXlsx(sheets));
    for (const [ws, header] of [
      [wb.getWorksheet('Produksi')!, 2],
      [wb.getWorksheet('Panen')!, 1],
    ] as const) {
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${header}:${header}`,
      });
      expect(ws.headerFooter.oddFooter).toContain('Halaman &P dari &N');
    }
  });

  it('the header row is as tall as its headers wrap, the title is wrapped over the table, a long note grows its row', async () => {
    const wb = await readBack(await sheetsToXlsx(sheets));
    const prod = wb.getWorksheet('Produksi')!;
    // "Jumlah panen (kali)" in a column 9 wide: three lines of 15 pt, not one row of 15 over the data below.
    expect(prod.getRow(2).height).toBeGreaterThanOrEqual(45);
    expect(prod.getRow(2).getCell(2).alignment).toMatchObject({ wrapText: true });
    // The title is longer than the table is wide: merged over its columns, wrapped, and given the lines it needs.
    expect(prod.getCell('A1').isMerged && prod.getCell('C1').master.address).toBe('A1');
    expect(prod.getCell('A1').alignment).toMatchObject({ wrapText: true });
    expect(prod.getRow(1).height).toBeGreaterThanOrEqual(3 * 15);
    const panen = wb.getWorksheet('Panen')!;
    expect(panen.getRow(2).height).toBeGreaterThanOrEqual(3 * 15);
    expect(panen.getCell('B2').alignment).toMatchObject({ wrapText: true });
  });

  it('a column has the same name in the CSV and the XLSX', async () => {
    const csv = parseCsv(sheetsToCsv(sheets));
    const wb = await readBack(await sheetsToXlsx(sheets));
    expect(csv[1]).toEqual(['Komoditas', 'Jumlah panen (kali)', 'Perubahan (%)']);
    expect((wb.getWorksheet('Produksi')!.getRow(2).values as unknown[]).slice(1)).toEqual(csv[1]);
    expect(csv[2]).toEqual(['Terong', '3', '50']);
  });

  it('a time of day is a spreadsheet time (a fraction of a day with a time format), and HH:MM text in CSV', async () => {
    const timed: Sheet[] = [{ name: 'Panen', columns: [{ header: 'Jam (WIB)', kind: 'time' }], rows: [['07:30'], [null]] }];
    const buf = await sheetsToXlsx(timed);
    const xml = await (await JSZip.loadAsync(buf)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toMatch(/<c r="A2" s="\d+"><v>0\.3125<\/v><\/c>/);
    const cell = (await readBack(buf)).worksheets[0]!.getCell('A2');
    expect(cell.numFmt).toBe('hh:mm');
    expect(cell.value).toEqual(new Date(Date.UTC(1899, 11, 30, 7, 30)));
    expect(parseCsv(sheetsToCsv(timed))[1]).toEqual(['07:30']);
  });

  it('wraps text by words as a spreadsheet does', () => {
    expect(wrappedLines('Jumlah panen (kali)', 8)).toBe(3);
    expect(wrappedLines('Terong', 8)).toBe(1);
    expect(wrappedLines('satu\ndua', 40)).toBe(2);
    expect(wrappedLines('TT/RTNBLORA/2026/000123', 10)).toBe(3);
  });
});

describe('download names', () => {
  const sheet = (days: Array<string | null>): Sheet[] => [
    {
      name: 'Panen',
      columns: [
        { header: 'No', kind: 'int' },
        { header: 'Tanggal', kind: 'date' },
      ],
      rows: days.map((d, i) => [i + 1, d]),
    },
  ];

  it('are the dates the file holds, first to last, whatever their order', () => {
    expect(datesHeld(sheet(['2026-10-28', '2026-10-01', null, '2026-10-15']))).toEqual(['2026-10-01', '2026-10-15', '2026-10-28']);
    expect(downloadName('panen', '2026-10-01', '2026-10-28')).toBe('panen_2026-10-01_2026-10-28');
    expect(downloadName('panen', '2026-10-05', '2026-10-05')).toBe('panen_2026-10-05');
    expect(downloadName('panen', null, undefined)).toBe('panen_kosong');
    expect(downloadName('Tanda Terima', '2026-10-01', null)).toBe('tanda-terima_2026-10-01_akhir');
  });
});
