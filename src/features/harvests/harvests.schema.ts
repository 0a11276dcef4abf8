// Zod schemas for the harvest form, its edit, and the list filters.
import { z } from 'zod';
import {
  formToken,
  idField,
  integer,
  kilograms,
  optional,
  optionalText,
  pastIsoDate,
  queryDate,
  queryEnum,
  queryId,
  queryPage,
  listQuery,
} from '../../web/forms.ts';

export const GRADES = ['A', 'B', 'C'] as const;

const timeOfDay = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : ''),
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Jam panen ditulis seperti 07:30.'),
);

const workers = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(200, 'Nama WBP terlalu panjang.')).max(10, 'Paling banyak 10 WBP.'),
);

const fields = {
  commodity_id: idField('komoditas'),
  location_id: idField('lahan atau kolam'),
  weight_g: kilograms('Berat'),
  heads: optional(integer('Jumlah ekor', { min: 1, max: 1_000_000 })),
  grade: optional(z.enum(GRADES, { error: 'Mutu harus A, B atau C.' })),
  harvest_date: pastIsoDate('Tanggal panen'),
  harvest_time: timeOfDay,
  workers,
  note: optionalText('Catatan', 500),
};

/** The instant of a WIB date and time; never in the future. */
function notInFuture(v: { harvest_date: string; harvest_time: string }, ctx: z.RefinementCtx) {
  const at = new Date(`${v.harvest_date}T${v.harvest_time}:00+07:00`);
  if (at.getTime() > Date.now() + 60_000) {
    ctx.addIssue({ code: 'custom', path: ['harvest_time'], message: 'Waktu panen tidak boleh di masa depan.' });
  }
}

export const harvestSchema = z.object({ ...fields, form_token: formToken }).superRefine(notInFuture);
export type HarvestInput = z.output<typeof harvestSchema>;

/** The usual reasons for a correction, offered as one-tap choices on the edit form. */
export const COMMON_REASONS = ['salah ketik', 'salah komoditas', 'salah lahan'] as const;

export const harvestEditSchema = z
  .object({
    ...fields,
    reason_pick: optional(z.enum(COMMON_REASONS, { error: 'Pilih salah satu alasan yang tersedia.' })),
    reason: optionalText('Alasan perubahan', 500),
  })
  .superRefine(notInFuture);
/** The chosen reason may be left out by callers that type their reason (scripts, tests). */
export type HarvestEditInput = Omit<z.output<typeof harvestEditSchema>, 'reason_pick'> & {
  reason_pick?: (typeof COMMON_REASONS)[number] | null;
};

export const harvestFilterSchema = z.object({
  from: queryDate,
  to: queryDate,
  commodity: queryId,
  location: queryId,
  officer: queryId,
  status: queryEnum(['active', 'void', 'all'], 'active'),
  ...listQuery,
  page: queryPage,
});
export type HarvestFilterQuery = z.output<typeof harvestFilterSchema>;
