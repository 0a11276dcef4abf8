import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatch, createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { createEvent } from '../../src/features/events/events.service.ts';
import { printReceipts } from '../../src/features/receipts/receipts.service.ts';
import { createHarvest, voidHarvest } from '../../src/features/harvests/harvests.service.ts';
import { renderMonthlyReport } from '../../src/features/reports/reports.pdf.ts';
import { describeChange, buildSnapshot } from '../../src/features/reports/reports.snapshot.ts';
import { reportTables } from '../../src/features/reports/reports.tables.ts';
import { balanceAddsUp, monthlyFigures, monthlyReach } from '../../src/features/reports/reports.service.ts';
import { monthRange, shiftMonth } from '../../src/lib/time.ts';
import { addSignatory, saveSettings } from '../../src/features/settings/settings.service.ts';
import { recordOutflow, recordStockCount } from '../../src/features/stock/stock.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { readPdf } from '../support/pdf.ts';
import { addInmate, addLocation, addRecipient, addUser, CABAI, LELE, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: number;
let plot: number;
let pond: number;

async function harvest(
  commodity: number,
  day: string,
  grams: number,
  heads: number | null = null,
  location = plot,
  workers: string[] = [],
) {
  return (
    await createHarvest(
      t.db,
      {
        commodity_id: commodity,
        location_id: location,
        weight_g: grams,
        heads,
        grade: null,
        harvest_date: day,
        harvest_time: '07:00',
        workers,
        note: null,
        form_token: token(),
      },
      admin,
    )
  ).id;
}

async function outflow(
  kind: 'kitchen' | 'sale' | 'loss',
  commodity: number,
  day: string,
  grams: number,
  amount: number | null = null,
  heads: number | null = null,
) {
  await recordOutflow(
    t.db,
    {
      kind,
      commodity_id: commodity,
      out_date: day,
      qty_g: grams,
      heads,
      amount_rp: amount,
      party: kind === 'sale' ? 'Pasar' : null,
      note: kind === 'loss' ? 'busuk' : null,
      form_token: token(),
    },
    admin,
  );
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await addUser(t.db, 'admin', ['admin']);
  plot = await addLocation(t.db, 'Lahan Blok A');
  pond = await addLocation(t.db, 'Kolam 1', 'kolam');
  await saveSettings(
    t.db,
    t.files,
    {
      unit_name: 'RUTAN BLORA',
      unit_code: 'RTNBLORA',
      ministry_line: 'KEMENTERIAN',
      kanwil_line: 'KANWIL',
      address: 'Blora',
      city: 'Blora',
      phone: null,
      email: null,
      paper_size: 'a4',
      receipts_per_page: 1,
    },
    { logo: null, removeLogo: false, effectiveFrom: '2020-01-01' },
    admin,
  );
  const head = { position: 'kepala_rutan' as const, title: 'Kepala Rutan Kelas IIB Blora' };
  await addSignatory(t.db, { ...head, name: 'Budi Hardiono', nip: '196808171990031003', valid_from: '2023-07-01', valid_to: null }, admin);
  await addSignatory(t.db, { ...head, name: 'Sugito', nip: '197505052000031002', valid_from: '2025-03-01', valid_to: null }, admin);

  await harvest(TERONG, '2024-10-15', 2_000); // a year before the report month
  await harvest(TERONG, '2025-09-20', 4_000); // the month before
  await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
  await addInmate(t.db, 'Joko Susilo', 'BI.87/2025');
  await harvest(TERONG, '2025-10-05', 10_000, null, plot, ['BI.123/2025', 'BI.87/2025']);
  await harvest(CABAI, '2025-10-05', 3_000, null, plot, ['BI.123/2025']);
  await harvest(CABAI, '2025-10-06', 1_000, null, plot, ['BI.123/2025']);
  await harvest(TERONG, '2025-10-20', 5_000, null, pond);
  const mistake = await harvest(TERONG, '2025-10-21', 7_000);
  await voidHarvest(t.db, mistake, 'salah timbang', { id: admin, roles: ['admin'] });
  await harvest(LELE, '2025-10-08', 20_000, 140, pond);
  await outflow('kitchen', TERONG, '2025-10-10', 1_000);
  await outflow('sale', TERONG, '2025-10-11', 2_000, 16_000);
  await outflow('sale', LELE, '2025-10-12', 5_000, 125_000, 35);
  await outflow('loss', TERONG, '2025-10-12', 500);
  await outflow('kitchen', TERONG, '2025-11-02', 1_000); // the month after: not in October
  const r = await addRecipient(t.db);
  await createHandover(
    t.db,
    {
      recipient_id: r,
      event_id: null,
      handed_on: '2025-10-15',
      officer_id: admin,
      note: null,
      replaces_id: null,
      form_token: token(),
      items: [
        { commodity_id: TERONG, qty_g: 1_500, heads: null, note: null },
        { commodity_id: LELE, qty_g: 1_000, heads: 7, note: null },
      ],
    },
    admin,
  );
  // A Bakti Sosial with two families: one receipt voided, one printed twice.
  const event = await createEvent(
    t.db,
    { name: 'Bakti Sosial Oktober', kind: 'bakti_sosial', event_date: '2025-10-27', place: 'Aula', note: null },
    admin,
  );
  const fam = [
    await addRecipient(t.db, { name: 'Keluarga A', category: 'keluarga_wbp', household_size: 5 }),
    await addRecipient(t.db, { name: 'Keluarga B', category: 'keluarga_wbp', household_size: 3 }),
  ];
  const { ids } = await createBatch(
    t.db,
    event,
    {
      handed_on: '2025-10-27',
      officer_id: admin,
      form_token: token(),
      recipient_ids: fam,
      items: [{ commodity_id: CABAI, qty_g: 500, heads: null, note: null }],
    },
    admin,
  );
  await voidDistribution(t.db, ids[1]!, 'salah orang', admin);
  await printReceipts(t.db, [ids[0]!], admin, token());
  await printReceipts(t.db, [ids[0]!], admin, token());
  // Counted on the last day: 300 g of terong fewer than the book says on that day (16 kg: the
  // November outflow is not in the book of 31 October).
  await recordStockCount(
    t.db,
    {
      commodity_id: TERONG,
      count_date: '2025-10-31',
      counted_g: 16_000 - 300,
      counted_heads: null,
      reason: 'opname akhir bulan',
      form_token: token(),
    },
    admin,
  );
});
afterAll(() => t.close());

