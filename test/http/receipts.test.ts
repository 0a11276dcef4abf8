// Receipts on paper: a look at the PDF (GET) is a preview that records nothing; only the officer's
// print button (POST, one-time form token) records a print, the first the original, then SALINAN;
// the verification page behind the QR code shows the items, so an altered paper can be caught.
import { setUpLetterhead } from '../support/fuzz-world.ts';
import { fetchPdf, printForm, printLink, pressPrint, stockUp } from '../support/receipt-print.ts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/features/events/events.service.ts';
import { receiptsData } from '../../src/features/receipts/receipts.service.ts';
import { monthlyReach } from '../../src/features/reports/reports.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import {
  CABAI,
  LELE,
  TERONG,
  addInmate,
  addRecipient,
  addUser,
  csrfFrom,
  formPage,
  login,
  makeTestApp,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';
import { binary, pdfPages } from '../support/pdf.ts';

let t: TestApp;
let staf: Agent;
let staf2: Agent;
let pimpinan: Agent;
let adminId: number;
let stafId: number;
const today = wibDate();

async function handover(recipientId: number, fields: Record<string, string>, eventId?: number): Promise<number> {
  const f = await formPage(staf, `/distributions/new?recipient=${recipientId}`);
  const res = await staf
    .post('/distributions')
    .type('form')
    .send({
      _csrf: f.csrf,
      form_token: f.formToken,
      recipient_id: String(recipientId),
      handed_on: today,
      officer_id: String(stafId),
      event_id: eventId ? String(eventId) : '',
      ...fields,
    });
  expect(res.status).toBe(303);
  return Number(/\/distributions\/(\d+)/.exec(res.headers.location!)![1]);
}

async function pdfText(agent: Agent, url: string): Promise<string> {
  const { res, text } = await fetchPdf(agent, url);
  expect(res.headers['content-type']).toBe('application/pdf');
  return text;
}

/** Presses the print button of a page: POST, then follows to the page and downloads the print. */
async function print(agent: Agent, page: string, action: string, reuse?: { csrf: string; formToken: string }) {
  const { form, res } = await pressPrint(agent, page, action, reuse);
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  // Back to the print's place on the page: without JavaScript the download link must be in view.
  expect(res.headers.location).toMatch(/#cetak$/);
  const back = await agent.get(res.headers.location!);
  expect(back.status).toBe(200);
  const link = printLink(back.text);
  expect(link, 'the page offers the download of that print').toBeTruthy();
  return { form, location: res.headers.location!, page: back.text, link: link!, text: await pdfText(agent, link!) };
}

const printsOf = async (id: number) =>
  (await t.db.selectFrom('receipt_prints').select('copy_no').where('distribution_id', '=', id).orderBy('id').execute()).map(
    (p) => p.copy_no,
  );

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'staf2', ['staf']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  staf = await login(t.app, 'staf');
  staf2 = await login(t.app, 'staf2');
  pimpinan = await login(t.app, 'pimpinan');
  await setUpLetterhead(t, adminId);
  await stockUp(t, adminId, [
    [TERONG, 50_000, null],
    [CABAI, 10_000, null],
    [LELE, 20_000, 100],
  ]);
});
afterAll(() => t.close());

