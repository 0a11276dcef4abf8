// Zod schemas for the event (kegiatan) form and list filter.
import { z } from 'zod';
import { EVENT_KINDS } from '../../db/database.ts';
import { isoDate, optionalText, queryPage, queryText, text } from '../../web/forms.ts';

export const EVENT_KIND_LABELS: Record<(typeof EVENT_KINDS)[number], string> = {
  bakti_sosial: 'Bakti Sosial',
  panen_raya: 'Panen Raya',
  hari_bhakti: 'Hari Bhakti Pemasyarakatan',
  rutin: 'Penyaluran rutin',
  lainnya: 'Lainnya',
};

export const eventSchema = z.object({
  name: text('Nama kegiatan', 150),
  kind: z.preprocess((v) => v ?? '', z.enum(EVENT_KINDS, { error: 'Pilih jenis kegiatan.' })),
  event_date: isoDate('Tanggal kegiatan'),
  place: optionalText('Tempat', 200),
  note: optionalText('Catatan', 500),
});
export type EventInput = z.output<typeof eventSchema>;

export const eventFilterSchema = z.object({ year: queryText(4, /^(\d{4})?$/), page: queryPage });
