// The dashboard: this WIB month so far against last month and a year ago, per role, and the
// month series behind its charts (and the monthly report's).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommodity } from '../../src/features/commodities/commodities.service.ts';
import { createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { dashboard, delta, monthSeries } from '../../src/features/dashboard/dashboard.service.ts';
import { dashboardCards } from '../../src/features/dashboard/dashboard.cards.ts';
import { createHarvest, voidHarvest } from '../../src/features/harvests/harvests.service.ts';
import { monthlyFigures, monthlyReach } from '../../src/features/reports/reports.service.ts';
import { shiftMonth } from '../../src/lib/time.ts';
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
// The first day: inside "the same days" of last month and a year ago whatever day today is.
const P = `${lastMonth}-01`;
const Y = `${yearAgo}-01`;

async function harvest(commodity: number, day: string, grams: number, heads: number | null = null) {
  return (
    await createHarvest(
      t.db,
      {
        commodity_id: commodity,
        location_id: plot,
        weight_g: grams,
        heads,
        grade: null,
        harvest_date: day,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      admin,
    )
  ).id;
}

async function outflow(kind: 'kitchen' | 'sale' | 'loss', commodity: number, day: string, grams: number, amount: number | null = null) {
  await recordOutflow(
    t.db,
    {
      kind,
      commodity_id: commodity,
      out_date: day,
      qty_g: grams,
      heads: null,
      amount_rp: amount,
      party: kind === 'sale' ? 'Pasar' : null,
      note: kind === 'loss' ? 'busuk' : null,
      form_token: token(),
    },
    admin,
  );
}

async function handover(recipient: number, day: string, commodity: number, grams: number, heads: number | null = null) {
  return (
    await createHandover(
      t.db,
      {
        recipient_id: recipient,
        event_id: null,
        handed_on: day,
        officer_id: admin,
        note: null,
        replaces_id: null,
        form_token: token(),
        items: [{ commodity_id: commodity, qty_g: grams, heads, note: null }],
      },
      admin,
    )
  ).id;
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  await addUser(t.db, 'petugas', ['petugas']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'ganda', ['petugas', 'staf']);
  plot = await addLocation(t.db, 'Lahan Blok A');
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

/** The page's <main> as text, tags stripped, whitespace collapsed. */
async function pageText(username: string) {
  const res = await (await login(t.app, username)).get('/dashboard');
  expect(res.status).toBe(200);
  const main = /<main[\s\S]*<\/main>/.exec(res.text)![0];
  return {
    html: res.text,
    text: main
      .replace(/<svg[\s\S]*?<\/svg>/g, ' [grafik] ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;|\s+/g, ' '),
  };
}

const charts = (html: string) => [...html.matchAll(/<svg [^>]*role="img"[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]!);
/** "1–30 Okt 2026": the same days of another month (up to its last day), as the cards name them. */
function sameDaysLabel(month: string): string {
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
  const day = Math.min(Number(wibDate().slice(8)), last);
  const name = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'][Number(month.slice(5)) - 1];
  return `${day === 1 ? '1' : `1–${day}`} ${name} ${month.slice(0, 4)}`;
}
const prevLabel = sameDaysLabel(lastMonth);
const agoLabel = sameDaysLabel(yearAgo);

describe('dashboard page', () => {
  it('pimpinan sees this month against last month and a year ago: harvest, outflows, reach, stock and both charts', async () => {
    const { html, text } = await pageText('pimpinan');
    // Harvest per commodity; the voided 7 kg of terong is not there.
    expect(text).toContain(`Terong 10 kg ${prevLabel}: 8 kg ▲ 25% , naik 25% ${agoLabel}: 4 kg ▲ 150% , naik 150%`);
    expect(text).toContain(`Cabai 2,5 kg ${prevLabel}: 0 kg – , tidak ada pembanding ${agoLabel}: 1 kg ▲ 150%`);
    expect(text).toContain(`Lele 20 kg 140 ekor ${prevLabel}: 10 kg ▲ 100%`);
    // Outflows by kind: the voided handover's kilo came back and is not counted.
    expect(text).toContain(`Penyaluran bantuan 5 kg ${prevLabel}: 1 kg ▲ 400%`);
    expect(text).toContain(`Dapur 1 kg ${prevLabel}: 2 kg ▼ 50% , turun 50% ${agoLabel}: 0 kg –`);
    expect(text).toContain(`Penjualan (PNBP) Rp 125.000 5 kg ${prevLabel}: Rp 10.000 ▲ 1.150%`);
    expect(text).toContain(`Susut / rusak 0,5 kg ${prevLabel}: 0 kg –`);
    // Receipts and reach.
    expect(text).toContain(`Tanda terima diterbitkan 5 ${prevLabel}: 1 ▲ 400%`);
    expect(text).toContain(`Tanda terima dibatalkan 1 ${prevLabel}: 0 –`);
    expect(text).toContain(`Keluarga WBP menerima 2 4 paket sah ${prevLabel}: 1 ▲ 100%`);
    expect(text).toContain(`Rumah tangga (KK) terjangkau 3 ${prevLabel}: 1 ▲ 200%`);
    // Stock on hand: 22 kg of terong in, 9 kg out.
    expect(text).toContain('Stok saat ini Halaman stok Terong 13 kg Cabai 3 kg Tomat 0 kg Lele 24 kg 203 ekor');
    const [harvestChart, aidChart] = charts(html);
    expect(charts(html)).toHaveLength(2);
    expect(harvestChart).toContain('Panen per komoditas per bulan (kg)');
    expect(harvestChart).toContain('Terong 18 kg, Cabai 2,5 kg, Tomat 0 kg, Lele 30 kg');
    expect(aidChart).toContain('Bantuan disalurkan per bulan (kg)');
    expect(aidChart).toContain('Disalurkan 6 kg');
    expect(html).toContain('href="/reports"');
    // Figures lead to their lists, filtered to this month.
    expect(html).toContain(`href="/harvests?from=${T}&amp;to=${wibDate()}&amp;commodity=${TERONG}"`);
    expect(html).toContain(`href="/distributions?from=${T}&amp;to=${wibDate()}&amp;status=void"`);
    expect(html).toContain(`href="/stock/movements?kind=kitchen&amp;from=${T}&amp;to=${wibDate()}"`);
    expect(html).toContain('href="/stock"');
  });

  it('admin gets the full dashboard too', async () => {
    const { html, text } = await pageText('admin');
    expect(text).toContain('Penjualan (PNBP) Rp 125.000');
    expect(text).toContain('Rumah tangga (KK) terjangkau 3');
    expect(charts(html)).toHaveLength(2);
    expect(html).toContain('href="/reports"');
  });

  it('petugas sees the harvest against last month, the stock and the harvest chart, nothing about aid or money', async () => {
    const { html, text } = await pageText('petugas');
    expect(text).toContain(`Terong 10 kg ${prevLabel}: 8 kg ▲ 25% , naik 25% Cabai`);
    expect(text).toContain('Lele 24 kg 203 ekor');
    expect(charts(html)).toHaveLength(1);
    expect(charts(html)[0]).toContain('Panen per komoditas');
    for (const hidden of [agoLabel, 'Penjualan', 'Rp ', 'Tanda terima', 'Keluarga WBP', 'Penyaluran 12 bulan', 'Laporan Bulanan'])
      expect(text).not.toContain(hidden);
    expect(html).not.toContain('href="/reports"');
    expect(html).not.toContain('href="/distributions');
  });

  it('staf sees receipts and families reached, the stock and the distribution chart, not the harvest or the money', async () => {
    const { html, text } = await pageText('staf');
    expect(text).toContain(`Tanda terima diterbitkan 5 ${prevLabel}: 1 ▲ 400%`);
    expect(text).toContain('Tanda terima dibatalkan 1');
    expect(text).toContain('Keluarga WBP menerima 2 4 paket sah');
    expect(text).toContain('Terong 13 kg');
    expect(charts(html)).toHaveLength(1);
    expect(charts(html)[0]).toContain('Bantuan disalurkan');
    for (const hidden of ['Panen bulan ini', 'Panen 12 bulan', 'Penjualan', 'Rp ', 'Dapur', agoLabel, 'Laporan Bulanan'])
      expect(text).not.toContain(hidden);
    expect(html).not.toContain('href="/reports"');
  });

  it('a user with two roles sees the union of both', async () => {
    const { html, text } = await pageText('ganda');
    expect(text).toContain('Panen bulan ini');
    expect(text).toContain('Tanda terima diterbitkan 5');
    expect(charts(html)).toHaveLength(2);
    expect(text).not.toContain('Penjualan');
    expect(html).not.toContain('href="/reports"');
  });

  it('everyone reaches Dasbor from the menu right after Beranda; pimpinan also from a home tile', async () => {
    for (const role of ['petugas', 'staf', 'pimpinan', 'admin']) {
      const home = (await (await login(t.app, role)).get('/')).text;
      const nav = /<nav class="mainnav"[\s\S]*?<\/nav>/.exec(home)![0];
      expect([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).slice(0, 3), role).toEqual(['/', '/dashboard', '/harvests']);
      expect(/class="tile[^"]*" href="\/dashboard"/.test(home), role).toBe(role === 'pimpinan' || role === 'admin');
    }
    const page = (await (await login(t.app, 'staf')).get('/dashboard')).text;
    expect(page).toMatch(/<a href="\/dashboard" aria-current="page">Dasbor<\/a>/);
  });

  it('needs a login', async () => {
    const res = await request(t.app).get('/dashboard');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });
});

describe('dashboard figures', () => {
  it('agree with the monthly report model for this month', async () => {
    const d = await dashboard(t.db, ['pimpinan']);
    const [figures, reach] = await Promise.all([monthlyFigures(t.db, thisMonth), monthlyReach(t.db, thisMonth)]);
    for (const p of figures.production) {
      // Only this month's own figure: the dashboard compares the same days, the report whole months.
      expect(d.harvest.find((h) => h.commodityId === p.commodityId)?.qtyG.now, p.name).toBe(p.qtyG);
    }
    for (const kind of ['distribution', 'kitchen', 'sale', 'loss'] as const) {
      expect(d.outflows.find((o) => o.kind === kind)!.qtyG.now, kind).toBe(figures.balance.reduce((s, b) => s + b[kind], 0));
    }
    expect(d.salesRp.now).toBe(figures.salesRp);
    expect(d.reach.issued.now).toBe(reach.receipts.issued);
    expect(d.reach.voided.now).toBe(reach.receipts.voided);
    expect(d.reach.families.now).toBe(reach.categories.find((c) => c.category === 'keluarga_wbp')!.recipients);
    expect(d.reach.households.now).toBe(reach.categories.reduce((s, c) => s + c.households, 0));
  });

  it('on the 3rd compares with the 1st–3rd of last month and of the same month a year ago, not with whole months', async () => {
    // A world of its own, on a fixed day in the past: 3 March 2026.
    const w = await makeTestApp();
    try {
      const who = await addUser(w.db, 'admin', ['admin']);
      await saveSettings(
        w.db,
        w.files,
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
        who,
      );
      const lahan = await addLocation(w.db, 'Lahan C');
      const reap = (day: string, grams: number) =>
        createHarvest(
          w.db,
          {
            commodity_id: TERONG,
            location_id: lahan,
            weight_g: grams,
            heads: null,
            grade: null,
            harvest_date: day,
            harvest_time: '07:00',
            workers: [],
            note: null,
            form_token: token(),
          },
          who,
        );
      const out = (kind: 'kitchen' | 'sale', day: string, grams: number, rp: number | null = null) =>
        recordOutflow(
          w.db,
          {
            kind,
            commodity_id: TERONG,
            out_date: day,
            qty_g: grams,
            heads: null,
            amount_rp: rp,
            party: kind === 'sale' ? 'Pasar' : null,
            note: null,
            form_token: token(),
          },
          who,
        );
      const fam = await addRecipient(w.db, { name: 'Keluarga D', category: 'keluarga_wbp', household_size: 4 });
      const give = (day: string) =>
        createHandover(
          w.db,
          {
            recipient_id: fam,
            event_id: null,
            handed_on: day,
            officer_id: who,
            note: null,
            replaces_id: null,
            form_token: token(),
            items: [{ commodity_id: TERONG, qty_g: 500, heads: null, note: null }],
          },
          who,
        );
      await reap('2025-03-02', 1_000);
      await reap('2025-03-20', 50_000);
      await reap('2026-02-03', 2_000);
      await reap('2026-02-20', 40_000);
      await reap('2026-03-02', 3_000);
      await out('kitchen', '2026-02-02', 1_000);
      await out('kitchen', '2026-02-25', 9_000);
      await out('kitchen', '2026-03-01', 2_000);
      await out('sale', '2026-02-03', 1_000, 10_000);
      await out('sale', '2026-02-27', 1_000, 90_000);
      await out('sale', '2026-03-03', 1_000, 20_000);
      await give('2026-02-01');
      await give('2026-02-21');
      await give('2026-03-02');

      const d = await dashboard(w.db, ['pimpinan'], '2026-03-03');
      expect(d.harvest.find((h) => h.commodityId === TERONG)!.qtyG).toEqual({ now: 3_000, prev: 2_000, yearAgo: 1_000 });
      expect(d.outflows.find((o) => o.kind === 'kitchen')!.qtyG).toEqual({ now: 2_000, prev: 1_000, yearAgo: 0 });
      expect(d.salesRp).toEqual({ now: 20_000, prev: 10_000, yearAgo: 0 });
      expect(d.reach.issued).toEqual({ now: 1, prev: 1, yearAgo: 0 });
      expect(d.reach.families).toEqual({ now: 1, prev: 1, yearAgo: 0 });
      const cards = dashboardCards(d);
      expect(cards.harvest.find((c) => c.label === 'Terong')!.compare.map((c) => `${c.label}: ${c.value} ${c.delta.text}`)).toEqual([
        '1–3 Feb 2026: 2 kg ▲ 50%',
        '1–3 Mar 2025: 1 kg ▲ 200%',
      ]);
      // The last day of a month compares with a whole shorter month.
      const end = await dashboard(w.db, ['pimpinan'], '2026-03-31');
      expect(end.harvest.find((h) => h.commodityId === TERONG)!.qtyG.prev).toBe(42_000);
      expect(dashboardCards(end).harvest.find((c) => c.label === 'Terong')!.compare[0]!.label).toBe('1–28 Feb 2026');
    } finally {
      await w.close();
    }
  });

  it('takes a fixed handful of grouped queries, whatever the roles', async () => {
    let queries = 0;
    const counted = t.db.withPlugin({
      transformQuery: (args) => (queries++, args.node),
      transformResult: async (args) => args.result,
    });
    await dashboard(counted, ['pimpinan', 'admin', 'petugas', 'staf']);
    // The twelve months of the charts, and the same days of three months for the cards.
    expect(queries).toBeLessThanOrEqual(11);
  });

  it('shows "–" when there is nothing to compare with, and a percentage in Indonesian format', () => {
    expect(delta(5, 0).text).toBe('–');
    expect(delta(0, 0).text).toBe('–');
    expect(delta(12.5, 10).text).toBe('▲ 25%');
    expect(delta(1, 3).text).toBe('▼ 66,7%');
    expect(delta(0, 4)).toEqual({ text: '▼ 100%', spoken: 'turun 100%', direction: 'down' });
    expect(delta(7, 7).direction).toBe('same');
  });

  it('escapes a commodity name on the page and in the chart', async () => {
    // Through the service, as the admin's form does: the write also renews the cached dashboard.
    await createCommodity(
      t.db,
      { name: '<script>alert(1)</script>', kind: 'sayur', tracks_heads: 0, sort_order: 99, active: 1, national_code: null },
      admin,
    );
    const { html } = await pageText('pimpinan');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a harvest saved through the app shows on the dashboard at once (the cached figures are renewed)', async () => {
    const before = await dashboard(t.db, ['pimpinan']);
    const terong = (d: typeof before) => d.harvest.find((h) => h.commodityId === TERONG)!.qtyG.now;
    await createHarvest(
      t.db,
      {
        commodity_id: TERONG,
        location_id: plot,
        weight_g: 1_234,
        heads: null,
        grade: null,
        harvest_date: wibDate(),
        harvest_time: '00:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      admin,
    );
    expect(terong(await dashboard(t.db, ['pimpinan']))).toBe(terong(before) + 1_234);
  });
});