describe('looking at a receipt is not printing it', () => {
  it('fifty GETs of a receipt PDF record no print, and the PDF says PRATINJAU, never SALINAN', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Lihat Saja', nik: '3316014507800101' }), { qty_1: '1' });
    for (let i = 0; i < 50; i++) await staf.get(`/distributions/${id}/receipt.pdf`).buffer(true).parse(binary);
    const text = await pdfText(pimpinan, `/distributions/${id}/receipt.pdf`);
    expect(await printsOf(id)).toEqual([]);
    const d = await t.db.selectFrom('distributions').select('print_count').where('id', '=', id).executeTakeFirstOrThrow();
    expect(d.print_count).toBe(0);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'distribution')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(text).toContain('PRATINJAU — BUKAN CETAKAN ASLI');
    expect(text).not.toContain('SALINAN');
    expect(text).toContain('Lihat Saja');
    // A look opens in the browser's viewer; a print is a file to keep.
    const look = await pimpinan.get(`/distributions/${id}/receipt.pdf`).buffer(true).parse(binary);
    expect(look.headers['content-disposition']).toMatch(/^inline; filename="?Pratinjau_/);
  });

  it("the event's receipts PDF by GET is a preview too, and records nothing", async () => {
    const event = await createEvent(
      t.db,
      { name: 'Bakti Sosial Pratinjau', kind: 'bakti_sosial', event_date: today, place: null, note: null },
      adminId,
    );
    const a = await handover(await addRecipient(t.db, { name: 'Pratinjau Satu', nik: '3316014507800102' }), { qty_1: '1' }, event);
    const text = await pdfText(staf, `/events/${event}/receipts.pdf`);
    expect(text).toContain('PRATINJAU — BUKAN CETAKAN ASLI');
    expect(text).not.toContain('SALINAN');
    expect(await printsOf(a)).toEqual([]);
  });

  it('a voided receipt previews as BATAL, and still as a preview', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Batal Lihat', nik: '3316014507800103' }), { qty_1: '1' });
    const page = await staf.get(`/distributions/${id}`);
    await staf
      .post(`/distributions/${id}/void`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'Salah penerima' });
    const text = await pdfText(staf, `/distributions/${id}/receipt.pdf`);
    expect(text).toContain('BATAL');
    expect(text).toContain('PRATINJAU — BUKAN CETAKAN ASLI');
    expect(await printsOf(id)).toEqual([]);
  });
});

describe('printing is the officer pressing the print button', () => {
  it('the first print is the original, the second SALINAN cetakan ke-2, each recorded and audited', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Cetak Asli', nik: '3316014507800111' }), { qty_1: '1', qty_2: '0,5' });
    const page = (await staf.get(`/distributions/${id}`)).text;
    expect(page).toContain('Cetak tanda terima');
    const first = await print(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    expect(first.text).toContain('Cetak Asli');
    expect(first.text).not.toContain('SALINAN');
    expect(first.text).not.toContain('PRATINJAU');
    expect(first.page).toContain('Cetak ulang (SALINAN)');
    expect(await printsOf(id)).toEqual([1]);
    expect((await staf.get(first.link).buffer(true).parse(binary)).headers['content-disposition']).toMatch(/^inline; /);
    const second = await print(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    expect(second.text).toContain('SALINAN — cetakan ke-2');
    expect(second.text).not.toContain('PRATINJAU');
    expect(await printsOf(id)).toEqual([1, 2]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'distribution')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'print', 'reprint']);
    // The download of the first print still gives that print, and counts nothing more.
    expect(await pdfText(staf, first.link)).not.toContain('SALINAN');
    expect(await printsOf(id)).toEqual([1, 2]);
  });

  it('a resend of the same print form (double tap, retry) counts once and answers the same print', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Ketuk Dua', nik: '3316014507800112' }), { qty_1: '1' });
    const first = await print(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    const again = await print(staf, `/distributions/${id}`, `/distributions/${id}/print`, first.form);
    expect(again.location).toBe(first.location);
    expect(again.text).not.toContain('SALINAN');
    const both = await Promise.all(
      [0, 1].map(() =>
        staf.post(`/distributions/${id}/print`).type('form').send({ _csrf: first.form.csrf, form_token: first.form.formToken }),
      ),
    );
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    expect(await printsOf(id)).toEqual([1]);
  });

  it('a print form without its token is refused with a message, and records nothing', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Tanpa Token', nik: '3316014507800113' }), { qty_1: '1' });
    const { csrf } = printForm((await staf.get(`/distributions/${id}`)).text, `/distributions/${id}/print`);
    const res = await staf.post(`/distributions/${id}/print`).type('form').send({ _csrf: csrf, form_token: 'x' });
    expect(res.status).toBe(303);
    expect((await staf.get(res.headers.location!)).text).toContain('Muat ulang halaman');
    expect(await printsOf(id)).toEqual([]);
  });

  it('pimpinan may look at a receipt but not print it', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Hanya Lihat', nik: '3316014507800114' }), { qty_1: '1' });
    const page = await pimpinan.get(`/distributions/${id}`);
    expect(page.text).not.toContain(`action="/distributions/${id}/print"`);
    expect(page.text).toContain(`/distributions/${id}/receipt.pdf`);
    const res = await pimpinan
      .post(`/distributions/${id}/print`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), form_token: token() });
    expect(res.status).toBe(403);
    expect(await printsOf(id)).toEqual([]);
  });

  it('the download of a print is for the officer who printed it, and for a while only', async () => {
    const id = await handover(await addRecipient(t.db, { name: 'Unduh Sendiri', nik: '3316014507800115' }), { qty_1: '1' });
    const { link } = await print(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    expect((await staf2.get(link)).status).toBe(404);
    expect((await pimpinan.get(link)).status).toBe(403);
    await t.db
      .updateTable('receipt_prints')
      .set({ printed_at: new Date(Date.now() - 31 * 60_000).toISOString() })
      .where('distribution_id', '=', id)
      .execute();
    const late = await staf.get(link);
    expect(late.status).toBe(404);
    expect(late.text).toContain('Cetak ulang');
    expect(await printsOf(id)).toEqual([1]);
  });

  it("printing an event's receipts gives originals for the never-printed ones and SALINAN for the rest", async () => {
    const f = await formPage(staf, '/events/new');
    const made = await staf
      .post('/events')
      .type('form')
      .send({ _csrf: f.csrf, name: 'Panen Raya Cetak', kind: 'panen_raya', event_date: today, place: '' });
    const event = Number(/\/events\/(\d+)/.exec(made.headers.location!)![1]);
    const a = await handover(await addRecipient(t.db, { name: 'Acara Satu', nik: '3316014507800121' }), { qty_1: '1' }, event);
    const b = await handover(await addRecipient(t.db, { name: 'Acara Dua', nik: '3316014507800122' }), { qty_1: '1' }, event);
    await print(staf, `/distributions/${a}`, `/distributions/${a}/print`);
    const all = await print(staf, `/events/${event}`, `/events/${event}/receipts/print`);
    expect(all.page).toContain('2 tanda terima dicetak');
    const pages = (await pdfPages((await staf.get(all.link).buffer(true).parse(binary)).body as Buffer)).map((p) => p.text);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Acara Satu');
    expect(pages[0]).toContain('SALINAN — cetakan ke-2');
    expect(pages[1]).toContain('Acara Dua');
    expect(pages[1]).not.toContain('SALINAN');
    expect(await printsOf(a)).toEqual([1, 2]);
    expect(await printsOf(b)).toEqual([1]);
    expect((await pimpinan.get(`/events/${event}`)).text).not.toContain(`action="/events/${event}/receipts/print"`);
  });

  it("the month's report counts only the deliberate reprints", async () => {
    const before = (await monthlyReach(t.db, today.slice(0, 7))).receipts.reprints;
    const id = await handover(await addRecipient(t.db, { name: 'Laporan Cetak', nik: '3316014507800131' }), { qty_1: '1' });
    for (let i = 0; i < 20; i++) await staf.get(`/distributions/${id}/receipt.pdf`).buffer(true).parse(binary);
    await print(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    await print(staf, `/distributions/${id}`, `/distributions/${id}/print`);
    expect((await monthlyReach(t.db, today.slice(0, 7))).receipts.reprints).toBe(before + 1);
  });
});

