import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/lib/csv.ts';
import { sheetsToCsv, sheetsToXlsx, type Sheet } from '../../src/lib/sheets.ts';
import { writeCsv, writeXlsx, type StreamSheet } from '../../src/lib/sheets-stream.ts';

/** A sink that keeps what it is given, and calls `onChunk` with each write. */
function sink(onChunk?: () => void) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 4096,
    write(chunk: Buffer, _enc, cb) {
      onChunk?.();
      chunks.push(Buffer.from(chunk));
      // A slow client: the writer must wait for it.
      setImmediate(cb);
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function* fromArray(rows: Cell[][]): AsyncGenerator<Cell[]> {
  for (const r of rows) yield r;
}

const sheets: Sheet[] = [
  {
    name: 'Produksi',
    title: 'Produksi panen Oktober 2026 — RUMAH TAHANAN NEGARA KELAS IIB BLORA',
    totalRow: true,
    columns: [
      { header: 'Komoditas', width: 14 },
      { header: 'Jumlah panen (kali)', kind: 'int', width: 9 },
      { header: 'Berat (kg)', kind: 'kg' },
      { header: 'Perubahan (%)', kind: 'pct', width: 10 },
      { header: 'Nilai', kind: 'rp' },
    ],
    rows: [
      ['Terong', 3, 12_500, 0.5, 15000],
      ['=Cabai; "merah"\nbaris dua', 1, 250, null, 0],
      ['Jumlah', 4, 12_750, 0.5, 15000],
    ],
  },
  {
    name: 'Panen',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'Tanggal', kind: 'date', width: 12 },
      { header: 'Jam (WIB)', kind: 'time', width: 10 },
      { header: 'Catatan', width: 20 },
    ],
    rows: [
      [1, '2026-10-01', '07:30', 'Catatan panjang tentang panen hari ini yang cukup panjang'],
      [2, '2026-10-02', null, ''],
    ],
  },
];

/** Every cell of every sheet with what a spreadsheet shows of it, and the sheet's layout. */
async function cellsOf(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      cells.push({ r, height: row.height });
      row.eachCell({ includeEmpty: true }, (c) =>
        cells.push({
          at: c.address,
          value: c.value,
          // The in-memory title (merged cells) takes the last column's number format: text, no matter.
          numFmt: r === 1 && ws.getCell('A1').isMerged ? null : c.numFmt,
          bold: Boolean(c.font?.bold),
          size: c.font?.size,
          alignment: c.alignment,
          master: c.master.address,
        }),
      );
    });
    return {
      name: ws.name,
      widths: ws.columns.map((c) => c.width),
      views: ws.views,
      pageSetup: ws.pageSetup,
      footer: ws.headerFooter.oddFooter,
      cells,
    };
  });
}

describe('streamed downloads', () => {
  it('an XLSX written row by row has the same cells, formats, widths and print setup as the one made in memory', async () => {
    const { out, bytes } = sink();
    const streamed: StreamSheet[] = sheets.map((s, i) => (i === 0 ? s : { ...s, rows: fromArray(s.rows) }));
    await writeXlsx(out, streamed, { title: 'Laporan' });
    expect(await cellsOf(bytes())).toEqual(await cellsOf(await sheetsToXlsx(sheets, { title: 'Laporan' })));
  });

  it('a CSV written a few lines at a time is the same bytes as the one made at once', async () => {
    const long: Sheet = {
      name: 'Panen',
      columns: sheets[1]!.columns,
      rows: Array.from({ length: 1234 }, (_, i) => [i + 1, '2026-10-01', '07:30', i % 7 ? `Catatan ${i}` : '-minus\r\nbaru']),
    };
    for (const set of [sheets, [long]]) {
      const { out, bytes } = sink();
      await writeCsv(
        out,
        set.map((s) => ({ ...s, rows: fromArray(s.rows) })),
      );
      expect(bytes().toString('utf8')).toBe(sheetsToCsv(set));
    }
  });

  it('rows are read as the file is written, not all first: at most a few hundred ahead of what the client has', async () => {
    let produced = 0;
    const aheadAtWrite: number[] = [];
    let written = 0;
    async function* rows(): AsyncGenerator<Cell[]> {
      for (let i = 1; i <= 20_000; i++) {
        produced++;
        yield [i, '2026-10-01', '07:30', `Catatan ${i}`];
      }
    }
    const { out, bytes } = sink(() => aheadAtWrite.push(produced - written));
    const orig = out.write.bind(out);
    // What was handed to the response so far, counted in data lines.
    out.write = ((chunk: string, ...rest: never[]) => {
      written += (chunk.match(/\r\n/g) ?? []).length;
      return orig(chunk, ...rest);
    }) as typeof out.write;
    await writeCsv(out, [{ ...sheets[1]!, rows: rows() }]);
    expect(bytes().toString('utf8').split('\r\n')).toHaveLength(20_002);
    expect(Math.max(...aheadAtWrite)).toBeLessThanOrEqual(500);
  });

  it('an XLSX goes out while its rows are read, not piled up uncompressed until the end', async () => {
    let received = 0;
    let receivedAtHalf = -1;
    const { out } = sink();
    const orig = out.write.bind(out);
    out.write = ((chunk: Buffer, ...rest: never[]) => {
      received += chunk.length;
      return orig(chunk, ...rest);
    }) as typeof out.write;
    // A source that never waits (as a batch read from SQLite): the writer itself must let the zip work.
    async function* rows(): AsyncGenerator<Cell[]> {
      for (let i = 1; i <= 60_000; i++) {
        if (i === 30_000) receivedAtHalf = received;
        yield [i, '2026-10-01', '07:30', `Catatan panen nomor ${i} dari kebun blok ${i % 40}`];
      }
    }
    await writeXlsx(out, [{ ...sheets[1]!, rows: rows() }]);
    // Half the rows are about 700 kB compressed; the first half must have reached the client by then.
    expect(receivedAtHalf).toBeGreaterThan(received / 4);
  });

  it('200 000 rows go out as XLSX and CSV in a process with a 64 MB heap', () => {
    const run = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', 'test/support/stream-big.ts', '200000'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { csvLines: number; xlsxBytes: number };
    expect(result.csvLines).toBe(200_001);
    expect(result.xlsxBytes).toBeGreaterThan(1_000_000);
  }, 150_000);
});
