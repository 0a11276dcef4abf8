// The national demo (npm run seed:national) in a fresh installation: the unit tree, each UPT's own
// records and receipt numbers, the national catalogue, and every listed user landing in its unit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { BLORA } from '../../src/features/demo/demo-blora.ts';
import { NATIONAL_UPT } from '../../src/features/demo/demo-national-units.ts';
import { seedNational, type NationalSummary } from '../../src/features/demo/demo-national.ts';
import { DEMO_PASSWORD, DemoRefused } from '../../src/features/demo/demo.service.ts';
import { reachInMonths } from '../../src/features/dashboard/dashboard.service.ts';
import { shiftMonth, wibDate } from '../../src/lib/time.ts';
import { nationalCommodity } from '../../src/lib/national-catalogue.ts';
import { csrfFrom, login, makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let summary: NationalSummary;
let units: Array<{ id: number; parent_id: number | null; kind: string; code: string; name: string }>;

beforeAll(async () => {
  // As the command finds a fresh installation: the migrations' unit, not yet named.
  t = await makeTestApp({ unnamedUnit: true });
  summary = await seedNational(t.db, t.files);
  units = await installationWide(() => t.db.selectFrom('units').select(['id', 'parent_id', 'kind', 'code', 'name']).execute());
}, 180_000);
afterAll(() => t?.close());

const UPT = [BLORA, ...NATIONAL_UPT.map((u) => u.unit)];
const unitOf = (code: string) => units.find((u) => u.code === code)!;
const inUnit = <T>(code: string, fn: () => Promise<T>) => withUnitScope(unitScope(unitOf(code).id), fn);

describe('the national demo', () => {
  it('builds Ditjenpas over three Kanwil and eight UPT (one on its own box), Rutan Blora under Kanwil Jawa Tengah', () => {
    const parentOf = (code: string) => units.find((u) => u.id === unitOf(code).parent_id)?.code ?? null;
    expect(units.map((u) => [u.code, u.kind, parentOf(u.code)]).sort()).toEqual(
      [
        ['DITJENPAS', 'national', null],
        ['KWJATENG', 'kanwil', 'DITJENPAS'],
        ['KWDIY', 'kanwil', 'DITJENPAS'],
        ['KWJATIM', 'kanwil', 'DITJENPAS'],
        ['RTNBLORA', 'upt', 'KWJATENG'],
        ['LPSPATI', 'upt', 'KWJATENG'],
        ['RTNPURWODADI', 'upt', 'KWJATENG'],
        ['LPKAKUTOARJO', 'upt', 'KWJATENG'],
        ['LPSYOGYAKARTA', 'upt', 'KWDIY'],
        ['RTNWONOSARI', 'upt', 'KWDIY'],
        ['LPSMALANG', 'upt', 'KWJATIM'],
        ['LPTKENDAL', 'upt', 'KWJATENG'],
      ].sort(),
    );
    // Blora is the one-unit demo's: the first unit, with its letterhead and its two events.
    expect(unitOf('RTNBLORA').id).toBe(1);
  });

  it('gives each UPT its own plots, people, harvests and receipts numbered from 1 in each year, and the others final reports', async () => {
    for (const u of UPT) {
      const counts = await inUnit(u.code, async () => {
        const n = async (table: 'locations' | 'inmates' | 'recipients' | 'harvests' | 'outflows' | 'events' | 'monthly_reports') =>
          Number(
            (
              await t.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const receipts = await t.db
          .selectFrom('distributions')
          .select(['receipt_year', 'receipt_seq'])
          .orderBy('receipt_year')
          .orderBy('receipt_seq')
          .execute();
        for (const year of new Set(receipts.map((r) => r.receipt_year))) {
          const seqs = receipts.filter((r) => r.receipt_year === year).map((r) => r.receipt_seq);
          expect(seqs, `${u.code} ${year}`).toEqual(seqs.map((_, i) => i + 1));
        }
        const plots = (await t.db.selectFrom('locations').select('name').execute()).map((l) => l.name);
        const letterhead = await t.db.selectFrom('site_settings').select('unit_name').executeTakeFirstOrThrow();
        return {
          plots,
          letterhead: letterhead.unit_name,
          receipts: receipts.length,
          ...Object.fromEntries(
            await Promise.all(
              (['inmates', 'recipients', 'harvests', 'outflows', 'events', 'monthly_reports'] as const).map(async (x) => [x, await n(x)]),
            ),
          ),
        };
      });
      expect(counts.plots.sort(), u.code).toEqual([...u.farm.plots, ...u.farm.ponds].map(([name]) => name).sort());
      expect(counts.letterhead).toBe(u.letterhead.unit_name);
      expect(counts.inmates, u.code).toBe(u.farm.inmates.length);
      expect(counts.recipients, u.code).toBe(u.farm.aid.families.length + u.farm.aid.neighbours.length + u.farm.aid.institutions.length);
      expect(counts.events, u.code).toBe(u.farm.aid.events.length);
      expect(counts.harvests, u.code).toBeGreaterThan(50);
      expect(counts.outflows, u.code).toBeGreaterThan(30);
      expect(counts.receipts, u.code).toBeGreaterThan(5);
      // The one-unit demo finalises nothing; the others have reported most of their months.
      if (u.code === 'RTNBLORA') expect(counts.monthly_reports).toBe(0);
      else expect(counts.monthly_reports, u.code).toBeGreaterThan(0);
      const row = summary.units.find((x) => x.code === u.code)!;
      expect([row.harvests, row.outflows, row.receipts]).toEqual([counts.harvests, counts.outflows, counts.receipts]);
    }
  });

  it('maps every commodity to the national catalogue, local names too, except Jamur Tiram of Lapas Pati', async () => {
    const rows = await installationWide(() =>
      t.db
        .selectFrom('commodities as c')
        .innerJoin('units as u', 'u.id', 'c.unit_id')
        .select(['u.code', 'c.name', 'c.national_code', 'c.sector'])
        .execute(),
    );
    expect(rows.filter((r) => r.national_code === null).map((r) => [r.code, r.name, r.sector])).toEqual([['LPSPATI', 'Jamur Tiram', null]]);
    for (const r of rows.filter((x) => x.national_code !== null)) expect(r.sector, r.name).toBe(nationalCommodity(r.national_code)!.sector);
    const terong = rows.filter((r) => r.national_code === 'terong').map((r) => r.name);
    expect(terong).toEqual(expect.arrayContaining(['Terong', 'Terong Ungu', 'Terong Hijau']));
    expect(new Set(rows.map((r) => r.sector))).toEqual(new Set(['pertanian', 'peternakan', 'perikanan', null]));
  });

  it('lets every listed user log in, each UPT user in its own unit only', async () => {
    const letter = new Map(UPT.map((u) => [u.name, u.letterhead.unit_name]));
    for (const u of summary.users) {
      const agent = await login(t.app, u.username, DEMO_PASSWORD);
      const home = await agent.get('/');
      expect(home.status, u.username).toBe(200);
      if (!letter.has(u.unit)) continue;
      // A UPT user works in its UPT, offered no other.
      expect(home.text, u.username).toContain(letter.get(u.unit));
      expect(home.text, u.username).not.toContain('href="/unit"');
      const others = UPT.filter((x) => x.name !== u.unit).map((x) => x.letterhead.unit_name);
      expect(
        others.filter((name) => home.text.includes(name)),
        u.username,
      ).toEqual([]);
    }
    const pati = await login(t.app, 'pati.petugas', DEMO_PASSWORD);
    const form = await pati.get('/harvests/new');
    expect(form.text).toContain('Rumah Jamur');
    expect(form.text).not.toContain('Lahan Blok A');
  });

  it('lets a Kanwil user read the UPT under it, changing nothing, and the national user read all', async () => {
    const names = (html: string) => UPT.map((u) => u.name).filter((name) => html.includes(name));
    const jateng = await login(t.app, 'kanwil.jateng', DEMO_PASSWORD);
    const home = await jateng.get('/');
    expect(home.text).toContain('(membaca)');
    const choose = await jateng.get('/unit');
    expect(names(choose.text).sort()).toEqual(
      ['Rutan Kelas IIB Blora', 'Lapas Kelas IIB Pati', 'Rutan Kelas IIB Purwodadi', 'LPKA Kelas I Kutoarjo'].sort(),
    );
    // Chooses Blora, and reads it only: finalising its month (with a valid form) is refused, and nothing is made final.
    const chosen = await jateng
      .post('/unit')
      .type('form')
      .send({ _csrf: csrfFrom(choose.text), unit_id: String(unitOf('RTNBLORA').id) });
    expect(chosen.status).toBe(303);
    const page = await jateng.get('/reports?month=2026-01');
    expect(page.text).toContain('Rutan Kelas IIB Blora (membaca)');
    const head = await t.db.selectFrom('users').select('id').where('username', '=', 'pimpinan').executeTakeFirstOrThrow();
    const refused = await jateng
      .post('/reports/2026-01/finalise')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), confirm: '1', maker: String(head.id) });
    expect(refused.status).toBe(403);
    expect(await inUnit('RTNBLORA', () => t.db.selectFrom('monthly_reports').select('id').execute())).toEqual([]);
    expect(names((await (await login(t.app, 'kanwil.jatim', DEMO_PASSWORD)).get('/unit')).text)).toEqual(['Lapas Kelas I Malang']);
    expect(names((await (await login(t.app, 'ditjenpas', DEMO_PASSWORD)).get('/unit')).text).sort()).toEqual(UPT.map((u) => u.name).sort());
  });

  it("makes ditjenpas.admin the installation's admin: the backups are theirs, no longer Blora's admin's", async () => {
    const installation = await (await login(t.app, 'ditjenpas.admin', DEMO_PASSWORD)).get('/backups');
    expect(installation.status).toBe(200);
    expect(installation.text).toContain('Cadangan harian otomatis');
    // Blora's admin is offered Blora's own copy there, never the installation's backups.
    const blora = await login(t.app, 'admin', DEMO_PASSWORD);
    const page = await blora.get('/backups');
    expect(page.text).toContain('Salinan data unit ini');
    expect(page.text).not.toContain('Cadangan harian otomatis');
    expect(
      (
        await blora
          .post('/backups')
          .type('form')
          .send({ _csrf: csrfFrom(page.text) })
      ).status,
    ).toBe(403);
  });

  it('refuses a database that already has users', async () => {
    await expect(seedNational(t.db, t.files)).rejects.toBeInstanceOf(DemoRefused);
  });

  it("shows the reporting loop: finals accepted, Pati's last one returned, Kendal's imported from its own box, one harvest day", async () => {
    const reviews = async (code: string) =>
      inUnit(code, () => t.db.selectFrom('monthly_reports').select(['month', 'status', 'review', 'source']).orderBy('month').execute());
    const pati = await reviews('LPSPATI');
    expect(pati.at(-1)).toMatchObject({ status: 'final', review: 'returned' });
    expect(pati.slice(0, -1).every((r) => r.review === 'accepted')).toBe(true);
    expect((await reviews('LPSMALANG')).every((r) => r.review === null)).toBe(true);
    const kendal = await reviews('LPTKENDAL');
    expect(kendal).toHaveLength(1);
    expect(kendal[0]).toMatchObject({ status: 'final', source: 'import', review: null });
    // Kendal's records are on its own box, not here: only its report came.
    expect(await inUnit('LPTKENDAL', () => t.db.selectFrom('harvests').select('id').execute())).toEqual([]);
    const days = await t.db.selectFrom('harvest_days').select(['day', 'name']).execute();
    expect(days).toEqual([{ day: '2026-01-15', name: 'Panen Raya Serentak Ketahanan Pangan' }]);
    // The Kanwil head sees it all on the reporting page.
    const head = await login(t.app, 'kanwil.jateng', DEMO_PASSWORD);
    const page = await head.get(`/oversight?month=${kendal[0]!.month}`);
    expect(page.text).toContain('data-unit="LPTKENDAL" data-state="final"');
    const board = await head.get('/harvest-days/1');
    expect(board.status).toBe(200);
    // The UPT of Jawa Tengah harvested on the day: the board is not empty.
    const card = /data-card="harvest">[\s\S]*?<\/div>/.exec(board.text)![0];
    expect(card).toMatch(/stat-value">[1-9][\d.,]* kg</);
  });

  it("the area dashboard's aid cards are its UPT' own figures summed", async () => {
    const month = shiftMonth(wibDate().slice(0, 7), -2);
    const jateng = ['RTNBLORA', 'LPSPATI', 'RTNPURWODADI', 'LPKAKUTOARJO', 'LPTKENDAL'];
    const sum = { handovers: 0, families: 0, households: 0 };
    for (const code of jateng) {
      const r = (await inUnit(code, () => reachInMonths(t.db, [month])))[month]!;
      sum.handovers += r.handovers;
      sum.families += r.families;
      sum.households += r.households;
    }
    expect(sum.handovers).toBeGreaterThan(0);
    const head = await login(t.app, 'kanwil.jateng', DEMO_PASSWORD);
    const page = (await head.get(`/oversight/dashboard?month=${month}`)).text;
    const value = (card: string) =>
      Number(/stat-value">([\d.]+)</.exec(new RegExp(`data-card="${card}"[\\s\\S]*?</div>`).exec(page)![0])![1]!.replace(/\./g, ''));
    expect({ handovers: value('reach-handovers'), families: value('reach-families'), households: value('reach-households') }).toEqual(sum);
  });
});