describe('the verification page behind the QR code', () => {
  it('shows each item line (commodity, kg, ekor) and the initials, nothing else personal; the QR link opens it', async () => {
    const inmate = await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
    const recipient = await addRecipient(t.db, {
      name: 'Sri Wahyuni',
      category: 'keluarga_wbp',
      inmate_id: inmate,
      relation: 'istri',
      nik: '3316016508850001',
    });
    const id = await handover(recipient, { qty_1: '1,5', qty_4: '2', heads_4: '12', note_4: 'rahasia catatan' });
    const [data] = await receiptsData(t.db, [id], null, {
      userId: stafId,
      userName: 'Staf',
      files: t.files,
      baseUrl: 'http://lumbung.local',
    });
    const url = new URL(data!.verifyUrl!);
    expect(url.origin).toBe('http://lumbung.local');
    const res = await request(t.app).get(url.pathname);
    expect(res.status).toBe(200);
    expect(res.text).toContain(data!.number);
    expect(res.text).toContain('S. W.');
    const rows = [...res.text.matchAll(/<tr><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g)].map((m) =>
      m.slice(1),
    );
    expect(rows).toEqual([
      ['Terong', '1,5 kg', '–'],
      ['Lele', '2 kg', '12 ekor'],
    ]);
    for (const secret of ['Sri Wahyuni', '3316', 'Karangjati', 'Ahmad Fauzi', 'BI.123', 'rahasia catatan', 'Melati'])
      expect(res.text).not.toContain(secret);
  });
});
