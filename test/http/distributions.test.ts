import { setUpLetterhead } from '../support/fuzz-world.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { formatDayShort } from '../../src/lib/format.ts';
import { wibDate } from '../../src/lib/time.ts';
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
  stockOf,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';
import { binary, pdfPages } from '../support/pdf.ts';

let t: TestApp;
let staf: Agent;
let admin: Agent;
let pimpinan: Agent;
let adminId: number;
let stafId: number;
const today = wibDate();
const year = today.slice(0, 4);

async function harvest(commodity: number, grams: number, heads: number | null = null) {
  const loc = await addLocation(t.db, `Lokasi ${token().slice(0, 6)}`, commodity === LELE ? 'kolam' : 'lahan');
  await createHarvest(
    t.db,
    {
      commodity_id: commodity,
      location_id: loc,
      weight_g: grams,
      heads,
      grade: null,
      harvest_date: `${Number(year) - 1}-12-01`,
      harvest_time: '07:00',
      workers: [],
      note: null,
      form_token: token(),
    },
    adminId,
  );
}

/** Posts the single-handover form for a recipient. */
async function handover(agent: Agent, recipientId: number, fields: Record<string, string>, formToken?: string) {
  const f = await formPage(agent, `/distributions/new?recipient=${recipientId}`);
  return agent
    .post('/distributions')
    .type('form')
    .send({
      _csrf: f.csrf,
      form_token: formToken ?? f.formToken,
      recipient_id: String(recipientId),
      handed_on: today,
      officer_id: String(stafId),
      ...fields,
    });
}

/** This year's receipt numbers in sequence order. */
async function receiptNumbers(): Promise<string[]> {
  return (
    await t.db.selectFrom('distributions').select('receipt_no').where('receipt_year', '=', Number(year)).orderBy('receipt_seq').execute()
  ).map((r) => r.receipt_no);
}

function seq(n: number, y = year) {
  return `TT/RTNBLORA/${y}/${String(n).padStart(6, '0')}`;
}

async function newEvent(name: string): Promise<number> {
  const f = await formPage(staf, '/events/new');
  const res = await staf
    .post('/events')
    .type('form')
    .send({ _csrf: f.csrf, name, kind: 'bakti_sosial', event_date: today, place: 'Aula Rutan' });
  expect(res.status).toBe(303);
  return Number(/\/events\/(\d+)/.exec(res.headers.location!)![1]);
}

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  staf = await login(t.app, 'staf');
  admin = await login(t.app, 'admin');
  pimpinan = await login(t.app, 'pimpinan');
  await setUpLetterhead(t, adminId);
  await harvest(TERONG, 20_000);
  await harvest(CABAI, 5_000);
  await harvest(LELE, 10_000, 60);
});
afterAll(() => t.close());

