// Text with line breaks (sent by hand, or stored before line breaks were refused) opened the way a
// spreadsheet opens a CSV: every download keeps its rows whole and no line of any cell starts a formula.
import { formulaLines, parseCsv } from '../support/csv-read.ts';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest, voidHarvest } from '../../src/features/harvests/harvests.service.ts';
import { recordStockCount } from '../../src/features/stock/stock.service.ts';
import type { RouteTableEntry } from '../../src/web/routes.ts';
import { TERONG, makeTestApp, token, type TestApp } from '../support/app.ts';
import { concretePath, makeWorld, type World } from '../support/fuzz-world.ts';
import { testEngine } from '../support/engine.ts';
import { binary } from '../support/pdf.ts';

/** A note as it arrived by hand: bare LF, CRLF, bare CR, a tab, and every character that starts a formula. */
const HOSTILE = 'catatan biasa\n=1+1\r\n+2+2\r-3+3\n@SUM(1)\n\t=4\n;"kutip"\n\r=5';

/** For a column too short for the whole text (a phone number, RT/RW): its formula lines, without the words the checks look for. */
const SHORT = '=1+1\n+2+2';

/** The declared length of each varchar(n) column of a table. */
async function lengthLimits(table: string): Promise<Map<string, number>> {
  const { rows } =
    testEngine === 'sqlite'
      ? await sql<{ name: string; limit: number | null }>`
          select name, cast(substr(type, instr(type, '(') + 1) as integer) as "limit"
          from pragma_table_info(${table}) where type like 'varchar(%'`.execute(t.db)
      : await sql<{ name: string; limit: number | null }>`
          select column_name as name, character_maximum_length as "limit" from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`.execute(t.db);
  return new Map(rows.flatMap((r) => (r.limit ? [[r.name, Number(r.limit)] as const] : [])));
}

let t: TestApp;
let w: World;

/** Every free-text column of the records a download or the monthly report shows. */
const TEXT_COLUMNS: Record<string, string[]> = {
  users: ['full_name', 'position'],
  commodities: ['name'],
  locations: ['name', 'note'],
  inmates: ['name', 'reg_number', 'block'],
  harvests: ['note', 'void_reason'],
  outflows: ['party', 'note', 'void_reason'],
  stock_counts: ['reason'],
  recipients: ['name', 'address', 'rt_rw', 'village', 'district', 'phone', 'note'],
  events: ['name', 'place', 'note'],
  packages: ['name'],
  distributions: ['note', 'void_reason'],
  distribution_items: ['note'],
  site_settings: ['unit_name', 'ministry_line', 'kanwil_line', 'address', 'city'],
  signatories: ['title', 'name'],
};

beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  // This month's harvest, voided, with a worker, and a stock count: the report's annexes have rows.
  const actor = { id: w.ids.admin, roles: ['admin' as const] };
  const h = await createHarvest(
    t.db,
    {
      commodity_id: TERONG,
      location_id: w.ids.lahan,
      weight_g: 2000,
      heads: null,
      grade: null,
      harvest_date: w.today,
      harvest_time: '00:00',
      workers: ['BI.123/2025'],
      note: null,
      form_token: token(),
    },
    w.ids.admin,
  );
  await createHarvest(
    t.db,
    {
      commodity_id: TERONG,
      location_id: w.ids.lahan,
      weight_g: 3000,
      heads: null,
      grade: null,
      harvest_date: w.today,
      harvest_time: '00:00',
      workers: ['BI.123/2025'],
      note: null,
      form_token: token(),
    },
    w.ids.admin,
  );
  await voidHarvest(t.db, h.id, 'x', actor);
  await recordStockCount(
    t.db,
    { commodity_id: TERONG, count_date: w.today, counted_g: 1000, counted_heads: null, reason: 'x', form_token: token() },
    w.ids.admin,
  );
  // Written straight into the database: the forms refuse these now, older records may hold them.
  // PostgreSQL holds a varchar(n) to its length (SQLite does not), so an older record can only hold
  // what fits: the same rule on both engines, the value cut to leave room for the text.
  for (const [table, columns] of Object.entries(TEXT_COLUMNS)) {
    const limits = await lengthLimits(table);
    const set = columns.map((c) => {
      const limit = limits.get(c);
      const text = limit === undefined || limit - HOSTILE.length >= 20 ? HOSTILE : SHORT;
      const kept = limit === undefined ? sql.ref(c) : sql`substr(${sql.ref(c)}, 1, ${sql.lit(limit - text.length)})`;
      return sql`${sql.ref(c)} = case when ${sql.ref(c)} is null then null else ${kept} || ${text} end`;
    });
    await sql`update ${sql.table(table)} set ${sql.join(set)}`.execute(t.db);
  }
}, 60_000);
afterAll(() => t.close());

/** Every CSV download in the route table, with this world's ids, and with every status. */
function csvUrls(): string[] {
  const routes = (t.app.locals.routeTable as RouteTableEntry[]).filter((r) => r.method === 'get' && /csv|:format/.test(r.path));
  return routes.flatMap((r) => {
    const path = concretePath(r.path, w);
    return [path, `${path}${path.includes('?') ? '&' : '?'}format=csv&status=all`];
  });
}

describe('CSV downloads opened in a spreadsheet', () => {
  it('every download of the route table keeps its rows whole and has no line of a cell that starts a formula', async () => {
    const seen: string[] = [];
    for (const url of csvUrls()) {
      const res = await w.all.get(url);
      expect(res.status, url).toBeLessThan(500);
      if (!/csv/.test(String(res.headers['content-type']))) continue;
      const records = parseCsv(res.text);
      expect(formulaLines(records), url).toEqual([]);
      const withText = records.flat().filter((c) => c.includes('catatan biasa'));
      if (withText.length) seen.push(url.split('?')[0]!);
      // The text survives, one line per line, only the dangerous lines marked as text.
      for (const cell of withText) expect(cell.split('\n').slice(1, 3), url).toEqual(["'=1+1", "'+2+2"]);
      // One table per file: every record as wide as its header (a line break no longer splits a row).
      if (!/report/.test(url))
        for (const r of records) expect(r.length, `${url}: ${JSON.stringify(r).slice(0, 200)}`).toBe(records[0]!.length);
    }
    // Each list the issue names carries the hostile text in at least one cell.
    for (const list of [
      '/harvests/export.csv',
      '/stock/movements/export.csv',
      '/recipients/export.csv',
      '/distributions/export.csv',
      '/distributions/items.csv',
      '/events/export.csv',
    ]) {
      expect(seen, list).toContain(list);
    }
    expect(
      seen.some((u) => /^\/reports\/\d{4}-\d{2}\/report\.csv$/.test(u)),
      seen.join(' '),
    ).toBe(true);
  });

  it('a harvest void reason with a line break is neutralised in the monthly report CSV, line by line', async () => {
    const res = await w.all.get(`/reports/${w.today.slice(0, 7)}/report.csv`);
    expect(res.status).toBe(200);
    const records = parseCsv(res.text);
    const voids = records.flat().filter((c) => c.startsWith('x') && c.includes('catatan biasa'));
    expect(voids.length).toBeGreaterThan(0);
    expect(formulaLines(records)).toEqual([]);
  });

  it('XLSX cells keep such text as plain text, never a formula', async () => {
    const res = await w.all.get('/recipients/export.xlsx').buffer(true).parse(binary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(c))));
    const hostile = cells.filter((c) => String(c.value).includes('catatan biasa'));
    expect(hostile.length).toBeGreaterThan(5);
    for (const c of hostile) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
    }
  });
});
