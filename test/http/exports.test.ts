import { parseCsv } from '../support/csv-read.ts';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { addSignatory, saveSettings } from '../../src/features/settings/settings.service.ts';
import { nowIso, wibDate } from '../../src/lib/time.ts';
import {
  CABAI,
  LELE,
  TERONG,
  addInmate,
  addLocation,
  addRecipient,
  addUser,
  csrfFrom,
  formPage,
  login,
  makeTestApp,
  submit,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';
import { binary } from '../support/pdf.ts';

let t: TestApp;
let admin: Agent;
let staf: Agent;
let pimpinan: Agent;
let petugas: Agent;
let adminId: number;
let stafId: number;
const lastYear = Number(wibDate().slice(0, 4)) - 1;
const day = (md: string) => `${lastYear}-${md}`;
const NIK = '3316015708900001';
const KK = '3316010203040777';
const TRAP = '=HYPERLINK("http://x","klik")';
let family = 0;
let trap = 0;
let eventId = 0;
const receipt = (n: number) => `TT/RTNBLORA/${lastYear}/${String(n).padStart(6, '0')}`;

/** The commodity columns every per-commodity table carries: id order, not the screens' sort order. */
const COMMODITY_HEADERS = ['Terong (kg)', 'Cabai (kg)', 'Tomat (kg)', 'Lele (kg)', 'Lele (ekor)', 'Kangkung (kg)'];

async function harvest(commodity: number, grams: number, date: string, heads: number | null = null, note: string | null = null) {
  const loc = await addLocation(t.db, `Lokasi ${token().slice(0, 6)}`, commodity === LELE ? 'kolam' : 'lahan');
  await createHarvest(
    t.db,
    {
      commodity_id: commodity,
      location_id: loc,
      weight_g: grams,
      heads,
      grade: 'A',
      harvest_date: date,
      harvest_time: '07:00',
      workers: [],
      note,
      form_token: token(),
    },
    adminId,
  );
}

async function handover(recipientId: number, fields: Record<string, string>): Promise<number> {
  const f = await formPage(staf, `/distributions/new?recipient=${recipientId}`);
  const res = await staf
    .post('/distributions')
    .type('form')
    .send({
      _csrf: f.csrf,
      form_token: f.formToken,
      recipient_id: String(recipientId),
      officer_id: String(stafId),
      ...fields,
    });
  expect(res.status).toBe(303);
  return Number(/\/distributions\/(\d+)/.exec(String(res.headers.location))![1]);
}

/** A download as raw bytes. */
async function download(agent: Agent, path: string) {
  return agent.get(path).buffer(true).parse(binary);
}

async function xlsx(agent: Agent, path: string): Promise<ExcelJS.Worksheet> {
  const res = await download(agent, path);
  expect(res.status, path).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ExcelJS.Buffer);
  return wb.worksheets[0]!;
}

const headersOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);

/** The data rows as objects keyed by header. */
function records(ws: ExcelJS.Worksheet): Array<Record<string, ExcelJS.Cell>> {
  const headers = headersOf(ws) as string[];
  const out: Array<Record<string, ExcelJS.Cell>> = [];
  ws.eachRow((row, n) => {
    if (n > 1) out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  });
  return out;
}

