// The stock history (Riwayat) read like a stock card: a handover named by its receipt number, and,
// for one commodity, the balance after each movement (saldo) from the daily and monthly totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { browseMovements } from '../../src/features/stock/stock.service.ts';
import { CABAI, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';
import { makeWorld, type World } from '../support/fuzz-world.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  // Sixty more cabai harvests over three months: more than one page, and more than one month.
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(Number(w.today.slice(0, 4)) - 1, 8, 1 + i)).toISOString().slice(0, 10);
    await createHarvest(
      t.db,
      {
        commodity_id: CABAI,
        location_id: w.ids.lahan,
        weight_g: 1_000 + i,
        heads: null,
        grade: null,
        harvest_date: day,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      w.ids.admin,
    );
  }
});
afterAll(() => t.close());

const receiptNo = async (id: number) =>
  (await t.db.selectFrom('distributions').select('receipt_no').where('id', '=', id).executeTakeFirstOrThrow()).receipt_no;

describe('stock history', () => {
  it('names a handover by its receipt number; a link to it only for those who may open it', async () => {
    const no = await receiptNo(w.ids.distribution);
    const staf = (await w.agents.staf.get(`/stock/movements?commodity=${TERONG}`)).text;
    expect(staf).toContain(`<a href="/distributions/${w.ids.distribution}">${no}</a>`);
    const petugas = (await w.agents.petugas.get(`/stock/movements?commodity=${TERONG}`)).text;
    expect(petugas).toContain(no);
    expect(petugas).not.toContain(`href="/distributions/`);
    expect(petugas).not.toMatch(/Penyaluran #\d/);
  });

  it('for one commodity shows the balance after each movement, like a stock card', async () => {
    // Terong: +500 kg a year ago; today −1 kg kitchen, −1 kg and −1 kg handed over, +1 kg back from the voided one.
    const { rows } = await browseMovements(t.db, { commodityId: TERONG }, 1);
    expect(rows.map((r) => [r.qty_g, r.balance_g])).toEqual([
      [1_000, 498_000],
      [-1_000, 497_000],
      [-1_000, 498_000],
      [-1_000, 499_000],
      [500_000, 500_000],
    ]);
    const page = (await w.agents.pimpinan.get(`/stock/movements?commodity=${TERONG}`)).text;
    expect(page).toContain('<th scope="col" class="num">Saldo</th>');
    expect(page).toMatch(/<td class="num saldo">498 kg<\/td>/);
    // Without one commodity (or with a kind) a balance would mix things up: no column.
    expect((await w.agents.pimpinan.get('/stock/movements')).text).not.toContain('>Saldo<');
    expect((await w.agents.pimpinan.get(`/stock/movements?commodity=${TERONG}&kind=kitchen`)).text).not.toContain('>Saldo<');
  });

  it('the balance runs on across pages and months, ending with the first movement, beginning with the stock on hand', async () => {
    const first = await browseMovements(t.db, { commodityId: CABAI }, 1);
    const second = await browseMovements(t.db, { commodityId: CABAI }, 2);
    expect(first.pages).toBe(2);
    const rows = [...first.rows, ...second.rows];
    expect(rows).toHaveLength(61);
    const onHand = 100_000 + Array.from({ length: 60 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0);
    expect(rows[0]!.balance_g).toBe(onHand);
    for (let i = 0; i < rows.length - 1; i++) expect(rows[i]!.balance_g, `row ${i}`).toBe(rows[i + 1]!.balance_g! + rows[i]!.qty_g);
    expect(rows.at(-1)!.balance_g).toBe(rows.at(-1)!.qty_g);
    // A date range keeps the balance of the whole ledger: the last row of September's page.
    const sept = await browseMovements(t.db, { commodityId: CABAI, to: `${Number(w.today.slice(0, 4)) - 1}-09-30` }, 1);
    expect(sept.rows[0]!.balance_g).toBe(Array.from({ length: 30 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0));
  });
});
