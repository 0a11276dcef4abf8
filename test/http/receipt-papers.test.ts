// Receipts an office would sign (issue 13): the year-to-date line fixed at issue, totals that never
// add fish kilos to vegetable kilos silently, "Hubungan: Ibu", a print that opens in the browser's
// viewer, a QR code that never carries a loopback address, and one name for a walk-in handover.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { receiptsData, type PrintContext } from '../../src/features/receipts/receipts.service.ts';
import { fillYearToDate } from '../../migrations/2026-11-30-0015-receipt-year-to-date.ts';
import { wibDate } from '../../src/lib/time.ts';
import { setUpLetterhead } from '../support/fuzz-world.ts';
import { fetchPdf, printLink, pressPrint, stockUp } from '../support/receipt-print.ts';
import {
  addInmate,
  addRecipient,
  addUser,
  csrfFrom,
  LELE,
  login,
  makeTestApp,
  submit,
  TERONG,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';

let t: TestApp;
let admin: Agent;
let staf: Agent;
let adminId: number;
let stafId: number;
const today = wibDate();
const ctx = (): PrintContext => ({
  userId: stafId,
  userName: 'Staf',
  baseUrl: 'http://192.168.1.10:3000',
  files: t.files,
});

const give = async (
  recipient: number,
  items: Array<{ commodity_id: number; qty_g: number; heads: number | null }>,
  eventId: number | null = null,
) =>
  (
    await createHandover(
      t.db,
      {
        recipient_id: recipient,
        event_id: eventId,
        handed_on: today,
        officer_id: stafId,
        note: null,
        replaces_id: null,
        form_token: token(),
        items: items.map((i) => ({ ...i, note: null })),
      },
      stafId,
    )
  ).id;

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  [admin, staf] = [await login(t.app, 'admin'), await login(t.app, 'staf')];
  await setUpLetterhead(t, adminId);
  await stockUp(t, adminId, [
    [TERONG, 50_000, null],
    [LELE, 20_000, 100],
  ]);
});
afterAll(() => t.close());

const pdfText = fetchPdf;

/** Presses a page's print button and follows to the page offering that print. */
async function press(agent: Agent, page: string, action: string) {
  const { res } = await pressPrint(agent, page, action);
  expect(res.status).toBe(303);
  const back = await agent.get(res.headers.location!);
  return { page: back.text, link: printLink(back.text)! };
}

describe('the year-to-date line is fixed when the receipt is issued', () => {
  it('a reprint after an earlier receipt is voided shows the same figures', async () => {
    const r = await addRecipient(t.db, { name: 'Bu Darmi', nik: '3316015708900011' });
    const a = await give(r, [{ commodity_id: TERONG, qty_g: 2_000, heads: null }]);
    const b = await give(r, [{ commodity_id: TERONG, qty_g: 1_000, heads: null }]);
    const before = (await receiptsData(t.db, [b], [1], ctx()))[0]!.yearToDateLine;
    expect(before).toContain('Terong 3 kg');
    await voidDistribution(t.db, a, 'salah penerima', adminId);
    const after = (await receiptsData(t.db, [b], [2], ctx()))[0]!.yearToDateLine;
    expect(after).toBe(before);
  });

  it('the migration gives existing receipts their figures as of their issue order', async () => {
    const r = await addRecipient(t.db, { name: 'Pak Karto', nik: '3316015708900012' });
    const a = await give(r, [{ commodity_id: TERONG, qty_g: 2_000, heads: null }]);
    const b = await give(r, [{ commodity_id: TERONG, qty_g: 1_500, heads: null }]);
    await voidDistribution(t.db, a, 'salah penerima', adminId);
    const c = await give(r, [{ commodity_id: TERONG, qty_g: 500, heads: null }]);
    await t.db.updateTable('distributions').set({ year_to_date_json: null }).execute();
    await fillYearToDate(t.db);
    const line = async (id: number) => (await receiptsData(t.db, [id], [1], ctx()))[0]!.yearToDateLine;
    // B was issued while A was still valid; C after A was voided.
    expect(await line(b)).toContain('Terong 3,5 kg');
    expect(await line(c)).toContain('Terong 2 kg');
  });
});

describe('totals and relation words', () => {
  it('a receipt never adds fish kilos to vegetable kilos; the relation reads "Hubungan: Ibu"', async () => {
    const inmate = await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
    const r = await addRecipient(t.db, {
      name: 'Siti Aminah',
      nik: '3316015708900013',
      category: 'keluarga_wbp',
      inmate_id: inmate,
      relation: 'ibu',
    });
    const id = await give(r, [
      { commodity_id: TERONG, qty_g: 1_000, heads: null },
      { commodity_id: LELE, qty_g: 2_000, heads: 10 },
    ]);
    const [d] = await receiptsData(t.db, [id], [1], ctx());
    expect(d!.totalLine).not.toContain('3 kg');
    expect(d!.totalLine).toBe('Jumlah: sayur 1 kg · ikan 2 kg (10 ekor)');
    expect(d!.second.inmateLine).toContain('Hubungan: Ibu');
    const page = await staf.get(`/distributions/${id}`);
    expect(page.text).toContain('Hubungan: Ibu');
    expect((await staf.get(`/recipients/${r}`)).text).toContain('Hubungan: Ibu');
  });
});

