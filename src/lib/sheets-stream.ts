// Downloads of lists of any length: the rows go from the database to the response a batch at a
// time (CSV line by line, XLSX with exceljs's streaming writer), never all held at once, with the
// same cells and layout as the in-memory files of sheets.ts.
import type { Response } from 'express';
import type { Writable } from 'node:stream';
import { csvLines, type Cell } from './csv.ts';
import {
  cellStyle,
  columnWidths,
  csvValue,
  FILE_TYPES,
  dataRow,
  headHeight,
  loadExcel,
  tabNames,
  worksheetOptions,
  writeTitle,
  type Sheet,
  type SheetFormat,
} from './sheets.ts';
import { drained } from './drain.ts';
import { letOthersThrough, turnIsLong } from './turns.ts';

/** A sheet whose rows may come one by one from the database (see `keysetBatches`), or a plain array. */
export interface StreamSheet extends Omit<Sheet, 'rows'> {
  rows: Cell[][] | AsyncIterable<Cell[]>;
}

/** Lines or rows written between two checks that the client keeps up (fewer when they take long). */
const CHUNK_ROWS = 500;

/** The client went away: the rest of the file is not read from the database. */
class ClientGone extends Error {}

/** Waits while the response's buffer is full, so a slow client never makes the server hold the file. */
async function room(out: Writable, extra?: () => boolean): Promise<void> {
  while (out.writableNeedDrain || extra?.()) {
    if (out.destroyed) throw new ClientGone('download closed by the client');
    // The zip's buffers empty without a 'drain' of the response: look again soon.
    await drained(out, 5);
  }
  if (out.destroyed) throw new ClientGone('download closed by the client');
  // A batch is read without a pause: other requests get their turn every few hundred rows.
  await letOthersThrough();
}

/** Each row with whether it is the last one (a total row is bold): one row of look-ahead. */
async function* withLast(rows: Cell[][] | AsyncIterable<Cell[]>): AsyncGenerator<[Cell[], boolean]> {
  let prev: Cell[] | undefined;
  for await (const r of rows) {
    if (prev) yield [prev, false];
    prev = r;
  }
  if (prev) yield [prev, true];
}

/** The lines of the CSV file: a single untitled sheet as a plain table, several as sections. */
async function* csvRecords(sheets: StreamSheet[]): AsyncGenerator<Cell[]> {
  const plain = sheets.length === 1 && !sheets[0]!.title;
  for (const [n, s] of sheets.entries()) {
    if (!plain) {
      if (n > 0) yield [];
      yield [s.title ?? s.name];
    }
    yield s.columns.map((c) => c.header);
    for await (const r of s.rows) yield r.map((v, i) => csvValue(s.columns[i]?.kind ?? 'text', v));
  }
}

/** The sheets as CSV (see sheets.ts `sheetsToCsv`: the same bytes), a few hundred lines per write. */
export async function writeCsv(out: Writable, sheets: StreamSheet[]): Promise<void> {
  let pending: Cell[][] = [];
  let text = '\uFEFF';
  for await (const line of csvRecords(sheets)) {
    pending.push(line);
    if (pending.length >= CHUNK_ROWS || turnIsLong()) {
      out.write(text + csvLines(pending));
      pending = [];
      text = '';
      await room(out);
    }
  }
  out.end(text + csvLines(pending));
}

