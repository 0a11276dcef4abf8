// CSV files that Excel in Indonesian settings opens as they are: UTF-8 with BOM, `;` between
// columns, decimal comma, and text cells that could start a formula neutralised line by line.
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | null | undefined;

/** A line starting with = + - @ (or tab/CR) is read as a formula by spreadsheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as a spreadsheet may show it: line breaks kept (CRLF and a bare CR become LF, the line break
 * of a spreadsheet cell) and every line that could start a formula marked as text with a quote —
 * a spreadsheet shows each line of a cell on its own, and a line of a split cell is a cell of its own.
 */
export function safeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (FORMULA_START.test(line) ? `'${line}` : line))
    .join('\n');
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return safeText(v);
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  // Headers too: some are typed by users (a commodity's name heads its column).
  return '\uFEFF' + csvLines([headers, ...rows]);
}

/**
 * Lines of a CSV file, each ending with CRLF: a file may be written a few lines at a time (a long
 * download) and is the same as written at once. A field with a line break is always quoted:
 * unquoted, a bare LF ends the row in LibreOffice's import.
 */
export function csvLines(rows: Cell[][]): string {
  return stringify(
    rows.map((r) => r.map(cell)),
    {
      delimiter: ';',
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
    },
  );
}
