// List downloads: one builder of sheets served at `<path>.csv` and `<path>.xlsx`, with a safe file name.
import type { Request, Response } from 'express';
import { sendSheets, type Sheet, type SheetFormat } from '../lib/sheets.ts';
import { wibDate } from '../lib/time.ts';
import type { Access, RouteSpec } from './routes.ts';

export interface Download {
  /** The file name without extension, from `downloadName`. */
  baseName: string;
  /** The workbook title (XLSX document properties). */
  title: string;
  sheets: Sheet[];
}

const FORMATS: readonly SheetFormat[] = ['csv', 'xlsx'];

/** Two GET routes, `<path>.csv` and `<path>.xlsx`, that send what `build` returns for the request. */
export function downloadRoutes(path: string, access: Access, build: (req: Request, res: Response) => Promise<Download>): RouteSpec[] {
  return FORMATS.map((format) => ({
    method: 'get' as const, path: `${path}.${format}`, access,
    handler: async (req: Request, res: Response) => {
      const d = await build(req, res);
      await sendSheets(res, format, d.baseName, d.sheets, { title: d.title });
    },
  }));
}

/** A list's filter as the query string of its download links; empty values left out. */
export function downloadQuery(filter: Record<string, string>): string {
  return new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();
}

/**
 * `tanda-terima_2026-10-01_2026-10-31`: the list's name and its date range; an open start is
 * `awal`, an open end today (WIB); no range at all is the day of the download. Only letters,
 * digits, `-` and `_` survive, so the name is safe in any file system and header.
 */
export function downloadName(prefix: string, from?: string | null, to?: string | null): string {
  const parts = from || to ? [prefix, from || 'awal', to || wibDate()] : [prefix, wibDate()];
  return parts.map((p) => p.toLowerCase().replace(/[^a-z0-9-]+/g, '-')).join('_');
}
