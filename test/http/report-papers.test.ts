// The monthly report as an office signs it (issue 13): the maker is the programme officer, the head
// signs "Mengetahui" once (one block when they are the same person), the report carries a document
// number given at finalising, and a report not yet final says KONSEP without leaking the watermark
// into the PDF's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandover } from '../../src/features/distributions/distributions.service.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { currentMonth } from '../../src/features/reports/reports.archive.ts';
import { renderMonthlyReport } from '../../src/features/reports/reports.pdf.ts';
import { buildSnapshot } from '../../src/features/reports/reports.snapshot.ts';
import { shiftMonth } from '../../src/lib/time.ts';
import { addSignatory } from '../../src/features/settings/settings.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { setUpLetterhead } from '../support/fuzz-world.ts';
import { binary, readPdf } from '../support/pdf.ts';
import {
  addLocation,
  addRecipient,
  addUser,
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
let head: Agent;
let adminId: number;
let headId: number;
let plot: number;
const monthA = shiftMonth(currentMonth(), -3);
const monthB = shiftMonth(currentMonth(), -2);
const HEAD_NIP = '197505052000031002';
const year = wibDate().slice(0, 4);

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  headId = await addUser(t.db, 'sugito', ['pimpinan']);
  // The head in office (Sugito, from setUpLetterhead) is also a user of the app.
  await t.db.updateTable('users').set({ full_name: 'Sugito', nip: HEAD_NIP, position: 'Kepala Rutan' }).where('id', '=', headId).execute();
  await setUpLetterhead(t, adminId);
  [admin, head] = [await login(t.app, 'admin'), await login(t.app, 'sugito')];
  plot = await addLocation(t.db, 'Lahan Blok A');
  for (const m of [monthA, monthB]) {
    await createHarvest(
      t.db,
      {
        commodity_id: TERONG,
        location_id: plot,
        weight_g: 5_000,
        heads: null,
        grade: null,
        harvest_date: `${m}-03`,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
  }
  const r = await addRecipient(t.db, { name: 'Keluarga Slamet', category: 'masyarakat', household_size: 3 });
  await createHandover(
    t.db,
    {
      recipient_id: r,
      event_id: null,
      handed_on: `${monthA}-05`,
      officer_id: adminId,
      note: null,
      replaces_id: null,
      form_token: token(),
      items: [{ commodity_id: TERONG, qty_g: 1_000, heads: null, note: null }],
    },
    adminId,
  );
});
afterAll(() => t.close());

async function pdfOf(agent: Agent, month: string) {
  const res = await agent.get(`/reports/${month}/report.pdf`).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  const { pages } = await readPdf(res.body as Buffer);
  return { text: pages.map((p) => p.text).join(' '), pages, bytes: res.body as Buffer };
}

const count = (text: string, s: string) => text.split(s).length - 1;

describe('who signs the monthly report', () => {
  it('a draft is made by the programme officer set in Pengaturan and known by the head: two different people', async () => {
    await addSignatory(
      t.db,
      {
        position: 'pengelola_program',
        title: 'Pengelola Program Ketahanan Pangan',
        name: 'Rina Wulandari',
        nip: '198803142010012001',
        valid_from: '2020-01-01',
        valid_to: null,
      },
      adminId,
    );
    const { text } = await pdfOf(head, monthA);
    expect(text).toContain('Yang membuat laporan,');
    expect(text).toContain('Rina Wulandari');
    expect(text).toContain('NIP 198803142010012001');
    expect(text).toContain('Mengetahui,');
    expect(count(text, `NIP ${HEAD_NIP}`)).toBe(1);
  });

  it('the head finalising a report does not sign it twice; choosing himself as maker gives one block', async () => {
    const page = await head.get(`/reports?month=${monthA}`);
    expect(page.text).toContain('Yang membuat laporan');
    expect(page.text).toMatch(/<option value="program"[^>]*>[^<]*Rina Wulandari/);
    const res = await submit(head, `/reports?month=${monthA}`, `/reports/${monthA}/finalise`, { confirm: '1', maker: `u${headId}` });
    expect(res.status).toBe(303);
    const { text } = await pdfOf(head, monthA);
    expect(count(text, `NIP ${HEAD_NIP}`)).toBe(1);
    expect(text).not.toContain('Mengetahui,');
    expect(text).not.toContain('Yang membuat laporan,');
    expect(text).not.toContain('Rina Wulandari');
  });

  it('the maker chosen when finalising signs beside the head', async () => {
    const res = await submit(head, `/reports?month=${monthB}`, `/reports/${monthB}/finalise`, { confirm: '1', maker: 'program' });
    expect(res.status).toBe(303);
    const { text } = await pdfOf(head, monthB);
    expect(text).toContain('Rina Wulandari');
    expect(text).toContain('Mengetahui,');
    expect(count(text, `NIP ${HEAD_NIP}`)).toBe(1);
  });

  it('an unknown maker is refused with a message', async () => {
    await t.db
      .updateTable('monthly_reports')
      .set({ status: 'reopened', reopened_at: new Date().toISOString(), reopened_by: adminId, reopen_reason: 'uji' })
      .where('month', '=', monthB)
      .execute();
    const res = await submit(head, `/reports?month=${monthB}`, `/reports/${monthB}/finalise`, { confirm: '1', maker: 'u99999' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Pilih yang membuat laporan');
  });
});

describe('the document number', () => {
  it('a draft shows none; final reports get the format from Pengaturan with a per-year counter', async () => {
    const draft = await pdfOf(admin, shiftMonth(currentMonth(), -1));
    expect(draft.text).toContain('(nomor diberikan saat final)');
    const a = await pdfOf(admin, monthA);
    expect(a.text).toContain(`Nomor: 1/${year}`);
    // The format set in Pengaturan applies to the next report finalised.
    const settings = await admin.get('/settings');
    expect(settings.text).toContain('name="report_number_format"');
    const current = await t.db.selectFrom('site_settings').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    const saved = await submit(admin, '/settings', '/settings', {
      unit_name: current.unit_name,
      unit_code: current.unit_code,
      ministry_line: current.ministry_line,
      kanwil_line: current.kanwil_line,
      address: current.address,
      city: current.city,
      paper_size: 'a4',
      receipts_per_page: '1',
      report_number_format: 'W13.PAS.PAS.12-PK.01.01-{nomor}/{tahun}',
    });
    expect(saved.status, saved.text.slice(0, 2000)).toBe(303);
    const res = await submit(head, `/reports?month=${monthB}`, `/reports/${monthB}/finalise`, { confirm: '1', maker: 'program' });
    expect(res.status).toBe(303);
    const b = await pdfOf(admin, monthB);
    // 1 was monthA, 2 the first final of monthB (reopened): a number is never given twice.
    expect(b.text).toContain(`Nomor: W13.PAS.PAS.12-PK.01.01-3/${year}`);
    expect((await admin.get(`/reports?month=${monthB}`)).text).toContain(`W13.PAS.PAS.12-PK.01.01-3/${year}`);
  });

  it('a format without {nomor} is refused', async () => {
    const current = await t.db.selectFrom('site_settings').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    const res = await submit(admin, '/settings', '/settings', {
      unit_name: current.unit_name,
      unit_code: current.unit_code,
      ministry_line: current.ministry_line,
      kanwil_line: current.kanwil_line,
      address: current.address,
      city: current.city,
      paper_size: 'a4',
      receipts_per_page: '1',
      report_number_format: 'W13/{tahun}',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('{nomor}');
  });
});

describe('totals say what they add', () => {
  it('the report page never adds fish kilos to vegetable kilos; the tables name a sum over all commodities', async () => {
    const month = shiftMonth(currentMonth(), -1);
    const kolam = await addLocation(t.db, 'Kolam 1', 'kolam');
    await createHarvest(
      t.db,
      {
        commodity_id: LELE,
        location_id: kolam,
        weight_g: 2_000,
        heads: 20,
        grade: null,
        harvest_date: `${month}-04`,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
    await createHarvest(
      t.db,
      {
        commodity_id: TERONG,
        location_id: plot,
        weight_g: 3_000,
        heads: null,
        grade: null,
        harvest_date: `${month}-04`,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      adminId,
    );
    const page = await admin.get(`/reports?month=${month}`);
    expect(page.text).toContain('sayur 3 kg · ikan 2 kg (20 ekor)');
    expect(page.text).not.toMatch(/>\s*5 kg\s*</);
    const { text } = await pdfOf(admin, month);
    expect(text).toContain('Jumlah semua komoditas');
  });
});

describe('KONSEP, not DRAFT', () => {
  it('a report not final says KONSEP on paper and screen; the watermark is drawn, not written into the text', async () => {
    const month = shiftMonth(currentMonth(), -1);
    const { text, pages } = await pdfOf(admin, month);
    expect(text).toContain('KONSEP');
    expect(text).not.toContain('DRAFT');
    // The only KONSEP words are the status line and the footers: none is the big diagonal watermark.
    expect(pages.flatMap((p) => p.items).filter((i) => i.h > 30)).toEqual([]);
    expect(count(text, 'KONSEP')).toBe(1 + pages.length);
    const page = await admin.get(`/reports?month=${month}`);
    expect(page.text).toContain('KONSEP');
    expect(page.text).not.toContain('DRAFT');
  });

  it('an old final snapshot (no maker, no number) still draws', async () => {
    const s = await buildSnapshot(t.db, monthA, { status: 'final', generatedAt: new Date().toISOString(), generatedById: headId });
    const old = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
    delete old.maker;
    delete old.number;
    const { pages } = await readPdf(await renderMonthlyReport(old as never, 'a4', t.files));
    const text = pages.map((p) => p.text).join(' ');
    expect(text).toContain('Sugito');
    expect(count(text, `NIP ${HEAD_NIP}`)).toBe(1);
  });
});
