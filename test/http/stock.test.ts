import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDayShort } from '../../src/lib/format.ts';
import { wibDate, wibTime } from '../../src/lib/time.ts';
import {
  addLocation,
  addUser,
  formPage,
  LELE,
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
let petugas: Agent;
let staf: Agent;
let admin: Agent;

async function harvest(commodity: number, kg: string, heads = '') {
  const f = await formPage(petugas, '/harvests/new');
  const loc = await addLocation(t.db, `Lokasi ${token().slice(0, 6)}`, commodity === LELE ? 'kolam' : 'lahan');
  const res = await petugas
    .post('/harvests')
    .type('form')
    .send({
      _csrf: f.csrf,
      form_token: f.formToken,
      commodity_id: String(commodity),
      location_id: String(loc),
      weight_g: kg,
      heads,
      harvest_date: wibDate(new Date(Date.now() - 10 * 60_000)),
      harvest_time: wibTime(new Date(Date.now() - 10 * 60_000)),
    });
  expect(res.status).toBe(303);
}

async function outflow(agent: Agent, fields: Record<string, string>, formToken?: string) {
  const f = await formPage(agent, `/stock/outflows/new?kind=${fields.kind ?? 'kitchen'}`);
  return agent
    .post('/stock/outflows')
    .type('form')
    .send({ _csrf: f.csrf, form_token: formToken ?? f.formToken, kind: 'kitchen', out_date: wibDate(), ...fields });
}

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'petugas', ['petugas']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  petugas = await login(t.app, 'petugas');
  staf = await login(t.app, 'staf');
  admin = await login(t.app, 'admin');
  await harvest(TERONG, '10');
  await harvest(LELE, '20', '150');
});
afterAll(() => t.close());