describe('printing from the tablet', () => {
  it('the download of a print opens in the browser viewer, and is still counted once', async () => {
    const r = await addRecipient(t.db, { name: 'Bu Warsi', nik: '3316015708900014' });
    const id = await give(r, [{ commodity_id: TERONG, qty_g: 1_000, heads: null }]);
    const { link } = await press(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    for (let i = 0; i < 3; i++) {
      const { res } = await pdfText(staf, link);
      expect(res.headers['content-disposition']).toMatch(/^inline;/);
    }
    const prints = await t.db.selectFrom('receipt_prints').select('copy_no').where('distribution_id', '=', id).execute();
    expect(prints.map((p) => p.copy_no)).toEqual([1]);
  });
});

describe('the public address in the QR code', () => {
  it('none set: the receipt page and the print warn, and no loopback address goes into the QR', async () => {
    const r = await addRecipient(t.db, { name: 'Bu Sarmi', nik: '3316015708900015' });
    const id = await give(r, [{ commodity_id: TERONG, qty_g: 1_000, heads: null }]);
    const page = await staf.get(`/distributions/${id}`);
    expect(page.text).toContain('Alamat publik Lumbung belum diatur');
    const { page: printed, link } = await press(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    expect(printed).toContain('Alamat publik Lumbung belum diatur');
    const { text } = await pdfText(staf, link);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(text).toContain('tanpa kode QR');
  });

  it('a loopback address is refused in Pengaturan; a real one is used in the QR', async () => {
    const refused = await submit(admin, '/settings', '/settings/public-address', { public_url: 'http://localhost:3000' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('alamat yang dapat dibuka dari ponsel');
    const loop = await submit(admin, '/settings', '/settings/public-address', { public_url: 'http://127.0.0.1:3000' });
    expect(loop.status).toBe(422);
    const ok = await submit(admin, '/settings', '/settings/public-address', { public_url: 'http://192.168.1.10:3000/' });
    expect(ok.status).toBe(303);
    expect((await admin.get('/settings')).text).toContain('value="http://192.168.1.10:3000"');
    const r = await addRecipient(t.db, { name: 'Bu Tarmi', nik: '3316015708900016' });
    const id = await give(r, [{ commodity_id: TERONG, qty_g: 1_000, heads: null }]);
    const page = await staf.get(`/distributions/${id}`);
    expect(page.text).not.toContain('Alamat publik Lumbung belum diatur');
    const { text } = await pdfText(staf, `/distributions/${id}/receipt.pdf`);
    expect(text).not.toContain('tanpa kode QR');
    const token = (await t.db.selectFrom('distributions').select('verify_token').where('id', '=', id).executeTakeFirstOrThrow())
      .verify_token;
    // The QR is a picture: its address is checked where the receipt is put together.
    const { publicBaseUrl } = await import('../../src/features/settings/public-address.ts');
    expect(await publicBaseUrl(t.db, t.config, 'http://127.0.0.1:1234')).toEqual({ url: 'http://192.168.1.10:3000', fromSetting: true });
    expect(token).toBeTruthy();
  });
});

describe('one name for a walk-in handover', () => {
  it('"Penyaluran langsung" on the list, the handover, the recipient, the receipt and the export', async () => {
    const r = await addRecipient(t.db, { name: 'Bu Parmi', nik: '3316015708900017' });
    const id = await give(r, [{ commodity_id: TERONG, qty_g: 1_000, heads: null }]);
    const pages = [
      (await staf.get(`/distributions/${id}`)).text,
      (await staf.get('/distributions')).text,
      (await staf.get(`/recipients/${r}`)).text,
      (await staf.get(`/distributions/new?recipient=${r}`)).text,
      (await pdfText(staf, `/distributions/${id}/receipt.pdf`)).text,
    ];
    for (const p of pages) {
      expect(p).toContain('Penyaluran langsung');
      expect(p).not.toMatch(/Datang langsung|Penyerahan langsung|datang langsung/);
    }
    const csv = await admin.get('/distributions/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Penyaluran langsung');
    expect(csv.text).not.toContain('Datang langsung');
  });
});

describe('the setup asks for the public address', () => {
  it('refuses a loopback address and keeps a real one', async () => {
    const fresh = await makeTestApp();
    try {
      const agent = request.agent(fresh.app);
      const page = await agent.get('/setup');
      expect(page.text).toContain('name="public_url"');
      const form = {
        unit_name: 'Rutan Kelas IIB Blora',
        unit_code: 'RTNBLORA',
        username: 'admin.blora',
        full_name: 'Admin Blora',
        password: 'Panen-Raya-2026',
        password_confirm: 'Panen-Raya-2026',
      };
      const bad = await agent
        .post('/setup')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), ...form, public_url: 'http://localhost:3000' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('alamat yang dapat dibuka dari ponsel');
      const good = await agent
        .post('/setup')
        .type('form')
        .send({ _csrf: csrfFrom(bad.text), ...form, public_url: 'http://192.168.1.10:3000' });
      expect(good.status).toBe(303);
      const row = await fresh.db.selectFrom('public_address').selectAll().executeTakeFirst();
      expect(row?.public_url).toBe('http://192.168.1.10:3000');
    } finally {
      await fresh.close();
    }
  });
});
