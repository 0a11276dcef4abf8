// Zod schemas for a handover, a batch of handovers at an event, a void, and the list filters.
import { z } from 'zod';
import type { Commodity } from '../../db/database.ts';
import {
  checkbox,
  formToken,
  idField,
  optional,
  optionalText,
  pastIsoDate,
  listQuery,
  queryDate,
  queryEnum,
  queryId,
  queryPage,
  queryText,
  voidSchema,
} from '../../web/forms.ts';
import { withItems } from '../packages/packages.schema.ts';

type ItemCommodity = Pick<Commodity, 'id' | 'name' | 'tracks_heads'>;

const common = {
  handed_on: pastIsoDate('Tanggal penyerahan'),
  officer_id: idField('petugas yang menyerahkan'),
  form_token: formToken,
  /** Only when a household (No. KK) gets a second package at one event: why. */
  household_reason: optionalText('Alasan paket kedua untuk satu KK', 500),
};

/**
 * A schema built from the commodity list, kept per list (id, name, heads or not): building it is
 * ≈ 0,6 ms of Zod work, once per handover POST before (issue 19). A changed list builds a new one.
 */
function keptPerCommodities<S>(build: (commodities: ItemCommodity[]) => S): (commodities: ItemCommodity[]) => S {
  const kept = new Map<string, S>();
  return (commodities) => {
    const key = commodities.map((c) => `${c.id}:${c.tracks_heads}:${c.name}`).join('\n');
    let schema = kept.get(key);
    if (!schema) {
      if (kept.size >= 50) kept.clear();
      schema = build(commodities);
      kept.set(key, schema);
    }
    return schema;
  };
}

export const handoverSchema = keptPerCommodities((commodities: ItemCommodity[]) =>
  withItems(
    {
      ...common,
      recipient_id: idField('penerima'),
      event_id: optional(idField('kegiatan')),
      note: optionalText('Catatan', 500),
      replaces_id: optional(idField('tanda terima yang diganti')),
    },
    commodities,
    { notes: true },
  ),
);
export type HandoverInput = z.output<ReturnType<typeof handoverSchema>>;

// The pick list shows at most 1 000 recipients at a time (filter by category or name for more).
export const MAX_BATCH = 1000;

/** The one name of a handover without an event, on every screen, receipt, export and report. */
export const WALK_IN_LABEL = 'Penyaluran langsung';

const recipientIds = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.coerce.number({ error: 'Pilihan penerima tidak dikenal.' }).int().positive())
    .min(1, 'Centang paling sedikit satu penerima.')
    .max(MAX_BATCH, `Paling banyak ${MAX_BATCH} penerima sekali simpan.`),
);

export const batchSchema = keptPerCommodities((commodities: ItemCommodity[]) =>
  withItems({ ...common, recipient_ids: recipientIds }, commodities, { notes: true }),
);
export type BatchInput = z.output<ReturnType<typeof batchSchema>>;

export const distributionVoidSchema = voidSchema.extend({
  /** "Batalkan dan buat pengganti": go on to a new receipt that refers to this one. */
  correct: checkbox,
});

export const distributionFilterSchema = z.object({
  from: queryDate,
  to: queryDate,
  event: queryId,
  status: queryEnum(['active', 'void', 'all'], 'all'),
  ...listQuery,
  page: queryPage,
});
export type DistributionFilterQuery = z.output<typeof distributionFilterSchema>;

/** A receipt number (its year and sequence, or the sequence in any year) or part of a recipient's name. */
export type ReceiptTerm = { year: number | null; seq: number } | { name: string };

/** "TT/RTNBLORA/2026/000123", "2026/123", "000123" or "123" is a number; anything else a name. */
export function receiptTerm(q: string): ReceiptTerm | null {
  const term = q.trim();
  if (!term) return null;
  const full = /(?:^|\/)(\d{4})\/(\d{1,9})$/.exec(term);
  if (full) return { year: Number(full[1]), seq: Number(full[2]) };
  if (/^\d{1,9}$/.test(term)) return { year: null, seq: Number(term) };
  return { name: term };
}

/** The batch screen's pick-list filter and the package chosen to fill the quantities. */
export const batchQuerySchema = z.object({
  category: queryEnum(['', 'keluarga_wbp', 'masyarakat', 'lembaga'], ''),
  q: queryText(60),
  package: queryId,
});