async function csv(agent: Agent, path: string): Promise<string[][]> {
  const res = await agent.get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  expect(res.text.charCodeAt(0)).toBe(0xfeff);
  return parseCsv(res.text.slice(1));
}

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  await addUser(t.db, 'petugas', ['petugas']);
  admin = await login(t.app, 'admin');
  staf = await login(t.app, 'staf');
  pimpinan = await login(t.app, 'pimpinan');
  petugas = await login(t.app, 'petugas');
  await saveSettings(
    t.db,
    t.files,
    {
      unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
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
  await addSignatory(
    t.db,
    { position: 'kepala_rutan', title: 'Kepala Rutan', name: 'Sugito', nip: null, valid_from: '2020-01-01', valid_to: null },
    adminId,
  );
  // Added last but sorted first on the screens: the downloads still put it after the others.
  const now = nowIso();
  await t.db
    .insertInto('commodities')
    .values({ name: 'Kangkung', kind: 'sayur', unit: 'kg', tracks_heads: 0, active: 0, sort_order: 0, created_at: now, updated_at: now })
    .execute();

  await harvest(TERONG, 20_000, day('11-01'));
  await harvest(TERONG, 2_500, day('11-20'), null, TRAP);
  await harvest(CABAI, 5_000, day('11-01'));
  await harvest(LELE, 10_000, day('11-01'), 60);

  const inmate = await addInmate(t.db, 'Budi Santoso', 'BI.123/2025');
  family = await addRecipient(t.db, {
    category: 'keluarga_wbp',
    name: 'Siti Aminah',
    nik: NIK,
    kk_number: KK,
    inmate_id: inmate,
    relation: 'istri',
  });
  trap = await addRecipient(t.db, { name: TRAP, nik: '3316011708900002', note: TRAP });
  await addRecipient(t.db, { category: 'lembaga', name: 'Panti Asuhan Harapan', nik: null, household_size: null });

  const ev = await submit(staf, '/events/new', '/events', {
    name: 'Bakti Sosial Desember',
    kind: 'bakti_sosial',
    event_date: day('12-10'),
    place: 'Aula Rutan',
  });
  eventId = Number(/\/events\/(\d+)/.exec(String(ev.headers.location))![1]);
  // TT …/000001 at the event, 000002 walk-in then voided, 000003 walk-in later in December.
  await handover(family, { event_id: String(eventId), handed_on: day('12-10'), qty_1: '1,5', qty_4: '2', heads_4: '12', note_4: 'segar' });
  const voided = await handover(trap, { event_id: String(eventId), handed_on: day('12-10'), qty_2: '0,5' });
  const page = await staf.get(`/distributions/${voided}`);
  expect(
    (
      await staf
        .post(`/distributions/${voided}/void`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), reason: 'Salah penerima' })
    ).status,
  ).toBe(303);
  await handover(trap, { handed_on: day('12-20'), qty_1: '1', note_1: TRAP });
});
afterAll(() => t.close());

