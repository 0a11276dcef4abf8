// Issue 18: the reporting rate and the roll-ups of a Kanwil and of the nation, against the known
// months of a small national tree (test/support/kanwil-world.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { readSnapshot } from '../../src/features/reports/reports.read.ts';
import { shiftMonth } from '../../src/lib/time.ts';
import { submit } from '../support/app.ts';
import { makeKanwilWorld, MONTH, type KanwilWorld } from '../support/kanwil-world.ts';

let k: KanwilWorld;
beforeAll(async () => {
  k = await makeKanwilWorld();
}, 60_000);
afterAll(() => k.t.close());

const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The CSV's section of a title, as rows of cells (a simple split: the roll-up's cells hold no ';'). */
function section(csv: string, title: string): string[][] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(title) || l.startsWith(`"${title}`));
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.trim()) break;
    rows.push(l.split(';').map((c) => c.replace(/^"|"$/g, '')));
  }
  return rows;
}

describe('the reporting rate', () => {
  it("counts the Kanwil's three UPT: two final (one accepted), one returned, all on time", async () => {
    const res = await k.agents.kanwil.get(`/oversight?month=${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/2 dari 3 UPT final untuk [A-Z][a-z]+ \d{4}, 2 tepat waktu/);
    for (const [state, n] of [
      ['final', 2],
      ['accepted', 1],
      ['returned', 1],
      ['missing', 0],
      ['imported', 0],
    ] as const)
      expect(res.text).toMatch(
        new RegExp(`data-count="${state}"[^>]*>\\s*<span class="stat-label">[^<]*</span>\\s*<span class="stat-value">${n}</span>`),
      );
    expect(res.text).toContain('data-unit="RTNKUDUS" data-state="returned"');
    expect(res.text).toContain('Panen cabai tanggal 5 tertulis dua kali.');
    expect(res.text).not.toContain('Surabaya'); // Kanwil Jawa Timur's UPT is not the Kanwil's
  });

  it('for the nation: four UPT, Surabaya missing; the list filters by state', async () => {
    const res = await k.agents.pusat.get(`/oversight?month=${MONTH}`);
    expect(res.text).toMatch(/2 dari 4 UPT final/);
    const missing = await k.agents.pusat.get(`/oversight?month=${MONTH}&state=missing`);
    expect(missing.text).toContain('data-unit="RTNSBY" data-state="missing"');
    expect(missing.text).not.toContain('data-unit="RTNUJI"');
  });

  it('a report first finalised after the deadline day is late; the national head sets the day', async () => {
    const late = await submit(k.agents.pusat, `/oversight?month=${MONTH}`, '/oversight/deadline', { area: String(k.national), day: '31' });
    expect(late.status).toBe(422);
    expect(late.text).toContain('Tanggal batas');
    // Pati's report finalised on the 12th of the next month: with the deadline on the 10th, late.
    await withUnitScope(unitScope(k.upts.pati.id), () =>
      k.t.db
        .updateTable('monthly_reports')
        .set({ finalised_at: `${shiftMonth(MONTH, 1)}-12T03:00:00.000Z` })
        .where('month', '=', MONTH)
        .execute(),
    );
    const set = await submit(k.agents.pusat, `/oversight?month=${MONTH}`, '/oversight/deadline', { area: String(k.national), day: '10' });
    expect(set.status).toBe(303);
    expect((await k.agents.pusat.get(`/oversight?month=${MONTH}`)).text).toMatch(/2 dari 4 UPT final untuk [^,]+, 1 tepat waktu/);
    const on15 = await submit(k.agents.pusat, `/oversight?month=${MONTH}`, '/oversight/deadline', { area: String(k.national), day: '15' });
    expect(on15.status).toBe(303);
    expect((await k.agents.pusat.get(`/oversight?month=${MONTH}`)).text).toMatch(/2 tepat waktu/);
    // Only the head at the top sets it: the Kanwil's head is refused.
    const kanwil = await submit(k.agents.kanwil, `/oversight?month=${MONTH}`, '/oversight/deadline', { area: String(k.jateng), day: '5' });
    expect(kanwil.status).toBe(403);
  });

  it('is not for a UPT: its pimpinan is refused, and sees no menu item', async () => {
    expect((await k.agents.ujiPimpinan.get('/oversight')).status).toBe(403);
    expect((await k.agents.ujiPimpinan.get('/')).text).not.toContain('href="/oversight"');
    expect((await k.agents.kanwil.get('/')).text).toContain('href="/oversight"');
  });

  it("a Kanwil head asking for the national area gets the Kanwil's own", async () => {
    const res = await k.agents.kanwil.get(`/oversight?area=${k.national}&month=${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Pelaporan Kanwil Jawa Tengah');
    expect(res.text).not.toContain('RTNSBY');
  });

  it("opens a UPT's report page from the list (the drill-down switches to that unit, read only)", async () => {
    const res = await submit(k.agents.kanwil, `/oversight?month=${MONTH}`, '/unit', {
      unit_id: String(k.upts.pati.id),
      next: `/reports?month=${MONTH}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/reports?month=${MONTH}`);
    const page = await k.agents.kanwil.get(res.headers.location!);
    expect(page.text).toContain('Lapas Kelas IIB Pati');
    expect(page.text).toContain('Terima laporan');
    // Only a path of this site is followed.
    const away = await submit(k.agents.kanwil, `/oversight?month=${MONTH}`, '/unit', {
      unit_id: String(k.upts.pati.id),
      next: '//evil.example/x',
    });
    expect(away.headers.location).toBe('/');
  });
});

describe('the roll-up', () => {
  const finalsOf = async (ids: number[]) => {
    let grams = 0;
    let rupiah = 0;
    for (const id of ids) {
      const row = await withUnitScope(unitScope(id), () =>
        k.t.db
          .selectFrom('monthly_reports')
          .select('snapshot_json')
          .where('month', '=', MONTH)
          .where('status', '=', 'final')
          .executeTakeFirstOrThrow(),
      );
      const s = readSnapshot(row.snapshot_json, MONTH);
      grams += s.production.reduce((n, p) => n + p.qtyG, 0);
      rupiah += s.salesRp;
    }
    return { grams, rupiah };
  };

  it('equals the sum of the final reports it holds (accepted and waiting; not the returned one), to the gram and rupiah', async () => {
    const res = await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const { grams, rupiah } = await finalsOf([k.upts.uji.id, k.upts.pati.id]);
    const recorded = (u: (typeof k.upts)['uji']) => Object.values(u.grams).reduce((a, b) => a + b, 0);
    expect(grams).toBe(recorded(k.upts.uji) + recorded(k.upts.pati));
    const sectors = section(res.text, 'Produksi per sektor');
    const kg = (cell: string) => Math.round(Number(cell.replace(',', '.')) * 1000);
    const sum = sectors.at(-1)!;
    expect(sum[0]).toBe('Jumlah');
    expect(kg(sum[1]!)).toBe(grams);
    const pertanian = sectors.find((r) => r[0] === 'Pertanian/Perkebunan')!;
    expect(kg(pertanian[1]!)).toBe(12_345 + 2_001 + 7_777);
    const perikanan = sectors.find((r) => r[0] === 'Perikanan')!;
    expect(kg(perikanan[1]!)).toBe(30_500 + 12_125);
    const use = section(res.text, 'Pemanfaatan hasil');
    const sale = use.find((r) => r[0] === 'Penjualan (PNBP)')!;
    expect(kg(sale[1]!)).toBe(4_000 + 1_500);
    expect(Number(sale[2])).toBe(rupiah);
    expect(rupiah).toBe(60_000 + 22_500);
    // Every section says when and from how many.
    expect(res.text).toMatch(/data per .* WIB, 2 dari 3 UPT final/);
  });

  it('names each UPT with its status; Kudus (returned) adds nothing', async () => {
    const res = await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.csv`);
    const units = section(res.text, 'Per UPT');
    const kudus = units.find((r) => r[0] === 'Rutan Kelas IIB Kudus')!;
    expect(kudus[2]).toBe('Dikembalikan');
    expect(kudus.slice(3).every((c) => c === '')).toBe(true);
    expect(units.at(-1)![0]).toBe('Jumlah (2 UPT)');
  });

  it('with drafts asked: the UPT not final are drawn from their records and the file says KONSEP', async () => {
    const res = await k.agents.pusat.get(`/oversight/rollup/${MONTH}.csv?drafts=1`);
    expect(res.text).toContain('KONSEP');
    const sectors = section(res.text, 'Produksi per sektor');
    const kg = (cell: string) => Math.round(Number(cell.replace(',', '.')) * 1000);
    const all = Object.values(k.upts).reduce((n, u) => n + Object.values(u.grams).reduce((a, b) => a + b, 0), 0);
    expect(kg(sectors.at(-1)![1]!)).toBe(all);
    const plain = await k.agents.pusat.get(`/oversight/rollup/${MONTH}.csv`);
    expect(plain.text).not.toContain('KONSEP');
  });

  it('downloads as XLSX and as a PDF that names the count on every page', async () => {
    const xlsx = await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.xlsx`).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const pdf = await k.agents.pusat.get(`/oversight/rollup/${MONTH}.pdf?paper=f4`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the area dashboard', () => {
  const card = (html: string, name: string) => new RegExp(`data-card="${name}"[\\s\\S]*?</div>`).exec(html)![0];
  const kgText = (g: number) => `${(g / 1000).toLocaleString('id-ID')} kg`;
  const all = () => Object.values(k.upts).reduce((n, u) => n + Object.values(u.grams).reduce((a, b) => a + b, 0), 0);

  it("sums the UPT' ledgers by sector; with nothing recorded this month yet, it shows last month, never an empty page", async () => {
    const res = await k.agents.pusat.get('/oversight/dashboard');
    expect(res.status).toBe(200);
    expect(card(res.text, 'harvest-total')).toContain(`stat-value">${kgText(all())}`);
    expect(card(res.text, 'harvest-perikanan')).toContain(`stat-value">${kgText(30_500 + 12_125)}`);
    expect(card(res.text, 'out-sale')).toContain(`stat-value">${kgText(4_000 + 1_500)}`);
    expect(res.text).toContain('data-unit="RTNSBY"');
    const kanwil = await k.agents.kanwil.get('/oversight/dashboard');
    expect(kanwil.text).not.toContain('data-unit="RTNSBY"');
    expect(kanwil.text).toContain('data-unit="LPSPATI"');
  });

  it('this month asked for: nothing yet, compared with last month', async () => {
    const now = shiftMonth(MONTH, 1);
    const res = await k.agents.pusat.get(`/oversight/dashboard?month=${now}`);
    expect(card(res.text, 'harvest-total')).toContain('stat-value">0 kg');
    expect(card(res.text, 'harvest-total')).toContain(kgText(all()));
    expect(res.text).toMatch(/Laporan [A-Z][a-z]+ \d{4}: 2 dari 4 UPT final/);
  });

  it("the stock now is each UPT's ledger summed: harvest less the sale", async () => {
    const res = await k.agents.kanwil.get('/oversight/dashboard');
    const row = new RegExp('data-unit="RTNUJI">[\\s\\S]*?</tr>').exec(res.text)![0];
    expect(row).toContain(kgText(12_345 + 2_001 + 30_500 - 4_000));
  });
});

describe('a stored report that cannot be read', () => {
  it('is left out of the roll-up and named, and the download still works', async () => {
    await withUnitScope(unitScope(k.upts.pati.id), () =>
      k.t.db
        .updateTable('monthly_reports')
        .set({ snapshot_json: '{"rusak":' })
        .where('month', '=', MONTH)
        .where('status', '=', 'final')
        .execute(),
    );
    const res = await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.csv`);
    expect(res.status).toBe(200);
    const units = section(res.text, 'Per UPT');
    expect(units.find((r) => r[0] === 'Lapas Kelas IIB Pati')![2]).toBe('Final, data tidak terbaca (tidak dihitung)');
    expect(units.at(-1)![0]).toBe('Jumlah (1 UPT)');
    expect((await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.pdf`)).status).toBe(200);
  });
});