describe('outflows', () => {
  it('kitchen use takes stock out; the stock page shows what is left', async () => {
    const res = await outflow(staf, { commodity_id: String(TERONG), qty_g: '1,5' });
    expect(res.status).toBe(303);
    expect((await stockOf(t.db, TERONG)).g).toBe(8500);
    const page = await staf.get('/stock');
    expect(page.text).toContain('8,5 kg');
  });

  it('an outflow larger than the stock is refused with what is on hand, and nothing is written', async () => {
    const n = (await t.db.selectFrom('outflows').select('id').execute()).length;
    const res = await outflow(petugas, { commodity_id: String(TERONG), qty_g: '9' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`Stok Terong tidak cukup. Pada ${formatDayShort(wibDate())} stok Terong hanya 8,5 kg, diminta 9 kg.`);
    expect(res.text).toContain('value="9"');
    const heads = await outflow(petugas, { commodity_id: String(LELE), qty_g: '1', heads: '151' });
    expect(heads.status).toBe(422);
    expect(heads.text).toContain('stok Lele hanya 150 ekor, diminta 151 ekor');
    expect((await t.db.selectFrom('outflows').select('id').execute()).length).toBe(n);
  });

  it('two officers racing for the last kilos cannot both succeed', async () => {
    await harvest(2, '3'); // cabai
    const results = await Promise.all([
      outflow(petugas, { commodity_id: '2', qty_g: '2' }),
      outflow(staf, { commodity_id: '2', qty_g: '2' }),
      outflow(staf, { commodity_id: '2', qty_g: '2', kind: 'loss', note: 'busuk' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 422, 422]);
    expect((await stockOf(t.db, 2)).g).toBe(1000);
  });

  it('a sale needs its amount in rupiah; a loss needs its cause', async () => {
    const sale = await outflow(staf, { kind: 'sale', commodity_id: String(TERONG), qty_g: '1' });
    expect(sale.status).toBe(422);
    expect(sale.text).toContain('Nilai penjualan (Rp) wajib diisi untuk penjualan.');
    const ok = await outflow(staf, { kind: 'sale', commodity_id: String(TERONG), qty_g: '1', amount_rp: '15.000', party: 'Koperasi' });
    expect(ok.status).toBe(303);
    const row = await t.db.selectFrom('outflows').selectAll().where('kind', '=', 'sale').executeTakeFirstOrThrow();
    expect(row.amount_rp).toBe(15000);
    const loss = await outflow(staf, { kind: 'loss', commodity_id: String(TERONG), qty_g: '0,5' });
    expect(loss.status).toBe(422);
    expect(loss.text).toContain('Tuliskan sebab susut atau rusak.');
  });

  it('a kind that is a property of every object (constructor, toString) is read as kitchen use', async () => {
    for (const kind of ['constructor', 'toString', '__proto__']) {
      const page = await staf.get(`/stock/outflows/new?kind=${kind}`);
      expect(page.status).toBe(200);
      expect(page.text, kind).toContain('<title>Pemakaian dapur · Lumbung</title>');
      expect(page.text, kind).toContain('href="/stock/outflows/new?kind=kitchen" aria-current="page"');
      expect(page.text, kind).not.toMatch(/native code|\[object Object\]/);
    }
  });

  it('a resend records one outflow; a void returns the stock', async () => {
    const before = (await stockOf(t.db, TERONG)).g;
    const ft = token();
    const a = await outflow(staf, { commodity_id: String(TERONG), qty_g: '1' }, ft);
    const b = await outflow(staf, { commodity_id: String(TERONG), qty_g: '1' }, ft);
    expect(b.headers.location).toBe(a.headers.location);
    expect((await stockOf(t.db, TERONG)).g).toBe(before - 1000);
    const id = /\/stock\/outflows\/(\d+)/.exec(String(a.headers.location))![1]!;
    const v = await submit(staf, `/stock/outflows/${id}`, `/stock/outflows/${id}/void`, { reason: 'Salah komoditas' });
    expect(v.status).toBe(303);
    expect((await stockOf(t.db, TERONG)).g).toBe(before);
    expect((await t.db.selectFrom('outflows').select('status').where('id', '=', Number(id)).executeTakeFirstOrThrow()).status).toBe('void');
  });

  it('pimpinan may look at stock but not record outflows; only admin counts stock', async () => {
    const pimpinan = await login(t.app, 'pimpinan');
    expect((await pimpinan.get('/stock')).status).toBe(200);
    expect((await pimpinan.get('/stock/outflows/new')).status).toBe(403);
    expect((await staf.get('/stock/counts/new')).status).toBe(403);
  });
});

describe('stock count (stok opname)', () => {
  it('the counted quantity replaces the book quantity and the difference is recorded with its reason', async () => {
    const book = await stockOf(t.db, LELE);
    const f = await formPage(admin, '/stock/counts/new');
    const res = await admin
      .post('/stock/counts')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        commodity_id: String(LELE),
        counted_g: '19,2',
        counted_heads: '146',
        count_date: wibDate(),
        reason: 'Hitung akhir bulan; 4 ekor mati',
      });
    expect(res.status).toBe(303);
    expect(await stockOf(t.db, LELE)).toEqual({ g: 19200, heads: 146 });
    const count = await t.db.selectFrom('stock_counts').selectAll().executeTakeFirstOrThrow();
    expect(count).toMatchObject({ book_g: book.g, book_heads: book.heads, counted_g: 19200, counted_heads: 146 });
    const mv = await t.db.selectFrom('stock_movements').selectAll().where('kind', '=', 'adjustment').executeTakeFirstOrThrow();
    expect(mv).toMatchObject({ qty_g: 19200 - book.g, heads: 146 - book.heads });
    const hist = await admin.get(`/stock/movements?commodity=${LELE}&kind=adjustment`);
    expect(hist.text).toContain('Stok opname');
    const noReason = await submit(admin, '/stock/counts/new', '/stock/counts', {
      commodity_id: String(LELE),
      counted_g: '1',
      count_date: wibDate(),
      form_token: token(),
    });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Alasan / keterangan wajib diisi.');
  });

  it('stock always equals the sum of its ledger', async () => {
    const stock = await staf.get('/stock');
    for (const c of [TERONG, LELE]) {
      const s = await stockOf(t.db, c);
      expect(s.g).toBeGreaterThanOrEqual(0);
      expect(stock.text).toContain(new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 }).format(s.g / 1000) + ' kg');
    }
  });
});