describe('monthly report model', () => {
  it('months are WIB calendar months, shifted across a year', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-10', -12)).toBe('2024-10');
  });

  it('harvest per commodity, against the previous month and the same month a year earlier; a voided harvest does not count', async () => {
    const f = await monthlyFigures(t.db, '2025-10');
    const terong = f.production.find((p) => p.commodityId === TERONG)!;
    expect(terong).toMatchObject({ qtyG: 15_000, count: 2, prevQtyG: 4_000, yearAgoQtyG: 2_000 });
    const lele = f.production.find((p) => p.commodityId === LELE)!;
    expect(lele).toMatchObject({ qtyG: 20_000, heads: 140, count: 1 });
    expect(f.production.find((p) => p.commodityId === CABAI)).toMatchObject({ qtyG: 4_000, count: 2, prevQtyG: 0 });
    expect(f.production.find((p) => p.commodityId === 3)).toMatchObject({ qtyG: 0, count: 0 });
    expect(f.byLocation.filter((l) => l.commodityId === TERONG).map((l) => [l.locationName, l.qtyG])).toEqual([
      ['Kolam 1', 5_000],
      ['Lahan Blok A', 10_000],
    ]);
    expect(f.salesRp).toBe(141_000);
  });

  it('the balance line adds up: start + harvest − aid − kitchen − sale − loss ± count = end', async () => {
    const f = await monthlyFigures(t.db, '2025-10');
    const terong = f.balance.find((b) => b.commodityId === TERONG)!;
    expect(terong).toMatchObject({
      start: 6_000,
      harvest: 15_000,
      distribution: 1_500,
      kitchen: 1_000,
      sale: 2_000,
      loss: 500,
      adjustment: -300,
      end: 15_700,
    });
    const lele = f.balance.find((b) => b.commodityId === LELE)!;
    expect(lele).toMatchObject({ start: 0, harvest: 20_000, distribution: 1_000, sale: 5_000, end: 14_000 });
    expect(lele.heads).toEqual({ start: 0, harvest: 140, out: 42, adjustment: 0, end: 98 });
    expect(balanceAddsUp(f.balance)).toBe(true);
    expect(f.balance.find((b) => b.commodityId === CABAI)).toMatchObject({
      start: 0,
      harvest: 4_000,
      distribution: 500,
      kitchen: 0,
      end: 3_500,
    });
    // Tomat had nothing in or out: no line.
    expect(f.balance.find((b) => b.commodityId === 3)).toBeUndefined();
  });

  it('counts receipts, who was reached per category, events, and the inmates who worked', async () => {
    const r = await monthlyReach(t.db, '2025-10');
    // The copy was printed today, so it counts in this month's report, not October's.
    expect(r.receipts).toEqual({ issued: 3, valid: 2, voided: 1, reprints: 0 });
    expect((await monthlyReach(t.db, wibDate().slice(0, 7))).receipts.reprints).toBe(1);
    const fam = r.categories.find((c) => c.category === 'keluarga_wbp')!;
    expect(fam).toMatchObject({ recipients: 1, handovers: 1, households: 1, people: 5 });
    expect(r.categories.find((c) => c.category === 'masyarakat')).toMatchObject({ recipients: 1, handovers: 1, households: 1, people: 4 });
    expect(r.summary).toBe('2 paket kepada 2 KK dalam 1 kegiatan');
    expect(r.events.map((e) => [e.name, e.handovers])).toEqual([['Bakti Sosial Oktober', 1]]);
    expect(r.workers).toEqual([
      { name: 'Ahmad Fauzi', regNumber: 'BI.123/2025', days: 2 },
      { name: 'Joko Susilo', regNumber: 'BI.87/2025', days: 1 },
    ]);
    expect(r.workDays).toBe(3);
  });

  it("is signed by the head in office in that month, not today's", async () => {
    expect((await monthlyFigures(t.db, '2025-02')).head?.name).toBe('Budi Hardiono');
    expect((await monthlyFigures(t.db, '2025-03')).head?.name).toBe('Sugito');
  });
});

