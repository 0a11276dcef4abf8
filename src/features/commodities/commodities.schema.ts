// Zod schema for the commodity form.
import { z } from 'zod';
import { COMMODITY_KINDS } from '../../db/database.ts';
import { checkbox, text } from '../../web/forms.ts';

export const COMMODITY_KIND_LABELS = { sayur: 'Sayur', ikan: 'Ikan', lainnya: 'Lainnya' } as const;

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
});
export type CommodityInput = z.output<typeof commoditySchema>;
