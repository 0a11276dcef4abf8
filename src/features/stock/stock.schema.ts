// Zod schemas for outflows (the kinds of movement-kinds.ts), stock counts and the movement filters.
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
  rupiah,
  text,
} from '../../web/forms.ts';
import { kindSpec, MOVEMENT_KINDS, OUTFLOW_KINDS } from '../../lib/movement-kinds.ts';

export { MOVEMENT_LABELS, OUTFLOW_LABELS } from '../../lib/movement-kinds.ts';

const heads = optional(integer('Jumlah ekor', { min: 1, max: 1_000_000 }));

export const outflowSchema = z
  .object({
    kind: z.preprocess((v) => v ?? '', z.enum(OUTFLOW_KINDS, { error: 'Pilih jenis pengeluaran.' })),
    commodity_id: idField('komoditas'),
    out_date: pastIsoDate('Tanggal'),
    qty_g: kilograms('Berat'),
    heads,
    amount_rp: optional(rupiah('Nilai penjualan', { min: 1, max: 1_000_000_000_000 })),
    party: optionalText('Pembeli / lembaga', 150),
    note: optionalText('Keterangan', 500),
    form_token: formToken,
  })
  .superRefine((v, ctx) => {
    // What each kind needs is in the registry: rupiah for a sale, a cause for a loss, …
    const { rupiah: rp, party, note } = kindSpec(v.kind).needs;
    if (rp?.required && v.amount_rp === null) ctx.addIssue({ code: 'custom', path: ['amount_rp'], message: rp.required });
    if (party?.required && !v.party) ctx.addIssue({ code: 'custom', path: ['party'], message: party.required });
    if (note?.required && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: note.required });
  });
export type OutflowInput = z.output<typeof outflowSchema>;

export const stockCountSchema = z.object({
  commodity_id: idField('komoditas'),
  count_date: pastIsoDate('Tanggal opname'),
  counted_g: kilograms('Berat hasil hitung', { min: 0, max: 1_000_000 }),
  counted_heads: optional(integer('Jumlah ekor hasil hitung', { min: 0, max: 1_000_000 })),
  reason: text('Alasan / keterangan', 500),
  form_token: formToken,
});
export type StockCountInput = z.output<typeof stockCountSchema>;

export const movementFilterSchema = z.object({
  commodity: queryId,
  kind: queryEnum(['', ...MOVEMENT_KINDS], ''),
  from: queryDate,
  to: queryDate,
  page: queryPage,
});
export type MovementFilterQuery = z.output<typeof movementFilterSchema>;