describe('monthly report snapshot and tables', () => {
  const opts = (status: 'draft' | 'final' = 'draft') => ({ status, generatedAt: '2025-11-03T02:00:00.000Z', generatedById: admin });

  it('the annex lists voids (with the replacing receipt), and stock counts with book, counted and reason', async () => {
    const s = await buildSnapshot(t.db, '2025-10', opts());
    expect(s.annex.voids.map((v) => [v.day, v.what, v.reason])).toEqual([
      ['2025-10-21', 'Panen', 'salah timbang'],
      ['2025-10-27', 'Tanda terima', 'salah orang'],
    ]);
    expect(s.annex.voids[0]!.detail).toBe('Terong 7 kg');
    expect(s.annex.stockCounts).toEqual([
      expect.objectContaining({ day: '2025-10-31', commodity: 'Terong', bookG: 16_000, countedG: 15_700, reason: 'opname akhir bulan' }),
    ]);
    expect(s.annex.corrections).toEqual([]);
  });

  it('the tables carry the balance line and the sums, one column per commodity where per commodity', async () => {
    const s = await buildSnapshot(t.db, '2025-10', opts());
    const tables = reportTables(s);
    expect(tables.balance.rows.find((r) => r[0] === 'Terong')).toEqual([
      'Terong',
      6_000,
      15_000,
      1_500,
      1_000,
      2_000,
      500,
      0,
      -300,
      15_700,
    ]);
    expect(tables.locations.columns.map((c) => c.header)).toEqual([
      'Lahan / kolam',
      'Terong',
      'Cabai',
      'Tomat',
      'Lele',
      'Jumlah semua komoditas',
    ]);
    expect(tables.locations.rows.at(-1)).toEqual(['Jumlah semua komoditas', 15_000, 4_000, 0, 20_000, 39_000]);
    const sale = tables.outflows.rows.find((r) => r[0] === 'Penjualan (PNBP)')!;
    expect(sale.at(-1)).toBe(141_000);
    expect(tables.production.rows.find((r) => r[0] === 'Terong')).toEqual(['Terong', 2, 15_000, null, 4_000, 2.75, 2_000, 6.5]);
    expect(tables.categories.rows.at(-1)).toEqual(['Jumlah', 2, 2, 2, 9]);
  });

  it('prints the letterhead and head in force in that month, and the 12-month series ends with it', async () => {
    const feb = await buildSnapshot(t.db, '2025-02', opts());
    expect(feb.head).toMatchObject({ name: 'Budi Hardiono', nip: '196808171990031003' });
    expect(feb.signDate).toBe('2025-11-03');
    const oct = await buildSnapshot(t.db, '2025-10', opts());
    expect(oct.head?.name).toBe('Sugito');
    expect(oct.letterhead.unitName).toBe('RUTAN BLORA');
    expect(oct.series.months).toHaveLength(12);
    expect(oct.series.months.at(-1)).toBe('2025-10');
    expect(oct.series.harvest.find((h) => h.commodityId === TERONG)!.qtyG.slice(-2)).toEqual([4_000, 15_000]);
  });

  it('a correction is described by the fields that changed', () => {
    expect(
      describeChange(
        JSON.stringify({ weight_g: 2500, note: null, workers: ['BI.1/2025'] }),
        JSON.stringify({ weight_g: 3000, note: null, workers: [] }),
      ),
    ).toEqual({ before: 'Berat: 2,5 kg; WBP: BI.1/2025', after: 'Berat: 3 kg; WBP: –' });
  });

  it('the same final snapshot draws the same PDF bytes, A4 and F4', async () => {
    const s = JSON.parse(JSON.stringify(await buildSnapshot(t.db, '2025-10', opts('final'))));
    for (const paper of ['a4', 'f4'] as const) {
      const a = await renderMonthlyReport(s, paper, t.files);
      const b = await renderMonthlyReport(JSON.parse(JSON.stringify(s)), paper, t.files);
      expect(a.equals(b)).toBe(true);
    }
  });
});

