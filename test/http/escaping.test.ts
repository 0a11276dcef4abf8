// Hostile text typed into every field that is shown comes back escaped on every page, literal in
// the receipt PDF, and neutralised in CSV downloads (no cell starts a spreadsheet formula).
import { formulaLines, parseCsv } from '../support/csv-read.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteTableEntry } from '../../src/web/routes.ts';
import { TERONG, makeTestApp, type Agent, type TestApp } from '../support/app.ts';
import { concretePath, makeWorld, type World } from '../support/fuzz-world.ts';
import { checkAnswer, encode, formOn, setField, validNik, type Fields } from '../support/fuzz.ts';
import { binary, pdfPages } from '../support/pdf.ts';

/** 57 characters: fits every name field (the shortest, a commodity's, takes 60). */
const P = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;';
const FORMULAS = ['=HYPERLINK("http://x")', '+1+cmd', '-1+1', '@SUM(1)'];

let t: TestApp;
let w: World;
/** The world with the ids of the records that hold hostile text. */
let hostile: World;

/** Fills a form read from its page and posts it; expects it saved; returns the id in the redirect. */
async function save(agent: Agent, page: string, route: string, fill: Record<string, string | string[]>): Promise<number> {
  const html = (await agent.get(page)).text;
  let body: Fields = formOn(html, route).fields;
  for (const [k, v] of Object.entries(fill)) {
    body = Array.isArray(v) ? [...body.filter(([n]) => n !== k), ...v.map((x): [string, string] => [k, x])] : setField(body, k, v);
  }
  const res = await agent.post(formOn(html, route).action).type('form').send(encode(body));
  expect(res.status, `${route}: ${[...res.text.matchAll(/class="(?:error|flash[^"]*)"[^>]*>([^<]*)/g)].map((m) => m[1]).join(' | ')}`).toBe(
    303,
  );
  return Number(/\/(\d+)(?:\?|#|$)/.exec(res.headers.location ?? '')?.[1] ?? 0);
}

async function lastId(table: 'commodities' | 'locations' | 'inmates' | 'packages'): Promise<number> {
  return (await t.db.selectFrom(table).select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  const a = w.all;
  await save(a, '/settings', '/settings', { ministry_line: P, kanwil_line: P, unit_name: P, address: P, city: P });
  await save(a, '/settings/signatories/new', '/settings/signatories', { position: 'kepala_rutan', title: P, name: P, valid_from: w.today });
  await save(a, `/users/${w.ids.all}/edit`, '/users/:id', { full_name: P, position: P, roles: ['admin', 'petugas', 'staf', 'pimpinan'] });
  await save(a, '/commodities/new', '/commodities', { name: P, kind: 'sayur' });
  const commodity = await lastId('commodities');
  await save(a, '/locations/new', '/locations', { name: P, kind: 'lahan', note: P });
  const location = await lastId('locations');
  await save(a, '/inmates/new', '/inmates', { name: P, reg_number: 'BI.999/2025', block: '<b>A-3</b>' });
  const inmate = await lastId('inmates');
  const harvest = await save(a, '/harvests/new', '/harvests', {
    commodity_id: String(commodity),
    location_id: String(location),
    weight_g: '10',
    harvest_time: '00:00',
    note: P,
    workers: [`BI.999/2025 — ${P}`],
  });
  for (const note of FORMULAS) {
    await save(a, '/harvests/new', '/harvests', {
      commodity_id: String(TERONG),
      location_id: String(w.ids.lahan),
      weight_g: '1',
      harvest_time: '00:00',
      note,
    });
  }
  const recipient = await save(a, '/recipients/new', '/recipients', {
    category: 'keluarga_wbp',
    name: P,
    nik: validNik(77),
    inmate: `BI.999/2025 — ${P}`,
    relation: 'istri',
    address: P,
    village: P,
    district: P,
    household_size: '4',
    note: P,
    phone: '081234567890',
  });
  const event = await save(a, '/events/new', '/events', { name: P, kind: 'bakti_sosial', place: P, note: P });
  await save(a, '/packages/new', '/packages', { name: P, qty_1: '1' });
  const pkg = await lastId('packages');
  const distribution = await save(a, `/distributions/new?recipient=${recipient}&event=${event}`, '/distributions', {
    event_id: String(event),
    officer_id: String(w.ids.all),
    note: P,
    [`qty_${commodity}`]: '1',
    [`note_${commodity}`]: P,
  });
  const voided = await save(a, `/distributions/new?recipient=${recipient}`, '/distributions', {
    officer_id: String(w.ids.all),
    qty_1: '0,5',
  });
  await save(a, `/distributions/${voided}`, '/distributions/:id/void', { reason: P });
  const outflow = await save(a, '/stock/outflows/new?kind=sale', '/stock/outflows', {
    kind: 'sale',
    commodity_id: String(commodity),
    qty_g: '1',
    amount_rp: '1000',
    party: P,
    note: P,
  });
  await save(a, `/harvests/${w.ids.harvest}`, '/harvests/:id/void', { reason: P });
  // Names that start a formula, in every register a download lists.
  await save(a, '/commodities/new', '/commodities', { name: '=1+1', kind: 'sayur' });
  const formulaCommodity = await lastId('commodities');
  await save(a, '/locations/new', '/locations', { name: '@SUM(1)', kind: 'lahan' });
  await save(a, '/harvests/new', '/harvests', {
    commodity_id: String(formulaCommodity),
    location_id: String(await lastId('locations')),
    weight_g: '2',
    harvest_time: '00:00',
  });
  const formulaRecipient = await save(a, '/recipients/new', '/recipients', {
    category: 'lembaga',
    name: '+62 cmd',
    address: '-1+1',
    village: '=HYPERLINK("http://x")',
    district: '@x',
    note: '-',
  });
  const formulaEvent = await save(a, '/events/new', '/events', { name: '-1+1 kegiatan', kind: 'lainnya', place: '=1' });
  await save(a, `/distributions/new?recipient=${formulaRecipient}&event=${formulaEvent}`, '/distributions', {
    event_id: String(formulaEvent),
    note: '=cmd',
    [`qty_${formulaCommodity}`]: '1',
    [`note_${formulaCommodity}`]: '@note',
  });
  await save(a, '/stock/outflows/new?kind=loss', '/stock/outflows', {
    kind: 'loss',
    commodity_id: String(formulaCommodity),
    qty_g: '0,5',
    note: '+busuk',
  });
  hostile = { ...w, ids: { ...w.ids, harvest, recipient, event, package: pkg, distribution, outflow, inmate, lahan: location } };
}, 60_000);
afterAll(() => t.close());

describe('hostile text is shown escaped', () => {
  const shows: Array<[string, (h: World) => string]> = [
    ['home', () => '/'],
    ['harvest list', () => '/harvests?status=all'],
    ['harvest page', (h) => `/harvests/${h.ids.harvest}`],
    ['voided harvest (reason)', () => `/harvests/${w.ids.harvest}`],
    ['stock', () => '/stock'],
    ['movements', () => '/stock/movements'],
    ['sale', (h) => `/stock/outflows/${h.ids.outflow}`],
    ['recipient list', () => '/recipients'],
    ['recipient page', (h) => `/recipients/${h.ids.recipient}`],
    ['recipient form', (h) => `/recipients/${h.ids.recipient}/edit`],
    ['receipt list', () => '/distributions'],
    ['receipt page', (h) => `/distributions/${h.ids.distribution}`],
    ['event list', () => '/events'],
    ['event page', (h) => `/events/${h.ids.event}`],
    ['batch', (h) => `/events/${h.ids.event}/batch`],
    ['packages', () => '/packages'],
    ['inmates', () => '/inmates'],
    ['commodities', () => '/commodities'],
    ['locations', () => '/locations'],
    ['users', () => '/users'],
    ['settings', () => '/settings'],
    ['audit trail', () => '/audit'],
    ['handover form', (h) => `/distributions/new?recipient=${h.ids.recipient}`],
  ];

  it.each(shows)('%s shows the text escaped, never as markup', async (_name, path) => {
    const res = await w.all.get(path(hostile));
    expect(res.status).toBe(200);
    checkAnswer(res, path(hostile));
    expect(res.text).toContain(ESCAPED);
  });

  it('every page of the route table, with the hostile records, has no markup from the input', async () => {
    for (const r of (t.app.locals.routeTable as RouteTableEntry[]).filter((x) => x.method === 'get')) {
      const path = concretePath(r.path, hostile);
      const res = await w.all.get(path);
      checkAnswer(res, `GET ${path}`);
    }
  });

  it('the public verification page shows initials only, and the item lines escaped', async () => {
    const d = await t.db
      .selectFrom('distributions')
      .select('verify_token')
      .where('id', '=', hostile.ids.distribution)
      .executeTakeFirstOrThrow();
    const res = await w.agents.petugas.get(`/v/${d.verify_token}`);
    expect(res.status).toBe(200);
    checkAnswer(res, '/v/…');
    // The one hostile text on it is the commodity's name in its item line: the recipient (hostile too) shows as initials.
    expect(res.text.split(ESCAPED).length - 1).toBe(1);
    expect(res.text).toContain(`<tr><td>${ESCAPED}</td>`);
    expect(res.text).not.toContain('<script>alert');
  });
});

describe('hostile text in papers and downloads', () => {
  it('the receipt PDF prints the text literally: letterhead, signatory, officer, recipient, event, items', async () => {
    const res = await w.all.get(`/distributions/${hostile.ids.distribution}/receipt.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const text = (await pdfPages(res.body as Buffer))
      .map((p) => p.text)
      .join(' ')
      .replace(/\s+/g, '');
    const literal = P.replace(/\s+/g, '');
    // letterhead lines (5), the head in office (name and title), officer, recipient name and address parts, event, item and its note
    expect(text.split(literal).length - 1).toBeGreaterThanOrEqual(8);
    expect(text).not.toContain('&lt;');
  });

  it('the harvest CSV neutralises cells that would start a formula', async () => {
    const res = await w.all.get('/harvests/export.csv?status=all');
    expect(res.status).toBe(200);
    for (const f of FORMULAS) expect(res.text, f).toContain(`'${f.replace(/"/g, '""')}`);
    expect(formulaLines(parseCsv(res.text))).toEqual([]);
  });

  it('every CSV download of the route table has no cell that starts a formula', async () => {
    const csvRoutes = (t.app.locals.routeTable as RouteTableEntry[]).filter((r) => r.method === 'get' && /csv|:format/.test(r.path));
    expect(csvRoutes.length).toBeGreaterThan(0);
    for (const r of csvRoutes) {
      const path = concretePath(r.path, hostile);
      for (const url of [path, `${path}${path.includes('?') ? '&' : '?'}format=csv&status=all`]) {
        const res = await w.all.get(url);
        if (!/csv/.test(String(res.headers['content-type']))) continue;
        expect(formulaLines(parseCsv(res.text)), url).toEqual([]);
      }
    }
  });
});
