// The lists staff search: receipts by number or recipient name, harvests by officer or note; both
// sorted by date or number on the server, from links in the table headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandover } from '../../src/features/distributions/distributions.service.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { CABAI, TERONG, addRecipient, addUser, makeTestApp, token, type TestApp } from '../support/app.ts';
import { makeWorld, type World } from '../support/fuzz-world.ts';

let t: TestApp;
let w: World;
let budi: number;
const receipts: Record<string, string> = {};

beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  budi = await addUser(t.db, 'budi', ['petugas']);
  await t.db.updateTable('users').set({ full_name: 'Budi Santoso' }).where('id', '=', budi).execute();
  const reap = (day: string, note: string | null, by: number) =>
    createHarvest(
      t.db,
      {
        commodity_id: CABAI,
        location_id: w.ids.lahan,
        weight_g: 2_000,
        heads: null,
        grade: null,
        harvest_date: day,
        harvest_time: '08:00',
        workers: [],
        note,
        form_token: token(),
      },
      by,
    );
  await reap(`${w.today.slice(0, 4)}-01-05`, 'Panen setelah hujan deras', w.ids.admin);
  await reap(`${w.today.slice(0, 4)}-01-03`, null, budi);
  const joko = await addRecipient(t.db, { name: 'Joko Susilo', nik: '3316011201800009' });
  // Siti's receipt first: Joko's gets the higher number but the earlier date.
  for (const [name, day] of [
    ['Siti Aminah', `${w.today.slice(0, 4)}-01-04`],
    ['Joko Susilo', `${w.today.slice(0, 4)}-01-02`],
  ] as const) {
    const id = (
      await createHandover(
        t.db,
        {
          handed_on: day,
          officer_id: w.ids.staf,
          form_token: token(),
          recipient_id: name === 'Joko Susilo' ? joko : w.ids.recipient,
          event_id: null,
          note: null,
          replaces_id: null,
          items: [{ commodity_id: TERONG, qty_g: 1_000, heads: null, note: null }],
        },
        w.ids.staf,
      )
    ).id;
    receipts[name] = (
      await t.db.selectFrom('distributions').select('receipt_no').where('id', '=', id).executeTakeFirstOrThrow()
    ).receipt_no;
  }
});
afterAll(() => t.close());

const rowsOf = (html: string) =>
  [...html.matchAll(/<tr[^>]*>\s*<td[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

describe('receipts list', () => {
  it('finds a receipt by its number, whole or just the sequence', async () => {
    const no = receipts['Joko Susilo']!;
    for (const term of [no, no.slice(-6), String(Number(no.slice(-6))), no.split('/').slice(-2).join('/')]) {
      const html = (await w.agents.staf.get(`/distributions?q=${encodeURIComponent(term)}`)).text;
      const rows = rowsOf(html);
      expect(
        rows.some((r) => r.includes(no)),
        term,
      ).toBe(true);
      expect(
        rows.every((r) => r.includes(no) || !r.includes('TT/')),
        term,
      ).toBe(true);
    }
    const page = (await w.agents.staf.get(`/distributions?q=${encodeURIComponent(no)}`)).text;
    expect(page).toContain(`value="${no}"`);
    expect(page).toContain('Cari nomor tanda terima atau nama penerima');
  });

  it('finds the receipts of a recipient by part of the name, in any case', async () => {
    const rows = rowsOf((await w.agents.pimpinan.get('/distributions?q=susilo')).text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Joko Susilo');
    expect(rowsOf((await w.agents.pimpinan.get('/distributions?q=tidak-ada-orang-ini')).text)).toHaveLength(0);
  });

  it('sorts by number or date, either way, from links in the table headers', async () => {
    const joko = receipts['Joko Susilo']!;
    const siti = receipts['Siti Aminah']!;
    const order = async (qs: string) => rowsOf((await w.agents.staf.get(`/distributions?${qs}`)).text).map((r) => /TT\/\S+/.exec(r)?.[0]);
    // Joko's receipt has the higher number but the earlier date.
    expect((await order('sort=number&dir=desc')).indexOf(joko)).toBeLessThan((await order('sort=number&dir=desc')).indexOf(siti));
    expect((await order('sort=number&dir=asc')).indexOf(joko)).toBeGreaterThan((await order('sort=number&dir=asc')).indexOf(siti));
    expect((await order('sort=date&dir=desc')).indexOf(siti)).toBeLessThan((await order('sort=date&dir=desc')).indexOf(joko));
    expect((await order('sort=date&dir=asc')).indexOf(siti)).toBeGreaterThan((await order('sort=date&dir=asc')).indexOf(joko));
    const html = (await w.agents.staf.get('/distributions?q=a&sort=number&dir=desc')).text;
    expect(html).toMatch(
      /<th scope="col" aria-sort="descending"><a href="\/distributions\?[^"]*q=a&amp;sort=number&amp;dir=asc"[^>]*>Nomor/,
    );
    expect(html).toMatch(/<th scope="col"><a href="\/distributions\?[^"]*q=a&amp;sort=date&amp;dir=desc"[^>]*>Tanggal/);
    // Bad values fall back to the default order, never a 500.
    expect((await w.agents.staf.get('/distributions?sort=evil&dir=sideways')).status).toBe(200);
  });
});

describe('harvest list', () => {
  it('finds harvests by the officer who recorded them or by a word of the note', async () => {
    const byOfficer = rowsOf((await w.agents.pimpinan.get('/harvests?q=santoso&status=all')).text);
    expect(byOfficer).toHaveLength(1);
    expect(byOfficer[0]).toContain('Budi Santoso');
    const byNote = rowsOf((await w.agents.pimpinan.get('/harvests?q=HUJAN&status=all')).text);
    expect(byNote).toHaveLength(1);
    expect(byNote[0]).toContain('Cabai');
    const page = (await w.agents.petugas.get('/harvests?q=hujan')).text;
    expect(page).toContain('Cari petugas atau catatan');
    expect(page).toContain('value="hujan"');
  });

  it('sorts by number or date from links in the table headers', async () => {
    const ids = async (qs: string) =>
      [...(await w.agents.admin.get(`/harvests?status=all&${qs}`)).text.matchAll(/<td class="num">#(\d+)<\/td>/g)].map((m) => Number(m[1]));
    const up = await ids('sort=number&dir=asc');
    expect(up.length).toBeGreaterThan(3);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    const down = await ids('sort=number&dir=desc');
    expect(down).toEqual([...up].reverse());
    const html = (await w.agents.admin.get('/harvests?sort=date&dir=asc')).text;
    expect(html).toMatch(/<th scope="col" aria-sort="ascending"><a href="\/harvests\?[^"]*sort=date&amp;dir=desc"/);
  });
});