describe('the report on paper with many commodities', () => {
  it('keeps every number on one line and every text inside the page, legend included', async () => {
    const s = JSON.parse(
      JSON.stringify(
        await buildSnapshot(t.db, '2025-10', { status: 'draft', generatedAt: '2025-11-03T02:00:00.000Z', generatedById: admin }),
      ),
    );
    const names = [
      'Terong',
      'Cabai',
      'Tomat',
      'Lele',
      'Kangkung',
      'Bayam',
      'Ayam Kampung',
      'Telur Ayam',
      'Sawi Hijau',
      'Kacang Panjang',
      'Jagung Manis',
      'Ubi Jalar',
    ];
    s.commodities = names.map((name, i) => ({ id: i + 1, name, tracksHeads: i === 3 }));
    s.balance = names.map((name, i) => ({
      commodityId: i + 1,
      name,
      tracksHeads: i === 3,
      start: 1_234_567,
      harvest: 3_704_935,
      distribution: 1_000_001,
      kitchen: 999_999,
      sale: 12_345,
      loss: 678,
      grant: 4_321,
      adjustment: -1_234,
      end: 1_234_567 + 3_704_935 - 1_000_001 - 999_999 - 12_345 - 678 - 4_321 - 1_234,
      heads: { start: 0, harvest: 0, out: 0, adjustment: 0, end: 0 },
    }));
    s.byLocation = names.map((_, i) => ({
      locationId: 1,
      locationName: 'Lahan Blok A',
      locationKind: 'lahan',
      commodityId: i + 1,
      qtyG: 1_234_567,
      count: 3,
    }));
    s.series.harvest = names.map((name, i) => ({
      commodityId: i + 1,
      name,
      tracksHeads: false,
      qtyG: s.series.months.map(() => 100_000),
      heads: s.series.months.map(() => 0),
    }));
    for (const paper of ['a4', 'f4'] as const) {
      const { pages } = await readPdf(await renderMonthlyReport(s, paper, t.files));
      const text = pages.map((p) => p.text).join(' ');
      expect(text).toContain('1.234,567');
      expect(text).toContain('Ubi Jalar');
      for (const [n, p] of pages.entries()) {
        // (The KONSEP watermark is drawn as outlines, not text: every text item is checked.)
        for (const item of p.items) expect(item.x + item.w, `page ${n + 1}: "${item.str}"`).toBeLessThanOrEqual(p.width - 40);
      }
      // Every number whole on its line: the harvest of each of the 12 commodities reads 3.704,935 in one piece.
      expect(pages.flatMap((p) => p.items).filter((i) => i.str === '3.704,935').length).toBeGreaterThanOrEqual(12);
      // ... and the bold totals too: the plots' sum over 12 commodities.
      expect(pages.flatMap((p) => p.items).filter((i) => i.str === '14.814,804').length).toBe(2);
    }
  });
});