describe('a single handover', () => {
  it('gets the first receipt number of the year and takes its items out of stock', async () => {
    const r = await addRecipient(t.db, { name: 'Siti Aminah' });
    const res = await handover(staf, r, { qty_1: '1,5', qty_4: '2', heads_4: '12', note_4: 'segar' });
    expect(res.status).toBe(303);
    const id = Number(/\/distributions\/(\d+)/.exec(res.headers.location!)![1]);
    expect(await receiptNumbers()).toEqual([seq(1)]);
    expect((await stockOf(t.db, TERONG)).g).toBe(18_500);
    expect(await stockOf(t.db, LELE)).toEqual({ g: 8_000, heads: 48 });
    const moves = await t.db.selectFrom('stock_movements').selectAll().where('distribution_id', '=', id).execute();
    expect(moves.map((m) => [m.kind, m.qty_g, m.heads])).toEqual([
      ['distribution', -1500, 0],
      ['distribution', -2000, -12],
    ]);
    const page = await staf.get(`/distributions/${id}`);
    expect(page.text).toContain(seq(1));
    expect(page.text).toContain('12 ekor; segar');
  });

  it('a resend of the same form is recognised and saves nothing twice', async () => {
    const r = await addRecipient(t.db, { name: 'Pak Darmo', nik: '3316010101700002' });
    const formToken = token();
    const first = await handover(staf, r, { qty_1: '1' }, formToken);
    const again = await handover(staf, r, { qty_1: '1' }, formToken);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await t.db.selectFrom('distributions').select('id').where('form_token', '=', formToken).execute()).toHaveLength(1);
  });

  it('more than the stock is refused with what is on hand; nothing is saved and no number is used up', async () => {
    const before = await receiptNumbers();
    const r = await addRecipient(t.db, { name: 'Bu Warsini', nik: '3316014507800003' });
    const res = await handover(staf, r, { qty_1: '1', qty_2: '50' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`Stok Cabai tidak cukup. Pada ${formatDayShort(today)} stok Cabai hanya 5 kg, diminta 50 kg.`);
    expect(res.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="50"');
    expect(await receiptNumbers()).toEqual(before);
    const ok = await handover(staf, r, { qty_2: '0,5' });
    expect(ok.status).toBe(303);
    expect(await receiptNumbers()).toEqual([...before, seq(before.length + 1)]);
  });

  it('bad quantities and an empty handover get Indonesian messages, never a 500', async () => {
    const r = await addRecipient(t.db, { name: 'Sukini', nik: '3316014507800004' });
    const empty = await handover(staf, r, {});
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Isi jumlah paling sedikit satu komoditas.');
    const bad = await handover(staf, r, { qty_1: 'dua', handed_on: '2999-01-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Jumlah Terong harus berupa angka');
    expect(bad.text).toContain('Tanggal penyerahan tidak boleh setelah hari ini.');
    const headsOnly = await handover(staf, r, { heads_4: '3' });
    expect(headsOnly.status).toBe(422);
    expect(headsOnly.text).toContain('Isi juga berat Lele (kg).');
  });

  it('numbers stay gap-free and unique when many are saved at the same moment', async () => {
    const before = (await receiptNumbers()).length;
    const r = await addRecipient(t.db, { name: 'Paralel', nik: '3316014507800005' });
    const forms = await Promise.all(Array.from({ length: 12 }, () => formPage(staf, `/distributions/new?recipient=${r}`)));
    const results = await Promise.all(
      forms.map((f) =>
        staf
          .post('/distributions')
          .type('form')
          .send({
            _csrf: f.csrf,
            form_token: f.formToken,
            recipient_id: String(r),
            handed_on: today,
            officer_id: String(stafId),
            qty_1: '0,1',
          }),
      ),
    );
    expect(results.map((x) => x.status)).toEqual(Array(12).fill(303));
    const numbers = await receiptNumbers();
    expect(numbers).toEqual(Array.from({ length: before + 12 }, (_, i) => seq(i + 1)));
  });

  it("a handover dated last year is numbered in last year's sequence", async () => {
    const r = await addRecipient(t.db, { name: 'Tahun Lalu', nik: '3316014507800006' });
    const res = await handover(staf, r, { qty_1: '0,5', handed_on: `${Number(year) - 1}-12-31` });
    expect(res.status).toBe(303);
    const last = await t.db.selectFrom('distributions').select('receipt_no').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.receipt_no).toBe(seq(1, String(Number(year) - 1)));
  });

  it('the officer handing over must be one the form offers: the head of the unit or an inactive user is refused, values kept', async () => {
    const head = await addUser(t.db, 'kepala', ['pimpinan']);
    const gone = await addUser(t.db, 'pensiun', ['staf'], { active: false });
    const r = await addRecipient(t.db, { name: 'Bu Pemalsuan', nik: '3316014507800008' });
    const form = await staf.get(`/distributions/new?recipient=${r}`);
    const offered = [...(/name="officer_id"[^>]*>([\s\S]*?)<\/select>/.exec(form.text)?.[1] ?? '').matchAll(/value="(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(offered).toContain(stafId);
    expect(offered).not.toContain(head);
    expect(offered).not.toContain(gone);
    const before = await receiptNumbers();
    for (const officer of [head, gone, 999_999]) {
      const res = await handover(staf, r, { officer_id: String(officer), qty_1: '0,7' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Pilih yang menyerahkan dari daftar');
      expect(res.text).toContain('name="qty_1" inputmode="decimal" autocomplete="off" value="0,7"');
    }
    const event = await newEvent('Bakti Sosial Petugas');
    const f = await formPage(staf, `/events/${event}/batch`);
    const batch = await staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: today,
        officer_id: String(head),
        recipient_ids: [String(r)],
        qty_1: '0,7',
      });
    expect(batch.status).toBe(422);
    expect(batch.text).toContain('Pilih yang menyerahkan dari daftar');
    expect(await receiptNumbers()).toEqual(before);
  });

  it('pimpinan may read the receipts but not hand out', async () => {
    const r = await addRecipient(t.db, { name: 'Hanya Baca', nik: '3316014507800007' });
    expect((await pimpinan.get('/distributions')).status).toBe(200);
    expect((await pimpinan.get(`/distributions/new?recipient=${r}`)).status).toBe(403);
  });
});

describe('a batch at an event', () => {
  it('saves all or none: a batch that does not fit the stock is refused with one message', async () => {
    const event = await newEvent('Bakti Sosial Uji');
    const ids = [
      await addRecipient(t.db, { name: 'Batch A', nik: '3316014507800011' }),
      await addRecipient(t.db, { name: 'Batch B', nik: '3316014507800012' }),
      await addRecipient(t.db, { name: 'Batch C', nik: '3316014507800013' }),
    ];
    const before = await receiptNumbers();
    const stockBefore = await stockOf(t.db, CABAI);
    const f = await formPage(staf, `/events/${event}/batch`);
    const tooMuch = await staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: today,
        officer_id: String(stafId),
        recipient_ids: ids.map(String),
        qty_1: '1',
        qty_2: String(stockBefore.g / 1000 / 2),
      });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.text).toContain('Penyaluran untuk 3 penerima tidak dapat disimpan; tidak ada yang tersimpan.');
    expect(tooMuch.text).toContain(`Stok Cabai tidak cukup. Pada ${formatDayShort(today)} stok Cabai hanya`);
    expect(tooMuch.text).toMatch(/value="\d+" id="r-\d+" checked/);
    expect(await receiptNumbers()).toEqual(before);
    expect(await stockOf(t.db, CABAI)).toEqual(stockBefore);

    const ok = await staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: today,
        officer_id: String(stafId),
        recipient_ids: ids.map(String),
        qty_1: '1',
        qty_2: '0,25',
      });
    expect(ok.status).toBe(303);
    expect(await receiptNumbers()).toEqual([...before, ...[1, 2, 3].map((k) => seq(before.length + k))]);
    expect((await stockOf(t.db, CABAI)).g).toBe(stockBefore.g - 750);
    const page = await staf.get(`/events/${event}`);
    expect(page.text).toContain('3 penerima');
    expect(page.text).toContain('Batch C');

    // The same people again at the same event: refused, naming them.
    const g = await formPage(staf, `/events/${event}/batch`);
    const twice = await staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: g.csrf,
        form_token: g.formToken,
        handed_on: today,
        officer_id: String(stafId),
        recipient_ids: [String(ids[0])],
        qty_1: '1',
      });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('Sudah menerima pada kegiatan ini: Batch A');
  });

  it("the event's receipts come as one PDF, in number order", async () => {
    const event = await newEvent('Panen Raya Uji');
    const ids = [
      await addRecipient(t.db, { name: 'Raya Satu', nik: '3316014507800021' }),
      await addRecipient(t.db, { name: 'Raya Dua', nik: '3316014507800022' }),
    ];
    const f = await formPage(staf, `/events/${event}/batch`);
    await staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: today,
        officer_id: String(stafId),
        recipient_ids: ids.map(String),
        qty_1: '2',
      });
    const pdf = await staf.get(`/events/${event}/receipts.pdf?paper=f4&per_page=1`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('Tanda-terima_Panen-Raya-Uji_');
    // Sent sheet by sheet as it is drawn, never built whole in memory first.
    expect(pdf.headers['transfer-encoding']).toBe('chunked');
    expect(pdf.headers['content-length']).toBeUndefined();
    const pages = await pdfPages(pdf.body as Buffer);
    expect(pages).toHaveLength(2);
    expect(pages[0]!.text).toContain('Raya Satu');
    expect(pages[1]!.text).toContain('Raya Dua');
    expect(pages[0]!.text).toContain('PRATINJAU — BUKAN CETAKAN ASLI');
    expect(Math.round(pages[0]!.height)).toBe(935);
  });
});

