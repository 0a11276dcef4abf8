// Zod schemas and query parameters of the oversight pages.
import { z } from 'zod';
import { PAPER_SIZES } from '../../db/database.ts';
import { idField, integer, isoDate, optionalText, queryEnum, queryId, text } from '../../web/forms.ts';
import { shiftMonth } from '../../lib/time.ts';
import { currentMonth } from '../reports/reports.archive.ts';
import { validMonth } from '../reports/reports.schema.ts';

/** The month a page is asked for, else last month (the one being reported now). */
export function monthOr(raw: unknown): string {
  return validMonth(Array.isArray(raw) ? raw[0] : raw) ?? shiftMonth(currentMonth(), -1);
}

/** The months offered in the pickers: the last 24, newest first. */
export function recentMonths(n = 24): string[] {
  const now = currentMonth();
  return Array.from({ length: n }, (_, i) => shiftMonth(now, -i));
}

export const STATE_FILTERS = ['', 'final', 'accepted', 'returned', 'missing', 'late', 'imported'] as const;

export const rateQuerySchema = z.object({
  area: queryId,
  state: queryEnum(STATE_FILTERS, ''),
});

export const rollupQuerySchema = z.object({
  area: queryId,
  paper: queryEnum(['', ...PAPER_SIZES] as const, ''),
  /** '1': the months not final yet are drawn from today's records, marked KONSEP. */
  drafts: queryEnum(['', '1'] as const, ''),
});

export const deadlineSchema = z.object({
  area: idField('Wilayah'),
  day: integer('Tanggal batas', { min: 1, max: 28 }),
});

export const declareDaySchema = z.object({
  area: idField('Wilayah'),
  day: isoDate('Tanggal'),
  name: text('Nama kegiatan', 150),
  note: optionalText('Keterangan', 500),
});

export const boardQuerySchema = z.object({
  area: queryId,
  paper: queryEnum(['', ...PAPER_SIZES] as const, ''),
  /** Seconds between the board's own refreshes (30 unless asked; 5 to 600). */
  every: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(5).max(600).catch(30)).default(30),
});
