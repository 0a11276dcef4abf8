// The ledger is never below zero on any date: every write that lowers stock, back-dated ones too,
// is checked at its own date and every later date, in its transaction.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBatch, createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { createEvent } from '../../src/features/events/events.service.ts';
import { createHarvest, updateHarvest, voidHarvest } from '../../src/features/harvests/harvests.service.ts';
import { negativeBalances } from '../../src/features/stock/stock.balance.ts';
import { recordOutflow, recordStockCount, voidOutflow } from '../../src/features/stock/stock.service.ts';
import { ROLES } from '../../src/db/database.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { addRecipient, CABAI, formPage, LELE, login, makeTestApp, stockOf, TERONG, token, type TestApp } from '../support/app.ts';
import { clearLedger, ledgerWorld } from '../support/ledger-world.ts';

let t: TestApp;
let admin: number;
let lahan: number;
let kolam: number;
const actor = () => ({ id: admin, roles: [...ROLES] });

async function harvest(commodity: number, date: string, grams: number, heads: number | null = null) {
  return (
    await createHarvest(
      t.db,
      {
        commodity_id: commodity,
        location_id: commodity === LELE ? kolam : lahan,
        weight_g: grams,
        heads,
        grade: null,
        harvest_date: date,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      admin,
    )
  ).id;
}

async function outflow(commodity: number, date: string, grams: number, heads: number | null = null) {
  return (
    await recordOutflow(
      t.db,
      {
        kind: 'kitchen',
        commodity_id: commodity,
        out_date: date,
        qty_g: grams,
        heads,
        amount_rp: null,
        party: null,
        note: null,
        form_token: token(),
      },
      admin,
    )
  ).id;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).message;
}

const handover = (recipient: number, date: string, items: Array<{ commodity_id: number; qty_g: number; heads: number | null }>) =>
  createHandover(
    t.db,
    {
      recipient_id: recipient,
      event_id: null,
      handed_on: date,
      officer_id: admin,
      note: null,
      replaces_id: null,
      form_token: token(),
      items: items.map((i) => ({ ...i, note: null })),
    } as never,
    admin,
  );

beforeAll(async () => {
  t = await makeTestApp();
  ({ admin, plot: lahan, pond: kolam } = await ledgerWorld(t));
});
afterAll(() => t.close());

// Each test works on its own commodity history: start from an empty ledger.
beforeEach(() => clearLedger(t.db));

