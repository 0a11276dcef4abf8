// Tables as downloads: the same typed sheets written as CSV (see csv.ts) or XLSX (exceljs), with
// quantities kept exact as integers until the file is written.
import type { Worksheet } from 'exceljs';
import { toCsv, type Cell } from './csv.ts';

/**
 * How a column's values are given and shown:
 * - `text`: a string;
 * - `int`: a count (heads, households, receipts);
 * - `kg`: integer grams, written as kilograms (`1,5` / 1.5);
 * - `rp`: integer rupiah;
 * - `pct`: a fraction (0.125 = 12,5 %);
 * - `date`: an ISO day `YYYY-MM-DD` (a real date in XLSX);
 * - `time`: a clock time `HH:MM` (a real time of day in XLSX, as text in CSV).
 *
 * The header is written as it is in both files: a unit belongs in it (`Perubahan (%)`), so a
 * column has one name in the CSV and the XLSX.
 */
export type ColumnKind = 'text' | 'int' | 'kg' | 'rp' | 'pct' | 'date' | 'time';

export interface Column {
  header: string;
  kind?: ColumnKind;
  /** Width in characters in XLSX; a guess from the header when left out. */
  width?: number;
  /** False: in the spreadsheet only, not on the printed report (a breakdown the paper shows elsewhere). */
  onPaper?: boolean;
}

export interface Sheet {
  /** The XLSX tab name (at most 31 characters, none of `\ / ? * [ ] :`). */
  name: string;
  /** A line above the table (in CSV the section's first line; in XLSX the sheet's first row). */
  title?: string;
  columns: Column[];
  rows: Cell[][];
  /**
   * The last row is a total (bold in XLSX and PDF). Each of its numbers is the SUM of the column
   * above it, except a percentage (the change of the totals) or a count its label names.
   */
  totalRow?: boolean;
}

export type SheetFormat = 'csv' | 'xlsx';

/** A column by its header, kind and width (the tables of a report define dozens). */
export const col = (header: string, kind: ColumnKind = 'text', width = 10): Column => ({ header, kind, width });

/** The content type of each download format. */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const XLSX_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  kg: '#,##0.0##',
  rp: '"Rp" #,##0',
  pct: '0.0%',
  date: 'dd/mm/yyyy',
  time: 'hh:mm',
};

/** A value as the spreadsheet should hold it: kilograms from grams, a Date from an ISO day. */
function valueFor(kind: ColumnKind, v: Cell): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'kg' && typeof v === 'number') return v / 1000;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    return new Date(`${v}T00:00:00Z`);
  }
  const t = kind === 'time' && typeof v === 'string' ? /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v) : null;
  // A time of day is a fraction of a day in a spreadsheet: 07:30 is 0.3125.
  if (t) return (Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3] ?? 0)) / 86_400;
  return v;
}

export function csvValue(kind: ColumnKind, v: Cell): Cell {
  if (kind === 'kg' && typeof v === 'number') return v / 1000;
  // A CSV cell has no number format: a change is written as percent, one decimal (33,3).
  if (kind === 'pct' && typeof v === 'number') return Math.round(v * 1000) / 10;
  return v;
}

/** One CSV file; several sheets follow each other as sections, each with its title line and header. */
export function sheetsToCsv(sheets: Sheet[]): string {
  if (sheets.length === 1 && !sheets[0]!.title) {
    const [s] = sheets as [Sheet];
    return toCsv(
      s.columns.map((c) => c.header),
      s.rows.map((r) => r.map((v, i) => csvValue(s.columns[i]?.kind ?? 'text', v))),
    );
  }
  const lines: Cell[][] = [];
  sheets.forEach((s, n) => {
    if (n > 0) lines.push([]);
    lines.push([s.title ?? s.name]);
    lines.push(s.columns.map((c) => c.header));
    for (const r of s.rows) lines.push(r.map((v, i) => csvValue(s.columns[i]?.kind ?? 'text', v)));
  });
  const [first, ...rest] = lines;
  return toCsv(
    first!.map((c) => String(c ?? '')),
    rest,
  );
}

const BAD_TAB = /[\\/?*[\]:]/g;

/** exceljs, loaded on the first download rather than at the server's start (a fifth of its start time). */
export async function loadExcel() {
  const [{ default: ExcelJS }, { default: JSZip }] = await Promise.all([import('exceljs'), import('jszip')]);
  // exceljs zips with JSZip, which stamps every part with the current time unless told otherwise:
  // a fixed stamp makes the same workbook the same bytes (a final report downloaded twice).
  (JSZip as unknown as { defaults: { date: Date | null } }).defaults.date = new Date(Date.UTC(2000, 0, 1));
  return ExcelJS;
}

/** Lines a text takes when wrapped at `width` characters (words kept whole, as a spreadsheet wraps). */
export function wrappedLines(text: string, width: number): number {
  let lines = 0;
  for (const para of text.split('\n')) {
    let used = 0;
    lines++;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (used && used + 1 + word.length > width) {
        lines++;
        used = 0;
      }
      used += (used ? 1 : 0) + word.length;
      // A word longer than the cell is broken across lines.
      while (used > width) {
        lines++;
        used -= width;
      }
    }
  }
  return lines;
}

/** Points per line of the default 11 pt font, and a little room at the bottom of the cell. */
const LINE_PT = 15;
const rowHeight = (lines: number) => lines * LINE_PT + 3;
/** Characters of text that fit on a line of a column `width` wide (a width counts digits; letters are narrower, bold wider). */
const textChars = (width: number, bold = false) => Math.max(1, Math.floor(bold ? width * 0.9 : width * 1.05));

