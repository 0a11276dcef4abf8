import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandover } from '../../src/features/distributions/distributions.service.ts';
import { createEvent } from '../../src/features/events/events.service.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { currentMonth } from '../../src/features/reports/reports.archive.ts';
import { shiftMonth } from '../../src/lib/time.ts';
import { addSignatory, saveSettings } from '../../src/features/settings/settings.service.ts';
import { recordOutflow } from '../../src/features/stock/stock.service.ts';
import { formatMonth } from '../../src/lib/format.ts';
import { parseCsv } from '../support/csv-read.ts';
import { binary, readPdf } from '../support/pdf.ts';
import {
  addLocation,
  addRecipient,
  addUser,
  CABAI,
  formPage,
  login,
  makeTestApp,
  stockOf,
  submit,
  TERONG,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';

let t: TestApp;
let admin: Agent;
let pimpinan: Agent;
let staf: Agent;
let adminId: number;
let plot: number;
/** Two months ago: over, so it can be finalised. */
const month = shiftMonth(currentMonth(), -2);
const day = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
let harvestId: number;
let handoverId: number;

const LOCKED = `Laporan bulan ${formatMonth(month)} sudah final`;

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  await addUser(t.db, 'staf', ['staf']);
  [admin, pimpinan, staf] = [await login(t.app, 'admin'), await login(t.app, 'pimpinan'), await login(t.app, 'staf')];
  plot = await addLocation(t.db, 'Lahan Blok A');
  await saveSettings(
    t.db,
    t.files,
    {
      unit_name: 'RUTAN KELAS IIB BLORA',
      unit_code: 'RTNBLORA',
      ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN',
      kanwil_line: 'KANWIL JAWA TENGAH',
      address: 'Jl. Pemuda 12, Blora',
      city: 'Blora',
      phone: null,
      email: null,
      paper_size: 'a4',
      receipts_per_page: 1,
    },
    { logo: null, removeLogo: false, effectiveFrom: '2020-01-01' },
    adminId,
  );
  const head = { position: 'kepala_rutan' as const, title: 'Kepala Rutan Kelas IIB Blora' };
  await addSignatory(
    t.db,
    { ...head, name: 'Budi Hardiono', nip: '196808171990031003', valid_from: '2020-01-01', valid_to: null },
    adminId,
  );
  // A new head from the first of next month: the report of `month` is still Budi's.
  await addSignatory(
    t.db,
    { ...head, name: 'Sugito', nip: '197505052000031002', valid_from: `${shiftMonth(month, 1)}-01`, valid_to: null },
    adminId,
  );

  const h = (commodity: number, d: number, grams: number) =>
    createHarvest(
      t.db,
      {
        commodity_id: commodity,
        location_id: plot,
        weight_g: grams,
        heads: null,
        grade: null,
        harvest_date: day(d),
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
  harvestId = (await h(TERONG, 3, 12_500)).id;
  await h(CABAI, 4, 2_000);
  await recordOutflow(
    t.db,
    {
      kind: 'sale',
      commodity_id: TERONG,
      out_date: day(5),
      qty_g: 2_000,
      heads: null,
      amount_rp: 24_000,
      party: 'Pasar Blora',
      note: null,
      form_token: token(),
    },
    adminId,
  );
  const r = await addRecipient(t.db, { name: 'Keluarga Slamet', category: 'keluarga_wbp', household_size: 4 });
  handoverId = (
    await createHandover(
      t.db,
      {
        recipient_id: r,
        event_id: null,
        handed_on: day(6),
        officer_id: adminId,
        note: null,
        replaces_id: null,
        form_token: token(),
        // Two commodities on one receipt: counted once in a total of receipts, twice if added up per commodity.
        items: [
          { commodity_id: TERONG, qty_g: 1_000, heads: null, note: null },
          { commodity_id: CABAI, qty_g: 500, heads: null, note: null },
        ],
      },
      adminId,
    )
  ).id;
});
afterAll(() => t.close());

async function download(agent: Agent, path: string) {
  const res = await agent.get(path).buffer(true).parse(binary);
  return {
    status: res.status,
    type: String(res.headers['content-type']),
    name: String(res.headers['content-disposition']),
    body: res.body as Buffer,
  };
}

async function workbook(agent: Agent): Promise<ExcelJS.Workbook> {
  const x = await download(agent, `/reports/${month}/report.xlsx`);
  expect(x.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as unknown as ArrayBuffer);
  return wb;
}

describe('monthly report downloads', () => {
  it('the draft PDF carries the letterhead, month, KONSEP, figures, page numbers and the head in office that month', async () => {
    const pdf = await download(pimpinan, `/reports/${month}/report.pdf?paper=a4`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    expect(pdf.name).toContain(`laporan-bulanan_${month}_konsep.pdf`);
    const { count, pages } = await readPdf(pdf.body);
    const text = pages.map((p) => p.text).join(' ');
    expect(pages[0]).toMatchObject({ width: expect.closeTo(595.28, 1), height: expect.closeTo(841.89, 1) });
    expect(text).toContain('LAPORAN BULANAN PROGRAM KETAHANAN PANGAN');
    expect(text).toContain(`Bulan ${formatMonth(month)}`);
    expect(text).toContain('RUTAN KELAS IIB BLORA');
    expect(text).toContain('KONSEP');
    expect(text).toContain('12,5'); // terong harvested, kg
    expect(text).toContain('Rp 24.000'); // PNBP
    expect(text).toContain('1 paket kepada 1 KK melalui penyaluran langsung');
    expect(text).toContain('Mengetahui,');
    expect(text).toContain('Budi Hardiono');
    expect(text).toContain('NIP 196808171990031003');
    expect(text).not.toContain('Sugito');
    expect(text).toContain(`Halaman 1 dari ${count}`);
    expect(text).toContain(`Halaman ${count} dari ${count}`);
  });

  it('F4 paper on request', async () => {
    const pdf = await download(admin, `/reports/${month}/report.pdf?paper=f4`);
    const { pages } = await readPdf(pdf.body, [1]);
    expect(pages[0]).toMatchObject({ width: expect.closeTo(609.45, 1), height: expect.closeTo(935.43, 1) });
  });

  it('the XLSX holds the same tables, quantities as numbers', async () => {
    const x = await download(pimpinan, `/reports/${month}/report.xlsx`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining(['Ringkasan', 'Produksi', 'Per lokasi', 'Neraca stok', 'Pemanfaatan', 'Penerima', 'Kegiatan', 'Pembatalan']),
    );
    const prod = wb.getWorksheet('Produksi')!;
    expect(prod.getRow(2).values).toEqual(expect.arrayContaining(['Komoditas', 'Hasil (kg)']));
    const terong = prod.getRows(3, 4)!.find((r) => r.getCell(1).value === 'Terong')!;
    expect(terong.getCell(3).value).toBe(12.5);
    const loc = wb.getWorksheet('Per lokasi')!;
    // One column per commodity, in the commodities' order.
    expect((loc.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['Lahan / kolam', 'Terong', 'Cabai', 'Tomat', 'Lele']);
    const bal = wb.getWorksheet('Neraca stok')!;
    const row = bal.getRows(3, 3)!.find((r) => r.getCell(1).value === 'Terong')!;
    // Stok awal, Panen, Penyaluran, Penjualan, … Stok akhir (after Dapur, Susut, Hibah, Opname).
    expect([2, 3, 4, 6, 10].map((c) => row.getCell(c).value)).toEqual([0, 12.5, 1, 2, 9.5]);
  });

  it('the XLSX prints as an office prints it: A4 landscape, fitted to the width, header repeated and tall enough, title wrapped', async () => {
    const wb = await workbook(pimpinan);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '2:2',
      });
      expect(ws.getCell('A1').alignment, ws.name).toMatchObject({ wrapText: true });
      expect(ws.getRow(2).height, ws.name).toBeGreaterThanOrEqual(15);
    }
    // "Jumlah panen (kali)" wraps on three lines; the row is not the 15 pt that made it overlap the first figures.
    expect(wb.getWorksheet('Produksi')!.getRow(2).height).toBeGreaterThanOrEqual(45);
    // The title of the summary is longer than its two columns are wide: two lines.
    expect(wb.getWorksheet('Ringkasan')!.getRow(1).height).toBeGreaterThanOrEqual(30);
  });

  it('prints one page per table: in LibreOffice when it is installed, else by the page setup of every sheet', async () => {
    const x = await download(pimpinan, `/reports/${month}/report.xlsx`);
    const wb = await workbook(pimpinan);
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.status !== 0) {
      // No office suite here: one page wide and as long as needed is what makes a short table one page.
      for (const ws of wb.worksheets) expect(ws.pageSetup, ws.name).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'lumbung-xlsx-'));
    try {
      writeFileSync(join(dir, 'laporan.xlsx'), x.body);
      // A profile of its own, so a test does not wait on (or disturb) another LibreOffice running.
      const run = spawnSync(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'laporan.xlsx')],
        { timeout: 120_000 },
      );
      expect(run.status).toBe(0);
      const { count, pages } = await readPdf(readFileSync(join(dir, 'laporan.pdf')));
      expect(count).toBe(wb.worksheets.length);
      expect(pages[0]!.width).toBeGreaterThan(pages[0]!.height);
      expect(pages[0]).toMatchObject({ width: expect.closeTo(841.89, 1), height: expect.closeTo(595.28, 1) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('a column has the same name in the CSV and the XLSX, sheet by sheet', async () => {
    const wb = await workbook(pimpinan);
    const lines = parseCsv((await download(pimpinan, `/reports/${month}/report.csv`)).body.toString('utf8'));
    // In the CSV each section is its title line, then its header line.
    const csvHeaders = lines.filter((_, i) => i > 0 && lines[i - 1]!.length === 1 && lines[i - 1]![0] !== '');
    expect(csvHeaders.length).toBe(wb.worksheets.length);
    wb.worksheets.forEach((ws, i) => expect((ws.getRow(2).values as unknown[]).slice(1), ws.name).toEqual(csvHeaders[i]));
    expect(csvHeaders.flat()).toContain('Perubahan (%)');
  });

  it('every total is the SUM of its column, or its label says what it counts', async () => {
    const wb = await workbook(pimpinan);
    let checked = 0;
    for (const name of ['Produksi', 'Per lokasi', 'Pemanfaatan', 'Penerima', 'Disalurkan', 'Pembinaan']) {
      const ws = wb.getWorksheet(name)!;
      const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
      const total = ws.getRow(ws.rowCount);
      const label = [1, 2].map((c) => String(total.getCell(c).value ?? '')).join(' ');
      expect(label, name).toMatch(/^\s*Jumlah/);
      headers.forEach((h, i) => {
        const c = total.getCell(i + 1);
        if (typeof c.value !== 'number' || String(c.numFmt).includes('%') || h === 'No') return;
        let sum = 0;
        for (let r = 3; r < ws.rowCount; r++) sum += Number(ws.getRow(r).getCell(i + 1).value ?? 0);
        checked++;
        if (Math.abs(sum - c.value) > 1e-9) expect(label.toLowerCase(), `${name}: ${h}`).toContain(h.toLowerCase());
      });
    }
    expect(checked).toBeGreaterThan(15);
    // The one receipt handed out terong and cabai: 1 receipt, not 2.
    const dist = wb.getWorksheet('Disalurkan')!;
    expect(dist.getRow(dist.rowCount).getCell(4).value).toBe(1);
  });

  it('the CSV has every table as a section, in Excel-Indonesia form', async () => {
    const c = await download(pimpinan, `/reports/${month}/report.csv`);
    const text = c.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('Komoditas;Jumlah panen (kali);Hasil (kg)');
    expect(text).toMatch(/Terong;1;12,5;/);
  });

  it('only admin and pimpinan may download; a month not yet begun or malformed is a 404', async () => {
    expect((await staf.get(`/reports/${month}/report.pdf`)).status).toBe(403);
    expect((await pimpinan.get(`/reports/${shiftMonth(currentMonth(), 1)}/report.pdf`)).status).toBe(404);
    expect((await pimpinan.get('/reports/2026-13/report.pdf')).status).toBe(404);
    expect((await pimpinan.get('/reports/../report.pdf')).status).toBe(404);
    expect((await pimpinan.get('/reports?month=abc')).status).toBe(200);
  });
});

describe('finalising a month', () => {
  it('refuses without the confirmation, and refuses the month still running', async () => {
    const res = await submit(pimpinan, `/reports?month=${month}`, `/reports/${month}/finalise`, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain('Centang pernyataan');
    expect(res.text).toContain('id="f-confirm" aria-invalid="true" aria-describedby="f-confirm-err"');
    const now = await submit(pimpinan, '/reports', `/reports/${currentMonth()}/finalise`, { confirm: '1' });
    expect(now.status).toBe(422);
    expect(now.text).toContain('belum selesai');
    expect(await t.db.selectFrom('monthly_reports').selectAll().execute()).toEqual([]);
    expect((await submit(staf, '/', `/reports/${month}/finalise`, { confirm: '1' })).status).toBe(403);
  });

  it('freezes the figures: the final PDF is the same bytes every time, and later records do not change it', async () => {
    const res = await submit(pimpinan, `/reports?month=${month}`, `/reports/${month}/finalise`, { confirm: '1' });
    expect(res.status).toBe(303);
    const first = await download(pimpinan, `/reports/${month}/report.pdf?paper=a4`);
    expect(first.name).toContain('_final.pdf');
    const text = (await readPdf(first.body)).pages.map((p) => p.text).join(' ');
    expect(text).toContain('FINAL — difinalkan');
    expect(text).not.toContain('KONSEP');
    // A record slipped in behind the lock's back (straight into the table) does not reach the frozen report.
    await t.db.updateTable('harvests').set({ weight_g: 99_000 }).where('id', '=', harvestId).execute();
    const again = await download(admin, `/reports/${month}/report.pdf?paper=a4`);
    expect(again.body.equals(first.body)).toBe(true);
    await t.db.updateTable('harvests').set({ weight_g: 12_500 }).where('id', '=', harvestId).execute();
    const x1 = await download(admin, `/reports/${month}/report.xlsx`);
    const x2 = await download(pimpinan, `/reports/${month}/report.xlsx`);
    expect(x1.body.equals(x2.body)).toBe(true);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'monthly_report').execute();
    expect(audit.map((a) => a.action)).toEqual(['finalise']);
    expect((await submit(admin, `/reports?month=${month}`, `/reports/${month}/finalise`, { confirm: '1' })).text).toContain('sudah final');
  });

  it('a locked month refuses a harvest edit, a back-dated harvest, an outflow, a void and a stock count, and changes nothing', async () => {
    const stock = await stockOf(t.db, TERONG);
    const edit = await submit(admin, `/harvests/${harvestId}/edit`, `/harvests/${harvestId}`, {
      commodity_id: String(TERONG),
      location_id: String(plot),
      weight_g: '13',
      harvest_date: day(3),
      harvest_time: '07:00',
      reason: 'salah timbang',
    });
    expect(edit.status).toBe(422);
    expect(edit.text).toContain(LOCKED);
    const voidHarvest = await submit(admin, `/harvests/${harvestId}`, `/harvests/${harvestId}/void`, { reason: 'dobel' });
    expect(voidHarvest.status).toBe(422);
    expect(voidHarvest.text).toContain(LOCKED);
    expect(voidHarvest.text).not.toContain('sudah keluar dari stok');
    const f = await formPage(staf, '/stock/outflows/new?kind=kitchen');
    const out = await staf
      .post('/stock/outflows')
      .type('form')
      .send({ _csrf: f.csrf, form_token: f.formToken, kind: 'kitchen', commodity_id: String(TERONG), qty_g: '1', out_date: day(20) });
    expect(out.status).toBe(422);
    expect(out.text).toContain(LOCKED);
    const h = await formPage(admin, '/harvests/new');
    const back = await admin
      .post('/harvests')
      .type('form')
      .send({
        _csrf: h.csrf,
        form_token: h.formToken,
        commodity_id: String(TERONG),
        location_id: String(plot),
        weight_g: '1',
        harvest_date: day(21),
        harvest_time: '08:00',
      });
    expect(back.status).toBe(422);
    expect(back.text).toContain(LOCKED);
    const voidReceipt = await submit(staf, `/distributions/${handoverId}`, `/distributions/${handoverId}/void`, { reason: 'salah orang' });
    expect(voidReceipt.status).toBe(422);
    expect(voidReceipt.text).toContain(LOCKED);
    const c = await formPage(admin, '/stock/counts/new');
    const count = await admin
      .post('/stock/counts')
      .type('form')
      .send({
        _csrf: c.csrf,
        form_token: c.formToken,
        commodity_id: String(TERONG),
        count_date: day(28),
        counted_g: '1',
        reason: 'opname',
      });
    expect(count.status).toBe(422);
    expect(count.text).toContain(LOCKED);

    // An earlier month is locked too: the final month's opening stock is the sum of everything before it.
    const before = shiftMonth(month, -1);
    const h2 = await formPage(admin, '/harvests/new');
    const earlier = await admin
      .post('/harvests')
      .type('form')
      .send({
        _csrf: h2.csrf,
        form_token: h2.formToken,
        commodity_id: String(TERONG),
        location_id: String(plot),
        weight_g: '7',
        harvest_date: `${before}-28`,
        harvest_time: '08:00',
      });
    expect(earlier.status).toBe(422);
    expect(earlier.text).toContain(
      `stok awalnya dihitung dari semua catatan sebelumnya, sehingga catatan bertanggal ${formatMonth(before)} tidak dapat lagi`,
    );

    // An event of the month keeps the name its receipts were printed with.
    const event = await createEvent(
      t.db,
      { name: 'Bakti Sosial', kind: 'bakti_sosial', event_date: day(15), place: 'Aula', note: null },
      adminId,
    );
    const rename = await submit(staf, `/events/${event}/edit`, `/events/${event}`, {
      name: 'Nama Baru',
      kind: 'bakti_sosial',
      event_date: day(15),
      place: 'Aula',
      note: '',
    });
    expect(rename.status).toBe(422);
    expect(rename.text).toContain(LOCKED);
    expect((await t.db.selectFrom('events').select('name').where('id', '=', event).executeTakeFirstOrThrow()).name).toBe('Bakti Sosial');

    expect(await stockOf(t.db, TERONG)).toEqual(stock);
    expect(await t.db.selectFrom('harvests').select(['weight_g', 'status']).where('id', '=', harvestId).executeTakeFirstOrThrow()).toEqual({
      weight_g: 12_500,
      status: 'active',
    });
    expect((await t.db.selectFrom('distributions').select('status').where('id', '=', handoverId).executeTakeFirstOrThrow()).status).toBe(
      'active',
    );
    expect(await t.db.selectFrom('outflows').selectAll().where('out_date', '=', day(20)).execute()).toEqual([]);
  });

  it('an earlier month can be finalised too, but reopened only after the later one', async () => {
    const before = shiftMonth(month, -1);
    expect((await submit(pimpinan, `/reports?month=${before}`, `/reports/${before}/finalise`, { confirm: '1' })).status).toBe(303);
    const refused = await submit(admin, `/reports?month=${before}`, `/reports/${before}/reopen`, { reason: 'koreksi' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(`Buka kembali laporan bulan ${formatMonth(month)} lebih dahulu`);
  });

  it('only an admin reopens, with a reason; then the month takes corrections and the report is a draft again', async () => {
    expect((await submit(pimpinan, `/reports?month=${month}`, `/reports/${month}/reopen`, { reason: 'koreksi' })).status).toBe(403);
    const noReason = await submit(admin, `/reports?month=${month}`, `/reports/${month}/reopen`, { reason: ' ' });
    expect(noReason.status).toBe(422);
    const ok = await submit(admin, `/reports?month=${month}`, `/reports/${month}/reopen`, { reason: 'Timbangan terong salah dicatat' });
    expect(ok.status).toBe(303);
    const edit = await submit(admin, `/harvests/${harvestId}/edit`, `/harvests/${harvestId}`, {
      commodity_id: String(TERONG),
      location_id: String(plot),
      weight_g: '13',
      harvest_date: day(3),
      harvest_time: '07:00',
      reason: 'salah timbang',
    });
    expect(edit.status).toBe(303);
    const pdf = await download(pimpinan, `/reports/${month}/report.pdf`);
    const text = (await readPdf(pdf.body)).pages.map((p) => p.text).join(' ');
    expect(text).toContain('KONSEP');
    // The correction is listed in the annex with before, after, reason and who.
    expect(text).toContain('Berat: 12,5 kg');
    expect(text).toContain('Berat: 13 kg');
    expect(text).toContain('salah timbang');
    const page = await admin.get(`/reports?month=${month}`);
    expect(page.text).toContain('Dibuka kembali');
    expect(page.text).toContain('Timbangan terong salah dicatat');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'monthly_report')
      .where('action', '=', 'reopen')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('Timbangan terong salah dicatat');
  });
});