describe('a write that lowers stock is checked at its own date and every later date', () => {
  it('a back-dated kitchen outflow larger than what was on hand that day is refused over HTTP, saying the date and what was on hand', async () => {
    await harvest(CABAI, '2024-11-01', 1200);
    await harvest(CABAI, '2024-12-01', 50_000);
    const agent = await login(t.app, 'admin');
    const f = await formPage(agent, '/stock/outflows/new?kind=kitchen');
    const res = await agent
      .post('/stock/outflows')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        kind: 'kitchen',
        commodity_id: String(CABAI),
        qty_g: '10',
        out_date: '2024-11-02',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Pada 02-11-2024 stok Cabai hanya 1,2 kg, diminta 10 kg.');
    expect(res.text).toContain('value="10"');
    expect(await t.db.selectFrom('outflows').select('id').execute()).toEqual([]);
    expect((await stockOf(t.db, CABAI)).g).toBe(51_200);
  });

  it('an outflow that fits its own date but takes what later records already took is refused, naming the later date', async () => {
    await harvest(CABAI, '2025-03-01', 10_000);
    await outflow(CABAI, '2025-03-10', 8_000);
    await harvest(CABAI, '2025-03-20', 20_000);
    const msg = await refusal(outflow(CABAI, '2025-03-05', 5_000));
    expect(msg).toContain('Pada 10-03-2025 stok Cabai hanya 2 kg, diminta 5 kg sejak 05-03-2025');
    expect((await stockOf(t.db, CABAI)).g).toBe(22_000);
    await outflow(CABAI, '2025-03-05', 2_000);
    expect(await negativeBalances(t.db)).toEqual([]);
  });

  it('a back-dated handover of fish that did not exist yet is refused, in kg and in ekor, and uses no receipt number', async () => {
    await harvest(LELE, '2025-06-10', 20_000, 150);
    const r = await addRecipient(t.db);
    const msg = await refusal(handover(r, '2025-06-01', [{ commodity_id: LELE, qty_g: 1_000, heads: 8 }]));
    expect(msg).toContain('Pada 01-06-2025 stok Lele hanya 0 kg, diminta 1 kg.');
    expect(msg).toContain('Pada 01-06-2025 stok Lele hanya 0 ekor, diminta 8 ekor.');
    expect(await t.db.selectFrom('distributions').select('id').execute()).toEqual([]);
    await handover(r, '2025-06-10', [{ commodity_id: LELE, qty_g: 1_000, heads: 8 }]);
    expect((await t.db.selectFrom('distributions').select('receipt_seq').executeTakeFirstOrThrow()).receipt_seq).toBe(1);
  });

  it('a back-dated event batch is checked as a whole against that date', async () => {
    await harvest(TERONG, '2025-07-01', 3_000);
    await outflow(TERONG, '2025-07-20', 2_000);
    const event = await createEvent(
      t.db,
      { name: 'Bakti Sosial', kind: 'bakti_sosial', event_date: '2025-07-15', place: null, note: null } as never,
      admin,
    );
    const rs = [
      await addRecipient(t.db, { nik: '3316015708900011' }),
      await addRecipient(t.db, { nik: '3316015708900012', name: 'Bu Tini' }),
    ];
    const msg = await refusal(
      createBatch(
        t.db,
        event,
        {
          recipient_ids: rs,
          handed_on: '2025-07-15',
          officer_id: admin,
          form_token: token(),
          items: [{ commodity_id: TERONG, qty_g: 1_000, heads: null, note: null }],
        } as never,
        admin,
      ),
    );
    expect(msg).toContain('Penyaluran untuk 2 penerima tidak dapat disimpan');
    expect(msg).toContain('Pada 20-07-2025 stok Terong hanya 1 kg, diminta 2 kg sejak 15-07-2025');
    expect(await t.db.selectFrom('distributions').select('id').execute()).toEqual([]);
  });

  it("voiding a harvest that a later outflow used is refused even when today's stock would cover it", async () => {
    const first = await harvest(TERONG, '2025-08-01', 1_000);
    await outflow(TERONG, '2025-08-02', 1_000);
    await harvest(TERONG, '2025-08-03', 5_000);
    const msg = await refusal(voidHarvest(t.db, first, 'Salah catat', actor()));
    expect(msg).toContain('Pada 02-08-2025 stok Terong hanya 0 kg, diminta 1 kg sejak 01-08-2025');
    expect((await t.db.selectFrom('harvests').select('status').where('id', '=', first).executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('an edit that lowers a harvest, or moves it after a date that used it, is refused', async () => {
    const first = await harvest(TERONG, '2025-09-01', 4_000);
    await outflow(TERONG, '2025-09-05', 3_000);
    await harvest(TERONG, '2025-09-10', 10_000);
    const edit = (weight: number, date: string) =>
      updateHarvest(
        t.db,
        first,
        {
          commodity_id: TERONG,
          location_id: lahan,
          weight_g: weight,
          heads: null,
          grade: null,
          harvest_date: date,
          harvest_time: '07:00',
          workers: [],
          note: null,
          reason: 'Koreksi timbangan',
        },
        actor(),
      );
    expect(await refusal(edit(2_000, '2025-09-01'))).toContain('Pada 05-09-2025 stok Terong hanya 1 kg, diminta 2 kg sejak 01-09-2025');
    expect(await refusal(edit(4_000, '2025-09-07'))).toContain('Pada 05-09-2025 stok Terong hanya 1 kg, diminta 4 kg sejak 01-09-2025');
    await edit(3_500, '2025-09-02');
    expect((await stockOf(t.db, TERONG)).g).toBe(10_500);
    expect(await negativeBalances(t.db)).toEqual([]);
  });

  it('a back-dated stock count compares with the book of its own day and may not empty what later records used', async () => {
    await harvest(CABAI, '2025-10-01', 5_000);
    await outflow(CABAI, '2025-10-10', 4_000);
    await harvest(CABAI, '2025-10-20', 9_000);
    const count = (grams: number) =>
      recordStockCount(
        t.db,
        {
          commodity_id: CABAI,
          count_date: '2025-10-05',
          counted_g: grams,
          counted_heads: null,
          reason: 'Opname',
          form_token: token(),
        } as never,
        admin,
      );
    expect(await refusal(count(3_000))).toContain('Pada 10-10-2025 stok Cabai hanya 1 kg, diminta 2 kg sejak 05-10-2025');
    const saved = await count(4_500);
    expect(saved.diffG).toBe(-500);
    const row = await t.db.selectFrom('stock_counts').select(['book_g']).where('id', '=', saved.id).executeTakeFirstOrThrow();
    expect(row.book_g).toBe(5_000);
    expect((await stockOf(t.db, CABAI)).g).toBe(9_500);
  });

  it("the stock count form says which book it compared with: the one of the count's own day", async () => {
    await harvest(CABAI, '2025-10-01', 5_000);
    await harvest(CABAI, '2025-10-20', 9_000);
    const agent = await login(t.app, 'admin');
    const f = await formPage(agent, '/stock/counts/new');
    expect(f.page.text).toContain('buku hari ini 14 kg');
    const res = await agent
      .post('/stock/counts')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        commodity_id: String(CABAI),
        counted_g: '4,5',
        count_date: '2025-10-05',
        reason: 'Opname lama',
      });
    expect(res.status).toBe(303);
    const page = await agent.get(res.headers.location!);
    expect(page.text).toContain('Stok opname 05-10-2025 tercatat: buku pada tanggal itu 5 kg; selisih -0,5 kg dibukukan.');
  });

  it('voids that give stock back are never refused', async () => {
    await harvest(CABAI, '2025-11-01', 2_000);
    const out = await outflow(CABAI, '2025-11-02', 2_000);
    const r = await addRecipient(t.db);
    await harvest(CABAI, '2025-11-03', 1_000);
    const { id } = await handover(r, '2025-11-04', [{ commodity_id: CABAI, qty_g: 1_000, heads: null }]);
    await voidDistribution(t.db, id, 'Salah penerima', admin);
    await voidOutflow(t.db, out, 'Salah catat', actor());
    expect((await stockOf(t.db, CABAI)).g).toBe(3_000);
  });
});

describe('an existing database is checked for dates already below zero', () => {
  it('lists every day a commodity ends below zero and changes nothing', async () => {
    await harvest(CABAI, '2024-11-01', 1_200);
    // Written straight into the ledger, as an older Lumbung let it be.
    const now = new Date().toISOString();
    const bad = {
      commodity_id: CABAI,
      kind: 'kitchen' as const,
      heads: 0,
      harvest_id: null,
      outflow_id: null,
      stock_count_id: null,
      reverses_id: null,
      created_at: now,
      created_by: admin,
    };
    await t.db
      .insertInto('stock_movements')
      .values([{ ...bad, moved_on: '2024-11-02', qty_g: -10_000 }])
      .execute();
    await t.db.insertInto('stock_day_totals').values({ commodity_id: CABAI, day: '2024-11-02', qty_g: -10_000, heads: 0 }).execute();
    await harvest(CABAI, '2024-11-05', 5_000);
    await harvest(CABAI, '2024-11-09', 5_000);
    const before = await t.db.selectFrom('stock_movements').select('id').execute();
    expect(await negativeBalances(t.db)).toEqual([
      { commodityId: CABAI, day: '2024-11-02', qtyG: -8_800, heads: 0 },
      { commodityId: CABAI, day: '2024-11-05', qtyG: -3_800, heads: 0 },
    ]);
    expect(await t.db.selectFrom('stock_movements').select('id').execute()).toEqual(before);
    // Nothing more may leave before that day is corrected, and the message says why.
    expect(await refusal(outflow(CABAI, '2024-11-01', 100))).toContain(
      'Pada 02-11-2024 stok Cabai sudah di bawah nol (-8,8 kg) karena catatan lama; minta admin memperbaikinya dengan stok opname',
    );
    // A stock count on that day, which adds, is what corrects it.
    await recordStockCount(
      t.db,
      { commodity_id: CABAI, count_date: '2024-11-02', counted_g: 0, counted_heads: null, reason: 'Koreksi', form_token: token() } as never,
      admin,
    );
    expect(await negativeBalances(t.db)).toEqual([]);
  });
});
