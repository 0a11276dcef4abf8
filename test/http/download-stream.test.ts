// Downloads far longer than one batch: complete, the same rows in CSV and XLSX, named after the
// dates they hold; and a download that fails half-way breaks the connection instead of ending as a
// short file that looks whole.
import ExcelJS from 'exceljs';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_ROWS } from '../../src/lib/batches.ts';
import type { Cell } from '../../src/lib/csv.ts';
import { sendSheets } from '../../src/lib/sheets-stream.ts';
import { login as loginOver } from '../../scripts/large/bench-http.ts';
import { addUser, CABAI, login, makeTestApp, PASSWORD, TERONG, type Agent, type TestApp } from '../support/app.ts';
import { insertRows } from '../support/bulk.ts';
import { parseCsv } from '../support/csv-read.ts';
import { binary } from '../support/pdf.ts';

const ROWS = 5 * BATCH_ROWS + 123;
let t: TestApp;
let user: Agent;

beforeAll(async () => {
  t = await makeTestApp();
  const uid = await addUser(t.db, 'petugas', ['petugas']);
  // Thousands of movements in a moment, spread over 2023-01-01 … 2024-05-xx, eleven a day.
  await insertRows(
    t.db,
    'stock_movements',
    Array.from({ length: ROWS }, (_, value) => ({
      commodity_id: value % 2 ? TERONG : CABAI,
      moved_on: new Date(Date.UTC(2023, 0, 1 + Math.floor(value / 11))).toISOString().slice(0, 10),
      kind: 'harvest' as const,
      qty_g: 1000 + value,
      heads: 0,
      created_at: '2023-01-01T00:00:00.000Z',
      created_by: uid,
    })),
  );
  user = await login(t.app, 'petugas');
});
afterAll(() => t.close());

describe('a list many batches long', () => {
  it('downloads complete, in the list order, the same rows in CSV and XLSX, named after its first and last day', async () => {
    const csvRes = await user.get('/stock/movements/export.csv').buffer(true).parse(binary);
    expect(csvRes.status).toBe(200);
    const last = `2023-01-01`;
    const first = new Date(Date.UTC(2023, 0, 1 + Math.floor((ROWS - 1) / 11))).toISOString().slice(0, 10);
    expect(csvRes.headers['content-disposition']).toContain(`pergerakan-stok_${last}_${first}.csv`);
    const csv = parseCsv((csvRes.body as Buffer).toString('utf8'));
    expect(csv).toHaveLength(ROWS + 1);
    expect(csv.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    // Newest first, each movement once.
    const days = csv.slice(1).map((r) => r[1]!);
    expect([...days].sort().reverse()).toEqual(days);
    expect(new Set(csv.slice(1).map((r) => r[4])).size).toBe(ROWS);

    const xlsxRes = await user.get('/stock/movements/export.xlsx').buffer(true).parse(binary);
    expect(xlsxRes.status).toBe(200);
    expect(xlsxRes.headers['content-disposition']).toContain(`pergerakan-stok_${last}_${first}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxRes.body as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(ROWS + 1);
    const asCsv = (v: ExcelJS.CellValue, col: number): string =>
      v instanceof Date
        ? v.toISOString().slice(0, 10)
        : v === null || v === undefined
          ? ''
          : col === 5
            ? String(v).replace('.', ',')
            : String(v);
    // Across batch boundaries (a row n is the (n-1)th of the list: the first row is the header).
    for (const n of [1, 2, BATCH_ROWS, BATCH_ROWS + 1, BATCH_ROWS + 2, 3 * BATCH_ROWS + 7, ROWS + 1]) {
      const cells = Array.from(ws.getRow(n).values as ExcelJS.CellValue[]).slice(1);
      expect(
        cells.map((v, i) => asCsv(v, i + 1)),
        `row ${n}`,
      ).toEqual(csv[n - 1]!.slice(0, cells.length));
    }
    expect(ws.getCell(2, 5).numFmt).toBe('#,##0.0##');
  });

  it('a filtered list is named after the filter', async () => {
    const res = await user.get('/stock/movements/export.csv?from=2023-02-01&to=2023-02-28').buffer(true).parse(binary);
    expect(res.headers['content-disposition']).toContain('pergerakan-stok_2023-02-01_2023-02-28.csv');
    expect(parseCsv((res.body as Buffer).toString('utf8')).length).toBe(1 + 28 * 11);
  });
});

describe('a download the client gives up', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`(${format}) leaves the server answering`, async () => {
      const server = t.app.listen(0);
      try {
        const port = (server.address() as AddressInfo).port;
        const { cookie } = await loginOver(`http://127.0.0.1:${port}`, 'petugas', PASSWORD, '/harvests/new');
        await new Promise<void>((resolve, reject) => {
          const req = http.get({ port, path: `/stock/movements/export.${format}`, headers: { cookie } }, (res) => {
            expect(res.statusCode).toBe(200);
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', (e) => (e.message.includes('socket hang up') ? resolve() : reject(e)));
        });
        await new Promise((r) => setTimeout(r, 200));
        expect((await user.get('/stock/movements').expect(200)).text).toContain('Pergerakan');
      } finally {
        server.close();
      }
    });
  }
});

describe('a download that fails', () => {
  function appWith(rows: () => AsyncGenerator<Cell[]>, format: 'csv' | 'xlsx') {
    const app = express();
    app.get('/file', (_req, res, next) => {
      sendSheets(res, format, 'daftar', [
        { name: 'Daftar', columns: [{ header: 'No', kind: 'int' }, { header: 'Teks' }], rows: rows() },
      ]).catch(next);
    });
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (!res.headersSent) res.status(500).send('Terjadi kesalahan');
    });
    return app;
  }

  async function* brokenAfter(n: number): AsyncGenerator<Cell[]> {
    for (let i = 1; i <= n; i++) yield [i, `baris ${i}`];
    throw new Error('batch gagal dibaca');
  }

  for (const format of ['csv', 'xlsx'] as const) {
    it(`after the file began (${format}): the connection is broken, not ended as a short file`, async () => {
      const res = await request(appWith(() => brokenAfter(3000), format))
        .get('/file')
        .buffer(true)
        .parse(binary)
        .then(
          (r) => ({ ok: true as const, status: r.status, length: (r.body as Buffer).length }),
          (e: Error) => ({ ok: false as const, error: e.message }),
        );
      expect(res).toMatchObject({ ok: false });
    });

    it(`before anything was sent (${format}): the ordinary error page`, async () => {
      const res = await request(appWith(() => brokenAfter(0), format)).get('/file');
      expect(res.status).toBe(500);
      expect(res.text).toBe('Terjadi kesalahan');
    });
  }
});