describe('one person, one household: one package per event', () => {
  const batch = async (event: number, ids: number[], extra: Record<string, string> = {}) => {
    const f = await formPage(staf, `/events/${event}/batch`);
    return staf
      .post(`/events/${event}/batch`)
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        handed_on: today,
        officer_id: String(stafId),
        recipient_ids: ids.map(String),
        qty_1: '0,5',
        ...extra,
      });
  };
  /** The batch screen's row of one recipient. */
  const rowOf = (html: string, name: string) => {
    const cell = html.split('<tr').find((r) => r.includes(`>${name}<`));
    expect(cell, name).toBeDefined();
    return cell!;
  };

  it('two records of one person (the same NIK, from before the rule) cannot both be ticked at one event', async () => {
    // A database from before one NIK, one person may hold such a pair; the index is not there then.
    await t.db.schema.dropIndex('recipients_nik_unique').ifExists().execute();
    const nik = '3316014507800031';
    const a = await addRecipient(t.db, { name: 'Kembar Satu', nik });
    const b = await addRecipient(t.db, { name: 'Kembar Dua', nik });
    const event = await newEvent('Bakti Sosial Kembar');
    const both = await batch(event, [a, b]);
    expect(both.status).toBe(422);
    expect(both.text).toContain('orang yang sama');
    expect((await batch(event, [a])).status).toBe(303);
    const screen = (await staf.get(`/events/${event}/batch`)).text;
    expect(rowOf(screen, 'Kembar Dua')).not.toContain('name="recipient_ids"');
    expect(rowOf(screen, 'Kembar Dua')).toContain('Kembar Satu');
    const again = await batch(event, [b], { household_reason: 'tetap minta' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('Sudah menerima pada kegiatan ini');
    const single = await handover(staf, b, { event_id: String(event), qty_1: '0,5' });
    expect(single.status).toBe(422);
    expect(single.text).toContain('Sudah menerima pada kegiatan ini');
  });

  it('a household (one No. KK) gets one package per event unless the staf records why', async () => {
    const kk = '3316010203049999';
    const [ayah, ibu, anak] = [
      await addRecipient(t.db, { name: 'Ayah Serumah', kk_number: kk }),
      await addRecipient(t.db, { name: 'Ibu Serumah', kk_number: kk }),
      await addRecipient(t.db, { name: 'Anak Serumah', kk_number: kk }),
    ];
    const event = await newEvent('Bakti Sosial KK');
    const before = await receiptNumbers();
    const both = await batch(event, [ayah!, ibu!]);
    expect(both.status).toBe(422);
    expect(both.text).toContain('satu KK');
    expect(both.text).toContain('Ayah Serumah');
    expect(await receiptNumbers()).toEqual(before);
    const reasoned = await batch(event, [ayah!, ibu!], { household_reason: 'Dua keluarga tinggal dalam satu KK' });
    expect(reasoned.status).toBe(303);
    const saved = await t.db
      .selectFrom('distributions')
      .select(['recipient_id', 'household_reason'])
      .where('event_id', '=', event)
      .orderBy('id')
      .execute();
    expect(saved).toEqual([
      { recipient_id: ayah, household_reason: null },
      { recipient_id: ibu, household_reason: 'Dua keluarga tinggal dalam satu KK' },
    ]);
    // The third of the household: shown as not tickable, with why; refused when posted anyway.
    const screen = (await staf.get(`/events/${event}/batch`)).text;
    expect(rowOf(screen, 'Anak Serumah')).not.toContain('name="recipient_ids"');
    expect(rowOf(screen, 'Anak Serumah')).toContain('KK ini sudah menerima');
    expect(rowOf(screen, 'Ayah Serumah')).not.toContain('name="recipient_ids"');
    const third = await batch(event, [anak!]);
    expect(third.status).toBe(422);
    expect(third.text).toContain('satu KK');
    const single = await handover(staf, anak!, { event_id: String(event), qty_1: '0,5' });
    expect(single.status).toBe(422);
    expect(single.text).toContain('Satu KK mendapat satu paket per kegiatan: Anak Serumah');
    const why = await handover(staf, anak!, {
      event_id: String(event),
      qty_1: '0,5',
      household_reason: 'Anak sudah berumah tangga, KK belum dipisah',
    });
    expect(why.status).toBe(303);
  });
});

