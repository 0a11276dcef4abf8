// Zod schema for the commodity form.
import { z } from 'zod';
import { COMMODITY_KINDS } from '../../db/database.ts';
import { nationalCommodity, NATIONAL_COMMODITIES, SECTOR_LABELS } from '../../lib/national-catalogue.ts';
import { checkbox, text } from '../../web/forms.ts';

export const COMMODITY_KIND_LABELS = { sayur: 'Sayur', ikan: 'Ikan', lainnya: 'Lainnya' } as const;

/** The national catalogue as select options: "Terong — Pertanian/Perkebunan". */
export const NATIONAL_OPTIONS: Record<string, string> = Object.fromEntries(
  NATIONAL_COMMODITIES.map((c) => [c.code, `${c.name} — ${SECTOR_LABELS[c.sector]}`]),
);

export const commoditySchema = z.object({
  name: text('Nama komoditas', 60),
  kind: z.preprocess((v) => v ?? '', z.enum(COMMODITY_KINDS, { error: 'Pilih jenis komoditas.' })),
  tracks_heads: checkbox,
  sort_order: z.preprocess(
    (v) => (v === undefined || v === '' ? '0' : v),
    z.coerce
      .number({ error: 'Urutan harus angka.' })
      .int('Urutan harus bilangan bulat.')
      .min(0, 'Urutan tidak boleh negatif.')
      .max(999, 'Urutan paling besar 999.'),
  ),
  active: checkbox,
  // The national catalogue's entry: '' leaves the commodity unmapped (shown as such, never dropped).
  national_code: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .refine((v) => v === '' || nationalCommodity(v) !== null, 'Pilih komoditas nasional dari daftar.')
      .transform((v) => v || null),
  ),
});
export type CommodityInput = z.output<typeof commoditySchema>;
