// The outflow kind "Hibah ke lembaga" (produce given to an institution without a receipt), added
// to the movement-kind registry as one entry: form, stock, history and export, dashboard, report.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { currentMonth } from '../../src/features/reports/reports.archive.ts';
import { shiftMonth } from '../../src/lib/time.ts';
import { formatDayShort } from '../../src/lib/format.ts';
import { wibDate } from '../../src/lib/time.ts';
import { parseCsv } from '../support/csv-read.ts';
import { binary, readPdf } from '../support/pdf.ts';
import { addLocation, addUser, formPage, login, makeTestApp, stockOf, TERONG, token, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let staf: Agent;
let pimpinan: Agent;
let adminId: number;
const month = shiftMonth(currentMonth(), -2);
const INSTITUTION = 'Panti Asuhan Al-Ikhlas';

async function grant(fields: Record<string, string>) {
  const f = await formPage(staf, '/stock/outflows/new?kind=grant');
  return staf
    .post('/stock/outflows')
    .type('form')
    .send({ _csrf: f.csrf, form_token: f.formToken, kind: 'grant', out_date: wibDate(), ...fields });
}

async function download(path: string) {
  const res = await pimpinan.get(path).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  [staf, pimpinan] = [await login(t.app, 'staf'), await login(t.app, 'pimpinan')];
  const plot = await addLocation(t.db, 'Lahan Blok A');
  for (const day of [`${month}-03`, wibDate()]) {
    await createHarvest(
      t.db,
      {
        commodity_id: TERONG,
        location_id: plot,
        weight_g: 10_000,
        heads: null,
        grade: null,
        harvest_date: day,
        harvest_time: '00:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
  }
});
afterAll(() => t.close());

describe('Hibah ke lembaga', () => {
  it('the stock page has its button and the form asks for the institution', async () => {
    expect((await staf.get('/stock')).text).toContain('href="/stock/outflows/new?kind=grant"');
    const form = await staf.get('/stock/outflows/new?kind=grant');
    expect(form.text).toContain('<h1>Hibah ke lembaga</h1>');
    expect(form.text).toMatch(/<label for="f-party">Nama lembaga penerima <span class="req"/);
    expect(form.text).not.toContain('name="amount_rp"');
  });

  it('without the institution it is refused with a message, and the typed values stay', async () => {
    const res = await grant({ commodity_id: String(TERONG), qty_g: '2', party: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tuliskan nama lembaga penerima hibah.');
    expect(res.text).toContain('value="2"');
    expect(await t.db.selectFrom('outflows').select('id').execute()).toEqual([]);
  });

  it('more than the stock on its date is refused with what was on hand', async () => {
    const res = await grant({ commodity_id: String(TERONG), qty_g: '21', party: INSTITUTION });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`Stok Terong tidak cukup. Pada ${formatDayShort(wibDate())} stok Terong hanya 20 kg, diminta 21 kg.`);
  });

  it('a valid grant takes stock out, keeps the institution, and shows in the history and its export', async () => {
    const res = await grant({ commodity_id: String(TERONG), qty_g: '1,5', party: INSTITUTION, note: 'PKS 2026' });
    expect(res.status).toBe(303);
    expect((await stockOf(t.db, TERONG)).g).toBe(18_500);
    const page = await staf.get(res.headers.location!);
    expect(page.text).toContain('Hibah ke lembaga #');
    expect(page.text).toContain(`<dt>Nama lembaga penerima</dt><dd>${INSTITUTION}</dd>`);
    const history = await staf.get('/stock/movements?kind=grant');
    expect(history.text).toContain('<option value="grant" selected>Hibah</option>');
    expect(history.text).toMatch(/<td>Hibah<\/td>/);
    const csv = parseCsv((await staf.get('/stock/movements/export.csv?kind=grant')).text);
    expect(csv.some((row) => row.includes('Hibah') && row.includes('-1,5'))).toBe(true);
  });

  it("the dashboard has its card with this month's kilos", async () => {
    const text = (await pimpinan.get('/dashboard')).text;
    expect(text).toContain('Hibah ke lembaga');
    expect(text).toContain('/stock/movements?kind=grant');
  });

  it('the monthly report has it in the balance line and the outflows, in the PDF, XLSX and CSV', async () => {
    const back = await grant({ commodity_id: String(TERONG), qty_g: '2,5', party: INSTITUTION, out_date: `${month}-10` });
    expect(back.status).toBe(303);
    const pdf = (await readPdf(await download(`/reports/${month}/report.pdf`))).pages.map((p) => p.text).join(' ');
    expect(pdf).toContain('− susut − hibah ± opname = stok akhir');
    expect(pdf).toContain('Hibah ke lembaga');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(`/reports/${month}/report.xlsx`)) as unknown as ArrayBuffer);
    const balance = wb.getWorksheet('Neraca stok')!;
    const header = balance.getRow(2).values as unknown[];
    expect(header).toContain('Hibah');
    const terong = balance.getRow(3).values as unknown[];
    expect(terong[header.indexOf('Hibah')]).toBe(2.5);
    expect(terong[header.indexOf('Stok akhir')]).toBe(7.5);

    // The page names the rupiah line after the report's own rupiah column (a sale, not a grant).
    const reportPage = (await pimpinan.get(`/reports?month=${month}`)).text;
    expect(reportPage).toContain('<dt>Penjualan (PNBP)</dt>');
    const csv = parseCsv((await download(`/reports/${month}/report.csv`)).toString('utf8'));
    expect(csv.find((r) => r[0] === 'Hibah ke lembaga')?.slice(0, 3)).toEqual(['Hibah ke lembaga', '1', '2,5']);
  });

  it('a grant voided by its maker the same day gives the stock back, and the record stays marked BATAL', async () => {
    const before = (await stockOf(t.db, TERONG)).g;
    const res = await grant({ commodity_id: String(TERONG), qty_g: '1', party: INSTITUTION });
    expect(res.status).toBe(303);
    expect((await stockOf(t.db, TERONG)).g).toBe(before - 1000);
    const page = await formPage(staf, res.headers.location!);
    const voided = await staf
      .post(`${res.headers.location!}/void`)
      .type('form')
      .send({ _csrf: page.csrf, reason: 'Lembaga membatalkan permintaan' });
    expect(voided.status).toBe(303);
    expect((await stockOf(t.db, TERONG)).g).toBe(before);
    const after = (await staf.get(res.headers.location!)).text;
    expect(after).toContain('BATAL');
    expect(after).toContain('Lembaga membatalkan permintaan');
  });

  it('the audit trail names it', async () => {
    const text = (await (await login(t.app, 'admin')).get('/audit')).text;
    expect(text).toContain('Hibah ke lembaga');
  });
});