describe('receipts', () => {
  let id: number;
  let recipient: number;
  beforeAll(async () => {
    const inmate = await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
    recipient = await addRecipient(t.db, {
      name: 'Sri Wahyuni',
      category: 'keluarga_wbp',
      inmate_id: inmate,
      relation: 'istri',
      nik: '3316016508850001',
    });
    const res = await handover(staf, recipient, { qty_1: '1', qty_2: '0,5' });
    id = Number(/\/distributions\/(\d+)/.exec(res.headers.location!)![1]);
  });

  /** Presses the receipt page's print button and downloads the print it offers. */
  async function printReceipt() {
    const page = (await staf.get(`/distributions/${id}`)).text;
    const formToken = /action="\/distributions\/\d+\/print"[\s\S]*?name="form_token" value="([0-9a-f]{32})"/.exec(page)![1];
    const pressed = await staf
      .post(`/distributions/${id}/print`)
      .type('form')
      .send({ _csrf: csrfFrom(page), form_token: formToken });
    expect(pressed.status).toBe(303);
    const link = /href="(\/receipts\/prints\/[0-9a-f]{32}\.pdf)"/.exec((await staf.get(pressed.headers.location!)).text)![1]!;
    return staf.get(link).buffer(true).parse(binary);
  }

  it('the first print is the original, a reprint says SALINAN with its count and is logged', async () => {
    const first = await printReceipt();
    expect(first.status).toBe(200);
    const text1 = (await pdfPages(first.body as Buffer)).map((p) => p.text).join(' ');
    expect(text1).toContain('TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN');
    expect(text1).toContain('Sri Wahyuni');
    expect(text1).toContain('3316••••••••0001');
    expect(text1).not.toContain('3316016508850001');
    expect(text1).toContain('Ahmad Fauzi');
    expect(text1).toContain('Sugito');
    expect(text1).not.toContain('SALINAN');
    const second = await printReceipt();
    const text2 = (await pdfPages(second.body as Buffer)).map((p) => p.text).join(' ');
    expect(text2).toContain('SALINAN');
    expect(text2).toContain('cetakan ke-2');
    const prints = await t.db.selectFrom('receipt_prints').select('copy_no').where('distribution_id', '=', id).orderBy('id').execute();
    expect(prints.map((p) => p.copy_no)).toEqual([1, 2]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'distribution')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'print', 'reprint']);
    expect(second.headers['content-disposition']).toMatch(new RegExp(`TT-RTNBLORA-${year}-\\d{6}_Sri-Wahyuni_${today}\\.pdf`));
  });

  it('the NIK is masked for staf and whole for admin on the receipt page', async () => {
    const asStaf = await staf.get(`/distributions/${id}`);
    expect(asStaf.text).toContain('3316••••••••0001');
    expect(asStaf.text).not.toContain('3316016508850001');
    const asAdmin = await admin.get(`/distributions/${id}`);
    expect(asAdmin.text).toContain('3316016508850001');
  });

  it('the verification page shows number, date, status, initials and the items, nothing private', async () => {
    const d = await t.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const anonymous = (await import('supertest')).default(t.app);
    const res = await anonymous.get(`/v/${d.verify_token}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(d.receipt_no);
    expect(res.text).toContain('SAH');
    expect(res.text).toContain('S. W.');
    expect(res.text).toContain('<tr><td>Terong</td><td class="num">1 kg</td><td class="num">–</td></tr>');
    expect(res.text).toContain('<tr><td>Cabai</td><td class="num">0,5 kg</td><td class="num">–</td></tr>');
    for (const secret of ['Sri Wahyuni', '3316', 'Karangjati', 'Ahmad Fauzi', 'BI.123']) expect(res.text).not.toContain(secret);
    expect((await anonymous.get(`/distributions/${id}`)).status).toBe(303);
    expect((await anonymous.get('/v/tidak-ada-token-seperti-ini-000')).status).toBe(404);
    expect((await anonymous.get(`/v/${id}`)).status).toBe(404);
  });

  it('a void keeps the number, returns the stock, prints BATAL; a correction refers to it', async () => {
    const terong = (await stockOf(t.db, TERONG)).g;
    const page = await staf.get(`/distributions/${id}`);
    const noReason = await staf
      .post(`/distributions/${id}/void`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Alasan pembatalan wajib diisi.');
    const res = await staf
      .post(`/distributions/${id}/void`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'Salah jumlah cabai', correct: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/distributions/new?replaces=${id}`);
    expect((await stockOf(t.db, TERONG)).g).toBe(terong + 1000);
    const d = await t.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(d.status).toBe('void');
    const pdf = await staf.get(`/distributions/${id}/receipt.pdf`).buffer(true).parse(binary);
    const text = (await pdfPages(pdf.body as Buffer)).map((p) => p.text).join(' ');
    expect(text).toContain('BATAL');
    expect(text).toContain('Salah jumlah cabai');
    const verify = await staf.get(`/v/${d.verify_token}`);
    expect(verify.text).toContain('BATAL');

    const again = await staf
      .post(`/distributions/${id}/void`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: 'lagi' });
    expect(again.status).toBe(422);
    // The void form is gone from a voided receipt: the refusal must still say why (it was a bare page).
    expect(again.text).toContain(`Tanda terima ${d.receipt_no} sudah dibatalkan sebelumnya.`);
    const empty = await staf
      .post(`/distributions/${id}/void`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), reason: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Periksa kembali isian yang ditandai.');

    const form = await staf.get(`/distributions/new?replaces=${id}`);
    expect(form.text).toContain(d.receipt_no);
    expect(form.text).toContain('name="qty_2" inputmode="decimal" autocomplete="off" value="0,5"');
    const f = await formPage(staf, `/distributions/new?replaces=${id}`);
    const fixed = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        recipient_id: String(recipient),
        replaces_id: String(id),
        handed_on: today,
        officer_id: String(stafId),
        qty_1: '1',
        qty_2: '0,25',
      });
    expect(fixed.status).toBe(303);
    const newId = Number(/\/distributions\/(\d+)/.exec(fixed.headers.location!)![1]);
    const newPdf = await staf.get(`/distributions/${newId}/receipt.pdf`).buffer(true).parse(binary);
    expect((await pdfPages(newPdf.body as Buffer))[0]!.text).toContain(`Pengganti tanda terima ${d.receipt_no}`);
    const second = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: token(),
        recipient_id: String(recipient),
        replaces_id: String(id),
        handed_on: today,
        officer_id: String(stafId),
        qty_1: '1',
      });
    expect(second.status).toBe(422);
    expect(second.text).toContain('sudah diganti dengan');
  });
});
