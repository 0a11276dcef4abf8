// Issue 18: the national harvest day. A national head declares a day; every UPT's harvests and
// handovers of that day count on the board (voids taken off), by sector, Kanwil and UPT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { voidHarvest } from '../../src/features/harvests/harvests.service.ts';
import { submit } from '../support/app.ts';
import { makeKanwilWorld, MONTH, type KanwilWorld } from '../support/kanwil-world.ts';

let k: KanwilWorld;
let dayId: number;
const DAY = `${MONTH}-05`;
const total = () => Object.values(k.upts).reduce((n, u) => n + Object.values(u.grams).reduce((a, b) => a + b, 0), 0);
const kgText = (g: number) => `${(g / 1000).toLocaleString('id-ID')} kg`;
const card = (html: string, name: string) => new RegExp(`data-card="${name}"[\\s\\S]*?</div>`).exec(html)![0];

beforeAll(async () => {
  k = await makeKanwilWorld();
}, 60_000);
afterAll(() => k.t.close());

describe('declaring a national harvest day', () => {
  it('is for a national head only: a Kanwil head sees no form and is refused', async () => {
    const page = await k.agents.kanwil.get('/harvest-days');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Tetapkan hari panen nasional');
    const res = await submit(k.agents.kanwil, '/harvest-days', '/harvest-days', { area: String(k.jateng), day: DAY, name: 'Panen Raya' });
    expect(res.status).toBe(403);
    expect(await k.t.db.selectFrom('harvest_days').selectAll().execute()).toEqual([]);
  });

  it('refuses a bad date with the reason beside the field, keeping what was typed', async () => {
    const res = await submit(k.agents.pusat, '/harvest-days', '/harvest-days', {
      area: String(k.national),
      day: '2026-02-30',
      name: 'Panen Raya Uji',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Panen Raya Uji');
    expect(res.text).toMatch(/f-day-err/);
  });

  it('declares the day, once', async () => {
    const res = await submit(k.agents.pusat, '/harvest-days', '/harvest-days', {
      area: String(k.national),
      day: DAY,
      name: 'Panen Raya Serentak',
      note: 'Bersama Menteri',
    });
    expect(res.status).toBe(303);
    dayId = Number(/\/harvest-days\/(\d+)/.exec(res.headers.location!)![1]);
    const again = await submit(k.agents.pusat, '/harvest-days', '/harvest-days', { area: String(k.national), day: DAY, name: 'Lagi' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('sudah ditetapkan');
    const trail = await withUnitScope(unitScope(k.national), () =>
      k.t.db.selectFrom('audit_log').select(['action', 'entity']).where('entity', '=', 'harvest_day').execute(),
    );
    expect(trail).toEqual([{ action: 'create', entity: 'harvest_day' }]);
  });
});

describe('the board', () => {
  it("counts every UPT's harvest of the day, by sector, Kanwil and UPT", async () => {
    const res = await k.agents.pusat.get(`/harvest-days/${dayId}`);
    expect(res.status).toBe(200);
    expect(card(res.text, 'harvest')).toContain(kgText(total()));
    expect(card(res.text, 'reporting')).toContain('4 dari 4');
    expect(card(res.text, 'sector-perikanan')).toContain(kgText(30_500 + 12_125));
    expect(res.text).toMatch(/Kanwil Jawa Timur<\/td><td class="num">1 dari 1<\/td><td class="num">50 kg/);
    // A Kanwil's board holds its own UPT only.
    const kanwil = await k.agents.kanwil.get(`/harvest-days/${dayId}`);
    expect(card(kanwil.text, 'reporting')).toContain('3 dari 3');
    expect(kanwil.text).not.toContain('RTNSBY');
  });

  it('takes a voided harvest off at once (the figures are live)', async () => {
    // Surabaya's month is not final: its officer voids its 50 kg of the day.
    const sby = k.upts.sby;
    const h = await withUnitScope(unitScope(sby.id), () =>
      k.t.db.selectFrom('harvests').select('id').where('weight_g', '=', 50_000).executeTakeFirstOrThrow(),
    );
    await withUnitScope(unitScope(sby.id), () =>
      voidHarvest(k.t.db, h.id, 'Salah timbang', { id: sby.head, roles: ['admin', 'pimpinan'] }),
    );
    const after = await k.agents.pusat.get(`/harvest-days/${dayId}`);
    expect(card(after.text, 'harvest')).toContain(kgText(total() - 50_000));
    expect(card(after.text, 'reporting')).toContain('3 dari 4');
  });

  it('has a refresh link that works without JavaScript, and downloads as PDF and XLSX', async () => {
    const res = await k.agents.pusat.get(`/harvest-days/${dayId}?every=5`);
    expect(res.text).toContain('data-refresh="5"');
    expect(res.text).toMatch(/href="\/harvest-days\/\d+\?area=\d+&amp;every=5" data-refresh-link>Perbarui sekarang/);
    const pdf = await k.agents.pusat.get(`/harvest-days/${dayId}/board.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const csv = await k.agents.pusat.get(`/harvest-days/${dayId}/board.csv`);
    expect(csv.text).toContain('Panen Raya Serentak');
    expect(csv.text).toMatch(/3 dari 4 UPT sudah melaporkan panen/);
  });

  it('an unknown day is not found', async () => {
    expect((await k.agents.pusat.get('/harvest-days/999999')).status).toBe(404);
  });
});
