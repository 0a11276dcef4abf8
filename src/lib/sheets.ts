// Tables as downloads: the same typed sheets written as CSV (see csv.ts) or XLSX (exceljs), with
// quantities kept exact as integers until the file is written.
import type { Response } from 'express';
import { toCsv, type Cell } from './csv.ts';

/**
 * How a column's values are given and shown:
 * - `text`: a string;
 * - `int`: a count (heads, households, receipts);
 * - `kg`: integer grams, written as kilograms (`1,5` / 1.5);
 * - `rp`: integer rupiah;
 * - `pct`: a fraction (0.125 = 12,5 %);
 * - `date`: an ISO day `YYYY-MM-DD` (a real date in XLSX).
 */
export type ColumnKind = 'text' | 'int' | 'kg' | 'rp' | 'pct' | 'date';

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
  /** The last row is a total (bold in XLSX and PDF). */
  totalRow?: boolean;
}

export type SheetFormat = 'csv' | 'xlsx';

const XLSX_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  kg: '#,##0.0##',
  rp: '"Rp" #,##0',
  pct: '0.0%',
  date: 'dd/mm/yyyy',
};

/** A value as the spreadsheet should hold it: kilograms from grams, a Date from an ISO day. */
function valueFor(kind: ColumnKind, v: Cell): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'kg' && typeof v === 'number') return v / 1000;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    return new Date(`${v}T00:00:00Z`);
  }
  return v;
}

function csvValue(kind: ColumnKind, v: Cell): Cell {
  if (kind === 'kg' && typeof v === 'number') return v / 1000;
  // A CSV cell has no number format: a change is written as percent, one decimal (33,3).
  if (kind === 'pct' && typeof v === 'number') return Math.round(v * 1000) / 10;
  return v;
}

function csvHeader(c: Column): string {
  return c.kind === 'pct' ? `${c.header} (%)` : c.header;
}

/** One CSV file; several sheets follow each other as sections, each with its title line and header. */
export function sheetsToCsv(sheets: Sheet[]): string {
  if (sheets.length === 1 && !sheets[0]!.title) {
    const [s] = sheets as [Sheet];
    return toCsv(s.columns.map(csvHeader), s.rows.map((r) => r.map((v, i) => csvValue(s.columns[i]?.kind ?? 'text', v))));
  }
  const lines: Cell[][] = [];
  sheets.forEach((s, n) => {
    if (n > 0) lines.push([]);
    lines.push([s.title ?? s.name]);
    lines.push(s.columns.map(csvHeader));
    for (const r of s.rows) lines.push(r.map((v, i) => csvValue(s.columns[i]?.kind ?? 'text', v)));
  });
  const [first, ...rest] = lines;
  return toCsv(first!.map((c) => String(c ?? '')), rest);
}

const BAD_TAB = /[\\/?*[\]:]/g;

/** exceljs, loaded on the first download rather than at the server's start (a fifth of its start time). */
async function loadExcel() {
  const [{ default: ExcelJS }, { default: JSZip }] = await Promise.all([import('exceljs'), import('jszip')]);
  // exceljs zips with JSZip, which stamps every part with the current time unless told otherwise:
  // a fixed stamp makes the same workbook the same bytes (a final report downloaded twice).
  (JSZip as unknown as { defaults: { date: Date | null } }).defaults.date = new Date(Date.UTC(2000, 0, 1));
  return ExcelJS;
}

/** One workbook, a tab per sheet: bold frozen header, number formats per column, numbers stored as numbers. */
export async function sheetsToXlsx(sheets: Sheet[], meta: { title?: string; creator?: string; created?: Date } = {}): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator ?? 'Lumbung';
  if (meta.title) wb.title = meta.title;
  // A fixed date keeps the file the same for the same data (a final report is drawn again identically).
  wb.created = wb.modified = meta.created ?? new Date(0);
  const used = new Set<string>();
  for (const s of sheets) {
    let name = s.name.replace(BAD_TAB, ' ').slice(0, 31) || 'Data';
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${name.slice(0, 27)} (${k})`;
    used.add(name.toLowerCase());
    const ws = wb.addWorksheet(name);
    const headerRow = s.title ? 2 : 1;
    if (s.title) {
      ws.addRow([s.title]).font = { bold: true, size: 12 };
    }
    ws.columns = s.columns.map((c) => ({ key: c.header, width: c.width ?? Math.max(10, Math.min(40, c.header.length + 4)) }));
    const head = ws.getRow(headerRow);
    head.values = s.columns.map((c) => c.header);
    head.font = { bold: true };
    head.alignment = { vertical: 'top', wrapText: true };
    ws.views = [{ state: 'frozen', ySplit: headerRow }];
    for (const r of s.rows) {
      ws.addRow(s.columns.map((c, i) => valueFor(c.kind ?? 'text', r[i])));
    }
    if (s.totalRow && s.rows.length) ws.lastRow!.font = { bold: true };
    s.columns.forEach((c, i) => {
      const fmt = XLSX_FORMATS[c.kind ?? 'text'];
      if (fmt) ws.getColumn(i + 1).numFmt = fmt;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends the sheets as `<baseName>.csv` or `<baseName>.xlsx`. */
export async function sendSheets(res: Response, format: SheetFormat, baseName: string, sheets: Sheet[], meta: { title?: string } = {}): Promise<void> {
  if (format === 'xlsx') {
    const buf = await sheetsToXlsx(sheets, meta);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${baseName}.xlsx`).send(buf);
  } else {
    res.type('text/csv; charset=utf-8').attachment(`${baseName}.csv`).send(sheetsToCsv(sheets));
  }
}