describe('harvest downloads', () => {
  it('the Excel file has the CSV columns, kilograms as numbers and dates as dates, with the same filters', async () => {
    const csvRows = await csv(admin, `/harvests/export.csv?commodity=${TERONG}`);
    const ws = await xlsx(admin, `/harvests/export.xlsx?commodity=${TERONG}&from=${day('11-15')}&to=${day('11-30')}`);
    expect(headersOf(ws)).toEqual(csvRows[0]);
    const rows = records(ws);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['Berat (kg)']!.value).toBe(2.5);
    expect(rows[0]!['Berat (kg)']!.type).toBe(ExcelJS.ValueType.Number);
    expect(rows[0]!['Tanggal']!.value).toEqual(new Date(`${day('11-20')}T00:00:00Z`));
    expect(rows[0]!['Catatan']!.value).toBe(TRAP);
    expect(rows[0]!['Catatan']!.type).toBe(ExcelJS.ValueType.String);
    const res = await download(admin, `/harvests/export.xlsx?from=${day('11-15')}&to=${day('11-30')}`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename=panen_${day('11-15')}_${day('11-30')}.xlsx`);
  });

  it('Jam (WIB) is a time of day in Excel (a number with a time format), and HH:MM in CSV', async () => {
    const ws = await xlsx(admin, `/harvests/export.xlsx?commodity=${CABAI}`);
    const jam = records(ws)[0]!['Jam (WIB)']!;
    // exceljs reads a number with a time format back as a date on 30 December 1899, Excel's day zero.
    expect(jam.type).toBe(ExcelJS.ValueType.Date);
    expect(jam.value).toEqual(new Date(Date.UTC(1899, 11, 30, 7, 0)));
    expect(jam.numFmt).toBe('hh:mm');
    const lines = await csv(admin, `/harvests/export.csv?commodity=${CABAI}`);
    expect(lines[1]![3]).toBe('07:00');
  });

  it('the list links to both downloads with its filter', async () => {
    const page = await petugas.get(`/harvests?commodity=${TERONG}&from=${day('11-01')}`);
    expect(page.text).toContain(`href="/harvests/export.csv?from=${day('11-01')}&amp;commodity=${TERONG}&amp;status=active"`);
    expect(page.text).toContain(`href="/harvests/export.xlsx?from=${day('11-01')}&amp;commodity=${TERONG}&amp;status=active"`);
    expect(page.text).toContain('Unduh Excel');
  });
});

describe('stock movement downloads', () => {
  it('list the filtered ledger, signed, with the receipt number of a handover', async () => {
    const ws = await xlsx(petugas, `/stock/movements/export.xlsx?kind=distribution&commodity=${LELE}`);
    expect(headersOf(ws)).toEqual(['No', 'Tanggal', 'Komoditas', 'Jenis', 'Masuk / keluar (kg)', 'Ekor', 'Sumber', 'Dicatat oleh']);
    const rows = records(ws);
    expect(rows.map((r) => [r['Masuk / keluar (kg)']!.value, r['Ekor']!.value, r['Sumber']!.value])).toEqual([
      [-2, -12, `Tanda terima ${receipt(1)}`],
    ]);
    const lines = await csv(petugas, `/stock/movements/export.csv?kind=distribution&commodity=${CABAI}`);
    // The voided handover of cabai: the reversal first (newest), then the handover.
    expect(lines.slice(1).map((l) => [l[3], l[4]])).toEqual([
      ['Penyaluran bantuan (pembatalan)', '0,5'],
      ['Penyaluran bantuan', '-0,5'],
    ]);
    const page = await petugas.get('/stock/movements?kind=harvest');
    expect(page.text).toContain('href="/stock/movements/export.xlsx?kind=harvest"');
  });
});

describe('recipient downloads', () => {
  it('mask the NIK and the No. KK for staf and pimpinan, as the list does', async () => {
    const rows = await csv(staf, '/recipients/export.csv');
    expect(rows[0]).toEqual([
      'No',
      'Nama',
      'Kategori',
      'Hubungan dengan WBP',
      'NIK',
      'No. KK',
      'WBP terkait',
      'No. registrasi WBP',
      'Alamat',
      'RT/RW',
      'Desa / kelurahan',
      'Kecamatan',
      'Telepon',
      'Anggota keluarga',
      'Catatan',
      'Status',
      'Terdaftar',
    ]);
    const siti = rows.find((r) => r[1] === 'Siti Aminah')!;
    expect(siti.slice(2, 8)).toEqual([
      'Keluarga WBP kurang mampu',
      'Istri',
      '3316••••••••0001',
      '3316••••••••0777',
      'Budi Santoso',
      'BI.123/2025',
    ]);
    const ws = await xlsx(pimpinan, '/recipients/export.xlsx');
    const all = records(ws);
    expect(all.find((r) => r['Nama']!.value === 'Siti Aminah')!['NIK']!.value).toBe('3316••••••••0001');
    expect(JSON.stringify(ws.getSheetValues())).not.toContain(NIK);
    expect(JSON.stringify(ws.getSheetValues())).not.toContain(KK);
  });

  it('show the NIK whole to an admin, as text', async () => {
    const rows = records(await xlsx(admin, '/recipients/export.xlsx'));
    const nik = rows.find((r) => r['Nama']!.value === 'Siti Aminah')!['NIK']!;
    expect(nik.value).toBe(NIK);
    expect(nik.type).toBe(ExcelJS.ValueType.String);
    expect((await csv(admin, '/recipients/export.csv')).find((r) => r[1] === 'Siti Aminah')![4]).toBe(NIK);
    expect(rows.find((r) => r['Nama']!.value === 'Siti Aminah')!['No. KK']!.value).toBe(KK);
  });

  it('follow the search kept in the session and the category in the URL; the term never enters the URL', async () => {
    // A whole NIK: staf finds no one by a part of one.
    const res = await submit(staf, '/recipients', '/recipients/search', { q: NIK, category: 'keluarga_wbp' });
    expect(String(res.headers.location)).toBe('/recipients?category=keluarga_wbp');
    const page = await staf.get('/recipients?category=keluarga_wbp');
    expect(page.text).toContain('href="/recipients/export.xlsx?category=keluarga_wbp"');
    expect(page.text).not.toMatch(new RegExp(`export\\.(csv|xlsx)\\?[^"]*${NIK.slice(-4)}`));
    const rows = records(await xlsx(staf, '/recipients/export.xlsx?category=keluarga_wbp'));
    expect(rows.map((r) => r['Nama']!.value)).toEqual(['Siti Aminah']);
    const none = records(await xlsx(staf, '/recipients/export.xlsx?category=lembaga'));
    expect(none).toHaveLength(0);
    await submit(staf, '/recipients', '/recipients/search', { q: '' });
    const lembaga = await download(staf, '/recipients/export.csv?category=lembaga');
    expect(lembaga.headers['content-disposition']).toBe(`attachment; filename=penerima_${wibDate()}.csv`);
  });

  it('neutralise a formula typed as a name or note: quoted in CSV, plain text in Excel', async () => {
    const rows = await csv(staf, '/recipients/export.csv');
    const row = rows.find((r) => r[1]!.includes('HYPERLINK'))!;
    expect(row[1]).toBe(`'${TRAP}`);
    expect(row[14]).toBe(`'${TRAP}`);
    const cells = records(await xlsx(staf, '/recipients/export.xlsx')).find((r) => String(r['Nama']!.value).includes('HYPERLINK'))!;
    for (const c of [cells['Nama']!, cells['Catatan']!]) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.value).toBe(TRAP);
      expect(c.formula).toBeUndefined();
    }
  });

  it('are refused to petugas, like the list', async () => {
    expect((await petugas.get('/recipients/export.csv')).status).toBe(403);
    expect((await petugas.get('/recipients/export.xlsx')).status).toBe(403);
  });
});

