// CSV files that Excel in Indonesian settings opens as they are: UTF-8 with BOM, `;` between
// columns, decimal comma, and text cells that could start a formula neutralised.
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | null | undefined;

/** A text cell starting with = + - @ (or tab/CR) is read as a formula by spreadsheets. */
export function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return safeText(v);
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  // Headers too: some are typed by users (a commodity's name heads its column).
  return '\uFEFF' + stringify([headers.map(safeText), ...rows.map((r) => r.map(cell))], { delimiter: ';', record_delimiter: 'windows' });
}
