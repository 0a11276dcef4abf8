// A recipient's NIK is personal data: only an admin ever sees it whole. Every page, download and
// paper that petugas, staf or pimpinan can reach (walked from the route table) is searched for it.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/database.ts';
import { canAccess, type RouteTableEntry } from '../../src/web/routes.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { concretePath, makeWorld, type World } from '../support/fuzz-world.ts';
import { binary, pdfPages } from '../support/pdf.ts';

let t: TestApp;
let w: World;
let niks: string[];
beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  niks = (await t.db.selectFrom('recipients').select('nik').orderBy('id').execute()).flatMap((r) => (r.nik ? [r.nik] : []));
  // The search term is kept in the session (and echoed in the box, as typed): search by name.
  for (const role of ['staf', 'pimpinan', 'admin'] as const) {
    const agent = w.agents[role];
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/recipients')).text)![1]!;
    await agent.post('/recipients/search').type('form').send({ _csrf: csrf, q: 'Siti' });
  }
}, 60_000);
afterAll(() => t.close());

/** The text of a response, whatever it is: a page, a CSV, an XLSX workbook or a PDF. */
async function textOf(agent: World['all'], url: string): Promise<{ status: number; text: string }> {
  const res = await agent.get(url).buffer(true).parse(binary);
  const body = res.body as Buffer;
  const type = String(res.headers['content-type'] ?? '');
  if (/pdf/.test(type)) return { status: res.status, text: (await pdfPages(body)).map((p) => p.text).join('\n') };
  if (/spreadsheet/.test(type)) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.text)))));
    return { status: res.status, text: cells.join('\n') };
  }
  return { status: res.status, text: body.toString('utf8') };
}

/** Every GET route a role may use, with the world's records, plus list pages with every row. */
function urlsFor(role: Role): string[] {
  return (t.app.locals.routeTable as RouteTableEntry[])
    .filter((r) => r.method === 'get' && canAccess(r.access, [role]))
    .flatMap((r) => {
      const path = concretePath(r.path, w);
      return path.includes(':') ? [] : /\.pdf$/.test(path) ? [path] : [path, `${path}?status=all`];
    });
}

/** The NIK whole, or written with the spaces or dots a copy might carry. */
function leaks(text: string): string[] {
  const flat = text.replace(/[\s.]/g, '');
  return niks.filter((nik) => flat.includes(nik));
}

describe('NIK stays hidden from everyone but admins', () => {
  it.each(['petugas', 'staf', 'pimpinan'] as const)('no page, download or paper %s can reach shows a NIK whole', async (role) => {
    const urls = urlsFor(role);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      const { status, text } = await textOf(w.agents[role], url);
      expect(status, url).toBeLessThan(500);
      expect(leaks(text), `${role} GET ${url}`).toEqual([]);
    }
  });

  it('every page, download or paper that shows an admin a NIK whole has written its entry in the record of NIK access', async () => {
    let shown = 0;
    for (const url of urlsFor('admin')) {
      const before = await t.db
        .selectFrom('nik_access_log')
        .select((eb) => eb.fn.max('id').as('last'))
        .executeTakeFirstOrThrow();
      const { text } = await textOf(w.agents.admin, url);
      const found = leaks(text);
      if (!found.length) continue;
      shown += 1;
      const written = await t.db
        .selectFrom('nik_access_log')
        .selectAll()
        .where('id', '>', Number(before.last ?? 0))
        .execute();
      expect(written, `admin GET ${url}`).toHaveLength(1);
      expect(written[0]!.path, url).toBe(url.split('?')[0]);
      const ids = (await t.db.selectFrom('recipients').select('id').where('nik', 'in', found).execute()).map((r) => r.id);
      for (const id of ids)
        expect(
          written[0]!.recipient_ids.split(',').some((part) => {
            const [from, to = from] = part.split('-').map(Number);
            return id >= from! && id <= to!;
          }),
          `${url}: recipient ${id}`,
        ).toBe(true);
    }
    expect(shown).toBeGreaterThan(3);
  });

  it('petugas cannot open the recipient register at all', async () => {
    for (const url of ['/recipients', `/recipients/${w.ids.recipient}`, `/recipients/${w.ids.recipient}/edit`, '/recipients/new']) {
      expect((await w.agents.petugas.get(url)).status, url).toBe(403);
    }
  });

  it('staf sees the NIK masked; an admin sees it whole (so the search for leaks can find one)', async () => {
    const staf = await w.agents.staf.get(`/recipients/${w.ids.recipient}`);
    expect(staf.text).toContain(`${niks[0]!.slice(0, 4)}••••••••${niks[0]!.slice(-4)}`);
    expect(leaks((await textOf(w.agents.admin, `/recipients/${w.ids.recipient}`)).text)).toEqual([niks[0]]);
  });
});
