// List downloads: one builder of sheets served at `<path>.csv` and `<path>.xlsx`, with a safe file name.
import type { Request, Response } from 'express';
import type { Sheet, SheetFormat } from '../lib/sheets.ts';
import { sendSheets, type StreamSheet } from '../lib/sheets-stream.ts';
import type { Access, RouteSpec } from './routes.ts';

export interface Download {
  /** What the list is (`panen`): the file is named after it and its dates, see `downloadName`. */
  name: string;
  /** The list's date filter; an open side is the first or last date the file holds. */
  from?: string | null;
  to?: string | null;
  /** The workbook title (XLSX document properties). */
  title: string;
  /** A long list's rows come from the database while the file is written (see sheets-stream.ts). */
  sheets: StreamSheet[];
  /**
   * The first and last date a streamed list holds (one min/max query), for the file's name before
   * its rows are read; a list of plain arrays is named after the dates found in its rows.
   */
  held?: { first: string | null; last: string | null };
}

const FORMATS: readonly SheetFormat[] = ['csv', 'xlsx'];

/** Two GET routes, `<path>.csv` and `<path>.xlsx`, that send what `build` returns for the request. */
export function downloadRoutes(path: string, access: Access, build: (req: Request, res: Response) => Promise<Download>): RouteSpec[] {
  return FORMATS.map((format) => ({
    method: 'get' as const,
    path: `${path}.${format}`,
    access,
    handler: async (req: Request, res: Response) => {
      const d = await build(req, res);
      const held = d.held ?? heldIn(d.sheets);
      const baseName = downloadName(d.name, d.from || held.first, d.to || held.last);
      await sendSheets(res, format, baseName, d.sheets, { title: d.title });
    },
  }));
}

/** A list's filter as the query string of its download links; empty values left out. */
export function downloadQuery(filter: Record<string, string>): string {
  return new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();
}

/** The first and last day in sheets of plain arrays (streamed rows are not looked at). */
function heldIn(sheets: StreamSheet[]): { first: string | null; last: string | null } {
  const days = datesHeld(sheets.filter((s): s is Sheet => Array.isArray(s.rows)));
  return { first: days[0] ?? null, last: days.at(-1) ?? null };
}

/** The days in the sheets' first date column, sorted: what a file holds, for its name. */
export function datesHeld(sheets: Sheet[]): string[] {
  const days = sheets.flatMap((s) => {
    const k = s.columns.findIndex((c) => c.kind === 'date');
    return k < 0 ? [] : s.rows.map((r) => r[k]).filter((v): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
  });
  return days.sort();
}

/**
 * `tanda-terima_2026-10-01_2026-10-31`: the list's name and the dates it covers, one date when
 * they are the same day; `panen_kosong` for an empty list with no dates asked for. Not the day of
 * the download: two downloads of the same records have the same name. Only letters, digits, `-`
 * and `_` survive, so the name is safe in any file system and header.
 */
export function downloadName(prefix: string, from?: string | null, to?: string | null): string {
  const parts = !from && !to ? [prefix, 'kosong'] : from === to ? [prefix, from!] : [prefix, from || 'awal', to || 'akhir'];
  return parts.map((p) => p.toLowerCase().replace(/[^a-z0-9-]+/g, '-')).join('_');
}