/** The sheets as XLSX (see sheets.ts `sheetsToXlsx`: the same cells, formats and print setup), streamed. */
export async function writeXlsx(out: Writable, sheets: StreamSheet[], meta: { title?: string } = {}): Promise<void> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = 'Lumbung';
  if (meta.title) wb.title = meta.title;
  wb.created = wb.modified = new Date(0);
  // The zip's output buffer (data compressed but not yet taken by the response) counts as full too.
  const zip = (wb as unknown as { zip: { readableLength: number } }).zip;
  const zipFull = () => zip.readableLength > 1 << 20;
  const names = tabNames(sheets);
  for (const [n, s] of sheets.entries()) {
    const headerRow = s.title ? 2 : 1;
    const widths = columnWidths(s.columns);
    const ws = wb.addWorksheet(names[n], worksheetOptions(s, headerRow));
    centredOnPaper(ws);
    const full = () => zipFull() || unzipped(ws) > 1 << 20;
    // A column's number format is its style, as in the in-memory workbook (every cell of it has it).
    ws.columns = s.columns.map((c, i) => ({ key: String(i), width: widths[i], style: { numFmt: cellStyle(c.kind).numFmt } }));
    if (s.title) writeTitle(ws, s.title, widths).commit();
    const head = ws.getRow(headerRow);
    head.values = s.columns.map((c) => c.header);
    head.font = { bold: true };
    head.alignment = { vertical: 'top', wrapText: true };
    head.height = headHeight(s.columns, widths);
    head.commit();
    // One style object per column (and one bold, for a total row), given to every cell: exceljs
    // remembers an object it has seen, where a copy per cell costs a look-up of its XML each time.
    const styles = s.columns.map((c) => {
      const { numFmt, alignment } = cellStyle(c.kind);
      const plain = numFmt ? { numFmt, alignment } : { alignment };
      return { plain, bold: { ...plain, font: { bold: true } } };
    });
    let k = 0;
    for await (const [r, last] of withLast(s.rows)) {
      const bold = Boolean(s.totalRow) && last;
      const { values, height } = dataRow(s.columns, widths, r, bold);
      const row = ws.addRow(values);
      if (height) row.height = height;
      styles.forEach((st, i) => {
        row.getCell(i + 1).style = bold ? st.bold : st.plain;
      });
      row.commit();
      // Every few hundred rows, or sooner when they came slowly (the first rows, before the code is
      // compiled, took 120 ms for 500): others wait at most about a turn's budget.
      if (++k % CHUNK_ROWS === 0 || turnIsLong()) await room(out, full);
    }
    ws.commit();
  }
  await wb.commit();
}

type Buffered = { _readableState?: { length: number }; _writableState?: { length: number } };

/**
 * Bytes of the sheet written but not yet taken by the zip. The zip compresses on other threads and
 * moves on only when the event loop turns: rows read without a pause (a batch) would pile up here
 * as the whole uncompressed sheet (400 MB for a million rows) unless the writer waits for it.
 */
function unzipped(ws: object): number {
  const pipes = (ws as { _stream?: { pipes?: Buffered[] } })._stream?.pipes ?? [];
  return pipes.reduce((sum, p) => sum + (p._readableState?.length ?? 0) + (p._writableState?.length ?? 0), 0);
}

/**
 * exceljs's streaming worksheet leaves out the print options (the in-memory one writes them):
 * the table centred on the page is written where the file format wants it, just before the margins.
 */
function centredOnPaper(ws: object): void {
  const w = ws as { stream: Writable; _writePageMargins: () => void };
  const margins = w._writePageMargins.bind(w);
  w._writePageMargins = () => {
    w.stream.write('<printOptions horizontalCentered="1"/>');
    margins();
  };
}

/** The rows' first batch read now: a failure there is still an ordinary error page (nothing sent yet). */
async function primed(rows: Cell[][] | AsyncIterable<Cell[]>): Promise<Cell[][] | AsyncIterable<Cell[]>> {
  if (Array.isArray(rows)) return rows;
  const it = rows[Symbol.asyncIterator]();
  const first = await it.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    },
  };
}

/**
 * Sends the sheets as `<baseName>.csv` or `<baseName>.xlsx`. A failure after the file has begun
 * (a batch that could not be read) breaks the connection: the browser reports a failed download
 * rather than saving a file that looks complete and is not.
 */
export async function sendSheets(
  res: Response,
  format: SheetFormat,
  baseName: string,
  sheets: StreamSheet[],
  meta: { title?: string } = {},
): Promise<void> {
  const ready = await Promise.all(sheets.map(async (s) => ({ ...s, rows: await primed(s.rows) })));
  try {
    if (format === 'xlsx') {
      res.type(FILE_TYPES.xlsx).attachment(`${baseName}.xlsx`);
      await writeXlsx(res, ready, meta);
    } else {
      res.type('text/csv; charset=utf-8').attachment(`${baseName}.csv`);
      await writeCsv(res, ready);
    }
  } catch (err) {
    if (!res.headersSent) throw err;
    res.destroy();
    // A client that went away is no fault to log.
    if (!(err instanceof ClientGone)) throw err;
  }
}
