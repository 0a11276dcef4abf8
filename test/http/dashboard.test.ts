// The dashboard: this WIB month so far against last month and a year ago, per role, and the
// month series behind its charts (and the monthly report's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { monthSeries } from '../../src/features/dashboard/dashboard.service.ts';
import { createHarvest, voidHarvest } from '../../src/features/harvests/harvests.service.ts';
import { shiftMonth } from '../../src/features/reports/reports.service.ts';
import { saveSettings } from '../../src/features/settings/settings.service.ts';
import { recordOutflow } from '../../src/features/stock/stock.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { addLocation, addRecipient, addUser, CABAI, LELE, login, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: number;
let plot: number;
const TOMAT = 3;
// Harvests cannot be in the future: this month's records are on its first day.
const thisMonth = wibDate().slice(0, 7);
const lastMonth = shiftMonth(thisMonth, -1);
const yearAgo = shiftMonth(thisMonth, -12);
const T = `${thisMonth}-01`;
const P = `${lastMonth}-15`;
const Y = `${yearAgo}-10`;

async function harvest(commodity: number, day: string, grams: number, heads: number | null = null) {
  return (await createHarvest(t.db, {
    commodity_id: commodity, location_id: plot, weight_g: grams, heads, grade: null, harvest_date: day, harvest_time: '07:00',
    workers: [], note: null, form_token: token(),
  }, admin)).id;
}

async function outflow(kind: 'kitchen' | 'sale' | 'loss', commodity: number, day: string, grams: number, amount: number | null = null) {
  await recordOutflow(t.db, { kind, commodity_id: commodity, out_date: day, qty_g: grams, heads: null, amount_rp: amount, party: kind === 'sale' ? 'Pasar' : null, note: kind === 'loss' ? 'busuk' : null, form_token: token() }, admin);
}

async function handover(recipient: number, day: string, commodity: number, grams: number, heads: number | null = null) {
  return (await createHandover(t.db, {
    recipient_id: recipient, event_id: null, handed_on: day, officer_id: admin, note: null, replaces_id: null, form_token: token(),
    items: [{ commodity_id: commodity, qty_g: grams, heads, note: null }],
  }, admin)).id;
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  await addUser(t.db, 'petugas', ['petugas']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'ganda', ['petugas', 'staf']);
  plot = await addLocation(t.db, 'Lahan Blok A');
  await saveSettings(t.db, t.config.uploadsDir, {
    unit_name: 'RUTAN BLORA', unit_code: 'RTNBLORA', ministry_line: 'KEMENTERIAN', kanwil_line: 'KANWIL', address: 'Blora', city: 'Blora',
    phone: null, email: null, paper_size: 'a4', receipts_per_page: 1,
  }, { logo: null, removeLogo: false, effectiveFrom: '2020-01-01' }, admin);

  await harvest(TERONG, Y, 4_000);
  await harvest(CABAI, Y, 1_000);
  await harvest(TERONG, P, 8_000);
  await harvest(LELE, P, 10_000, 70);
  await harvest(TERONG, T, 10_000);
  await harvest(CABAI, T, 2_500);
  await harvest(LELE, T, 20_000, 140);
  await voidHarvest(t.db, await harvest(TERONG, T, 7_000), 'salah timbang', { id: admin, roles: ['admin'] });

  await outflow('kitchen', TERONG, P, 2_000);
  await outflow('sale', TERONG, P, 1_000, 10_000);
  await outflow('kitchen', TERONG, T, 1_000);
  await outflow('sale', LELE, T, 5_000, 125_000);
  await outflow('loss', TERONG, T, 500);

  const famA = await addRecipient(t.db, { name: 'Keluarga A', category: 'keluarga_wbp', household_size: 5 });
  const famB = await addRecipient(t.db, { name: 'Keluarga B', category: 'keluarga_wbp', household_size: 3 });
  const famC = await addRecipient(t.db, { name: 'Keluarga C', category: 'keluarga_wbp', household_size: 2 });
  const neighbour = await addRecipient(t.db, { name: 'Tetangga', category: 'masyarakat', household_size: 4 });
  const orphanage = await addRecipient(t.db, { name: 'Panti Asuhan', category: 'lembaga', nik: null, household_size: null });
  await handover(famA, P, TERONG, 1_000);
  await handover(famA, T, TERONG, 1_500);
  await handover(famB, T, CABAI, 500);
  await handover(neighbour, T, LELE, 1_000, 7);
  await handover(orphanage, T, TERONG, 2_000);
  await voidDistribution(t.db, await handover(famC, T, TERONG, 1_000), 'salah orang', admin);
});
afterAll(() => t.close());

describe('month series (shared with the monthly report)', () => {
  it('puts valid harvests and handovers in their months, with zero months present and voided records left out', async () => {
    const s = await monthSeries(t.db, thisMonth, 13);
    expect(s.months).toHaveLength(13);
    expect(s.months[0]).toBe(yearAgo);
    expect(s.months.at(-2)).toBe(lastMonth);
    expect(s.months.at(-1)).toBe(thisMonth);
    const terong = s.harvest.find((h) => h.commodityId === TERONG)!;
    expect(terong.qtyG).toEqual([4_000, ...Array(10).fill(0), 8_000, 10_000]);
    const lele = s.harvest.find((h) => h.commodityId === LELE)!;
    expect(lele).toMatchObject({ name: 'Lele', tracksHeads: true });
    expect(lele.heads).toEqual([...Array(11).fill(0), 70, 140]);
    expect(s.harvest.map((h) => h.commodityId)).toEqual([TERONG, CABAI, TOMAT, LELE]);
    expect(s.harvest.find((h) => h.commodityId === TOMAT)!.qtyG.every((g) => g === 0)).toBe(true);
    expect(s.distribution.qtyG).toEqual([...Array(11).fill(0), 1_000, 5_000]);
    expect(s.distribution.handovers).toEqual([...Array(11).fill(0), 1, 4]);
    // Keluarga A, Keluarga B and the neighbour; the institution has no household, Keluarga C's receipt was voided.
    expect(s.distribution.households).toEqual([...Array(11).fill(0), 1, 3]);
  });

  it('ends with the month asked for, twelve months by default', async () => {
    const s = await monthSeries(t.db, lastMonth);
    expect(s.months).toHaveLength(12);
    expect(s.months.at(-1)).toBe(lastMonth);
    expect(s.months[0]).toBe(yearAgo);
    expect(s.harvest.find((h) => h.commodityId === TERONG)!.qtyG).toEqual([4_000, ...Array(10).fill(0), 8_000]);
    // This month's records are after the range.
    expect(s.harvest.find((h) => h.commodityId === CABAI)!.qtyG).toEqual([1_000, ...Array(11).fill(0)]);
    expect(s.distribution.qtyG.at(-1)).toBe(1_000);
  });

  it('keeps an inactive commodity only when it has data in the range', async () => {
    await t.db.updateTable('commodities').set({ active: 0 }).where('id', 'in', [TOMAT, CABAI]).execute();
    try {
      const ids = (await monthSeries(t.db, thisMonth)).harvest.map((h) => h.commodityId);
      expect(ids).toEqual([TERONG, CABAI, LELE]);
    } finally {
      await t.db.updateTable('commodities').set({ active: 1 }).where('id', 'in', [TOMAT, CABAI]).execute();
    }
  });
});
