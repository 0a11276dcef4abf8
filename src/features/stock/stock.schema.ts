// Zod schemas for outflows (kitchen, sale, loss), stock counts and the movement filters.
import { z } from 'zod';
import { MOVEMENT_KINDS, OUTFLOW_KINDS } from '../../db/database.ts';
import {
  formToken, idField, integer, kilograms, optional, optionalText, pastIsoDate, queryDate, queryEnum, queryId, queryPage, rupiah, text,
} from '../../web/forms.ts';

export const OUTFLOW_LABELS = { kitchen: 'Pemakaian dapur', sale: 'Penjualan (PNBP)', loss: 'Susut / rusak' } as const;
export const MOVEMENT_LABELS: Record<(typeof MOVEMENT_KINDS)[number], string> = {
  harvest: 'Panen',
  distribution: 'Penyaluran bantuan',
  kitchen: 'Dapur',
  sale: 'Penjualan',
  loss: 'Susut / rusak',
  adjustment: 'Stok opname',
};

const heads = optional(integer('Jumlah ekor', { min: 1, max: 1_000_000 }));

export const outflowSchema = z
  .object({
    kind: z.preprocess((v) => v ?? '', z.enum(OUTFLOW_KINDS, { error: 'Pilih jenis pengeluaran.' })),
    commodity_id: idField('komoditas'),
    out_date: pastIsoDate('Tanggal'),
    qty_g: kilograms('Berat'),
    heads,
    amount_rp: optional(rupiah('Nilai penjualan', { min: 1, max: 1_000_000_000_000 })),
    party: optionalText('Pembeli', 150),
    note: optionalText('Keterangan', 500),
    form_token: formToken,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'sale' && v.amount_rp === null) {
      ctx.addIssue({ code: 'custom', path: ['amount_rp'], message: 'Nilai penjualan (Rp) wajib diisi untuk penjualan.' });
    }
    if (v.kind === 'loss' && !v.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Tuliskan sebab susut atau rusak.' });
    }
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
  kind: queryEnum(['', ...MOVEMENT_KINDS] as const, ''),
  from: queryDate,
  to: queryDate,
  page: queryPage,
});
export type MovementFilterQuery = z.output<typeof movementFilterSchema>;
