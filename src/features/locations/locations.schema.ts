// Zod schema for the location form.
import { z } from 'zod';
import { LOCATION_KINDS } from '../../db/database.ts';
import { checkbox, optionalText, text, wholeNumber } from '../../web/forms.ts';

export const LOCATION_KIND_LABELS = { lahan: 'Lahan (kebun)', kolam: 'Kolam' } as const;

export const locationSchema = z.object({
  name: text('Nama lokasi', 80),
  kind: z.preprocess((v) => v ?? '', z.enum(LOCATION_KINDS, { error: 'Pilih jenis lokasi: lahan atau kolam.' })),
  area_m2: z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v),
    wholeNumber('Luas', { min: 0, max: 10_000_000 }).nullable(),
  ),
  note: optionalText('Keterangan', 500),
  active: checkbox,
});
export type LocationInput = z.output<typeof locationSchema>;