describe('receipt downloads', () => {
  it('one row per receipt in number order, one column per commodity in id order, no NIK', async () => {
    const ws = await xlsx(pimpinan, '/distributions/export.xlsx');
    expect(headersOf(ws)).toEqual([
      'No',
      'Nomor tanda terima',
      'Tanggal',
      'Kegiatan',
      'Penerima',
      'Kategori',
      'WBP terkait',
      'Hubungan dengan WBP',
      'Petugas yang menyerahkan',
      'Status',
      'Alasan batal',
      ...COMMODITY_HEADERS,
    ]);
    const rows = records(ws);
    expect(rows.map((r) => r['Nomor tanda terima']!.value)).toEqual([receipt(1), receipt(2), receipt(3)]);
    const [first, second, third] = rows as [Record<string, ExcelJS.Cell>, Record<string, ExcelJS.Cell>, Record<string, ExcelJS.Cell>];
    expect(first['Terong (kg)']!.value).toBe(1.5);
    expect(first['Terong (kg)']!.type).toBe(ExcelJS.ValueType.Number);
    expect(first['Lele (kg)']!.value).toBe(2);
    expect(first['Lele (ekor)']!.value).toBe(12);
    expect(first['Cabai (kg)']!.value).toBeNull();
    expect(first['Tanggal']!.value).toEqual(new Date(`${day('12-10')}T00:00:00Z`));
    expect([first['Kegiatan']!.value, first['WBP terkait']!.value, first['Hubungan dengan WBP']!.value]).toEqual([
      'Bakti Sosial Desember',
      'Budi Santoso (BI.123/2025)',
      'Istri',
    ]);
    expect([second['Status']!.value, second['Alasan batal']!.value, second['Cabai (kg)']!.value]).toEqual(['Batal', 'Salah penerima', 0.5]);
    expect([third['Kegiatan']!.value, third['Status']!.value]).toEqual(['Penyaluran langsung', 'Sah']);
    expect(JSON.stringify(ws.getSheetValues())).not.toContain('3316');
  });

  it('follow the list filters and name the file after the dates', async () => {
    const res = await staf.get(`/distributions/export.csv?from=${day('12-01')}&to=${day('12-15')}&status=active`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename=tanda-terima_${day('12-01')}_${day('12-15')}.csv`);
    const lines = parseCsv(res.text.slice(1));
    expect(lines).toHaveLength(2);
    expect(lines[0]!.join(';')).toContain(';Terong (kg);Cabai (kg);Tomat (kg);Lele (kg);Lele (ekor);Kangkung (kg)');
    expect(lines[1]!.slice(1, 3)).toEqual([receipt(1), day('12-10')]);
    expect(lines[1]!.slice(11)).toEqual(['1,5', '', '', '2', '12', '']);
    const page = await staf.get(`/distributions?from=${day('12-01')}&status=active`);
    expect(page.text).toContain(`href="/distributions/export.xlsx?from=${day('12-01')}&amp;status=active"`);
    expect(page.text).toContain(`href="/distributions/items.csv?from=${day('12-01')}&amp;status=active"`);
  });

  it('the item download has one row per item line, with its note neutralised in CSV', async () => {
    const ws = await xlsx(staf, `/distributions/items.xlsx?event=${eventId}`);
    expect(headersOf(ws)).toEqual([
      'No',
      'Nomor tanda terima',
      'Tanggal',
      'Kegiatan',
      'Penerima',
      'Kategori',
      'Komoditas',
      'Berat (kg)',
      'Ekor',
      'Catatan',
      'Status',
    ]);
    expect(
      records(ws).map((r) => [
        r['Nomor tanda terima']!.value,
        r['Komoditas']!.value,
        r['Berat (kg)']!.value,
        r['Ekor']!.value,
        r['Catatan']!.value,
        r['Status']!.value,
      ]),
    ).toEqual([
      [receipt(1), 'Terong', 1.5, null, null, 'Sah'],
      [receipt(1), 'Lele', 2, 12, 'segar', 'Sah'],
      [receipt(2), 'Cabai', 0.5, null, null, 'Batal'],
    ]);
    const lines = await csv(staf, `/distributions/items.csv?from=${day('12-15')}`);
    expect(lines.slice(1).map((l) => [l[1], l[7], l[9]])).toEqual([[receipt(3), '1', `'${TRAP}`]]);
  });

  it('are refused to petugas', async () => {
    for (const path of [
      '/distributions/export.csv',
      '/distributions/export.xlsx',
      '/distributions/items.csv',
      '/distributions/items.xlsx',
    ]) {
      expect((await petugas.get(path)).status, path).toBe(403);
    }
  });
});

describe('event downloads', () => {
  it('each event with its valid receipts and the kilos they handed out per commodity', async () => {
    const ws = await xlsx(staf, `/events/export.xlsx?year=${lastYear}`);
    expect(headersOf(ws)).toEqual(['No', 'Tanggal', 'Kegiatan', 'Jenis', 'Tempat', 'Tanda terima sah', ...COMMODITY_HEADERS]);
    const rows = records(ws);
    expect(rows).toHaveLength(1);
    const e = rows[0]!;
    expect([e['Kegiatan']!.value, e['Jenis']!.value, e['Tempat']!.value, e['Tanda terima sah']!.value]).toEqual([
      'Bakti Sosial Desember',
      'Bakti Sosial',
      'Aula Rutan',
      1,
    ]);
    // The voided cabai is not counted.
    expect(COMMODITY_HEADERS.map((h) => e[h]!.value)).toEqual([1.5, null, null, 2, 12, null]);
    expect(records(await xlsx(staf, `/events/export.xlsx?year=${lastYear - 1}`))).toHaveLength(0);
    const res = await staf.get(`/events/export.csv?year=${lastYear}`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename=kegiatan_${lastYear}-01-01_${lastYear}-12-31.csv`);
    expect(res.text).toContain(`;${day('12-10')};Bakti Sosial Desember;Bakti Sosial;Aula Rutan;1;1,5;;;2;12;`);
    expect((await staf.get(`/events?year=${lastYear}`)).text).toContain(`href="/events/export.csv?year=${lastYear}"`);
    expect((await petugas.get('/events/export.xlsx')).status).toBe(403);
  });
});

describe('every download', () => {
  const paths = [
    '/harvests/export',
    '/stock/movements/export',
    '/recipients/export',
    '/distributions/export',
    '/distributions/items',
    '/events/export',
  ];

  it('survives any query string: bad values are ignored as on the list pages', async () => {
    const junk =
      '?from=2026-02-30&to=%27%3B--&commodity=abc&kind=nope&status=x&status=y&event=-1&category=%00&year=20x6&page=-5&officer[]=1';
    for (const p of paths) {
      for (const ext of ['csv', 'xlsx']) {
        const res = await download(admin, `${p}.${ext}${junk}`);
        expect(res.status, `${p}.${ext}`).toBe(200);
        expect(res.headers['content-disposition'], `${p}.${ext}`).toMatch(new RegExp(`^attachment; filename=[a-z-]+_[0-9_-]+\\.${ext}$`));
      }
    }
  });

  it('print as an office prints a list: A4 landscape, fitted to the page width, the header row on every page', async () => {
    for (const p of paths) {
      const ws = await xlsx(admin, `${p}.xlsx`);
      expect(ws.pageSetup, p).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
      });
      // A header that wraps ("Hubungan dengan WBP", "Masuk / keluar (kg)", "Tanda terima sah") has the room for its lines.
      const wraps = ['/stock/movements/export', '/recipients/export', '/distributions/export', '/events/export'].includes(p);
      expect(ws.getRow(1).height, p).toBeGreaterThanOrEqual(wraps ? 30 : 15);
      expect(ws.getRow(1).getCell(1).alignment, p).toMatchObject({ wrapText: true });
    }
  });

  it('name a column the same in the CSV and the Excel file', async () => {
    for (const p of paths) expect(headersOf(await xlsx(admin, `${p}.xlsx`)), p).toEqual((await csv(admin, `${p}.csv`))[0]);
  });

  it('without a date filter, are named after the first and last date they hold, not the day of the download', async () => {
    const name = async (path: string) => String((await download(admin, path)).headers['content-disposition']);
    expect(await name('/harvests/export.csv')).toBe(`attachment; filename=panen_${day('11-01')}_${day('11-20')}.csv`);
    expect(await name(`/harvests/export.xlsx?from=${day('11-10')}`)).toBe(
      `attachment; filename=panen_${day('11-10')}_${day('11-20')}.xlsx`,
    );
    expect(await name('/distributions/export.xlsx')).toBe(`attachment; filename=tanda-terima_${day('12-10')}_${day('12-20')}.xlsx`);
    expect(await name(`/distributions/items.csv?event=${eventId}`)).toBe(`attachment; filename=rincian-penyaluran_${day('12-10')}.csv`);
    expect(await name('/stock/movements/export.csv?kind=distribution')).toBe(
      `attachment; filename=pergerakan-stok_${day('12-10')}_${day('12-20')}.csv`,
    );
    expect(await name('/events/export.csv')).toBe(`attachment; filename=kegiatan_${day('12-10')}.csv`);
    // Nothing to hold and no dates asked for: the name says the file is empty.
    expect(await name(`/harvests/export.csv?commodity=${CABAI}&status=void`)).toBe('attachment; filename=panen_kosong.csv');
  });

  it('needs a login', async () => {
    for (const p of paths) expect((await request(t.app).get(`${p}.xlsx`)).status, p).toBe(303);
  });
});