/** The tab names of the sheets: none of the forbidden characters, at most 31 long, each once. */
export function tabNames(sheets: readonly { name: string }[]): string[] {
  const used = new Set<string>();
  return sheets.map((s) => {
    let name = s.name.replace(BAD_TAB, ' ').slice(0, 31) || 'Data';
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${name.slice(0, 27)} (${k})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Column widths: wide enough for the longest word of the header, so a word is not broken in the middle. */
export function columnWidths(columns: Column[]): number[] {
  return columns.map((c) =>
    Math.max(
      c.width ?? Math.max(10, Math.min(40, c.header.length + 4)),
      Math.ceil(Math.max(...c.header.split(/\s+/).map((w) => w.length)) / 0.9) + 1,
    ),
  );
}

/** A worksheet's view and print setup: frozen header, A4 landscape fitted to the width, pages numbered. */
export function worksheetOptions(s: { name: string; title?: string }, headerRow: number) {
  return {
    views: [{ state: 'frozen' as const, ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape' as const,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
    headerFooter: { oddFooter: `&L${(s.title ?? s.name).replace(/&/g, '&&')}&RHalaman &P dari &N` },
  };
}

/** The title row's height: the title wrapped over the table's width. */
const titleHeight = (title: string, widths: number[]) =>
  rowHeight(wrappedLines(title, textChars(widths.reduce((a, w) => a + w, 0) * 0.9, true))) + 2;

/**
 * Row 1: the title, bold, merged over the table and wrapped (a title wider than the table would be
 * cut off on paper). Returns the row (a streamed sheet commits it).
 */
export function writeTitle(ws: Worksheet, title: string, widths: number[]) {
  const row = ws.getRow(1);
  row.getCell(1).value = title;
  row.font = { bold: true, size: 12 };
  row.alignment = { vertical: 'top', wrapText: true };
  if (widths.length > 1) ws.mergeCells(1, 1, 1, widths.length);
  row.height = titleHeight(title, widths);
  return row;
}

/** The header row's height: as tall as its longest header wraps. */
export const headHeight = (columns: Column[], widths: number[]) =>
  rowHeight(Math.max(1, ...columns.map((c, i) => wrappedLines(c.header, textChars(widths[i]!, true)))));

/** A data row's values, and its height when a long note wraps (undefined: one line). */
export function dataRow(columns: Column[], widths: number[], r: Cell[], bold: boolean) {
  const values = columns.map((c, i) => valueFor(c.kind ?? 'text', r[i]));
  // A long note wraps inside its column; the row is made as tall as it wraps, since neither
  // Excel nor LibreOffice reliably grows a row of a file it opens.
  const lines = Math.max(
    1,
    ...columns.map((c, i) =>
      typeof r[i] === 'string' && (c.kind ?? 'text') === 'text' ? wrappedLines(r[i], textChars(widths[i]!, bold)) : 1,
    ),
  );
  return { values, height: lines > 1 ? rowHeight(lines) : undefined };
}

/** A data cell's number format and alignment: a long note wraps rather than being cut off at the next cell. */
export function cellStyle(kind: ColumnKind = 'text') {
  return {
    numFmt: XLSX_FORMATS[kind],
    alignment: kind === 'text' ? { vertical: 'top' as const, wrapText: true } : { vertical: 'top' as const },
  };
}

/**
 * One workbook, a tab per sheet: bold frozen header, number formats per column, numbers stored as
 * numbers; printed as an office prints a list: A4 landscape fitted to the page width, the header
 * row repeated on every page, the title wrapped over the table's width, pages numbered.
 * In memory, with fixed zip dates (the same report gives the same bytes); a download of a list
 * is streamed by sheets-stream.ts with the same layout.
 */
export async function sheetsToXlsx(sheets: Sheet[], meta: { title?: string; creator?: string; created?: Date } = {}): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator ?? 'Lumbung';
  if (meta.title) wb.title = meta.title;
  // A fixed date keeps the file the same for the same data (a final report is drawn again identically).
  wb.created = wb.modified = meta.created ?? new Date(0);
  const names = tabNames(sheets);
  for (const [n, s] of sheets.entries()) {
    const headerRow = s.title ? 2 : 1;
    const widths = columnWidths(s.columns);
    const ws = wb.addWorksheet(names[n], worksheetOptions(s, headerRow));
    ws.columns = s.columns.map((c, i) => ({ key: String(i), width: widths[i] }));
    if (s.title) writeTitle(ws, s.title, widths);
    const head = ws.getRow(headerRow);
    head.values = s.columns.map((c) => c.header);
    head.font = { bold: true };
    head.alignment = { vertical: 'top', wrapText: true };
    // A spreadsheet does not grow a row on its own when printing.
    head.height = headHeight(s.columns, widths);
    for (const [k, r] of s.rows.entries()) {
      const { values, height } = dataRow(s.columns, widths, r, Boolean(s.totalRow) && k === s.rows.length - 1);
      const row = ws.addRow(values);
      if (height) row.height = height;
    }
    if (s.totalRow && s.rows.length) ws.lastRow!.font = { bold: true };
    s.columns.forEach((c, i) => {
      const { numFmt, alignment } = cellStyle(c.kind);
      if (numFmt) ws.getColumn(i + 1).numFmt = numFmt;
      for (let n = headerRow + 1; n <= ws.rowCount; n++) ws.getCell(n, i + 1).alignment = alignment;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
