// Item quantities typed per commodity (a package template, a handover) and the package form.
import { z } from 'zod';
import type { Commodity } from '../../db/database.ts';
import { checkbox, integer, kilograms, optional, optionalText, text } from '../../web/forms.ts';

export interface ItemInput {
  commodity_id: number;
  qty_g: number;
  heads: number | null;
  note: string | null;
}

type ItemCommodity = Pick<Commodity, 'id' | 'name' | 'tracks_heads'>;

/**
 * A form of `base` fields plus one row of inputs per commodity — `qty_<id>` (kg as typed),
 * `heads_<id>` for fish, and `note_<id>` when asked — whose output carries the filled-in rows
 * as `items`. Field errors keep the input names, so each message shows beside its input.
 */
export function withItems<T extends z.ZodRawShape>(base: T, commodities: ItemCommodity[], opts: { notes: boolean }) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of commodities) {
    shape[`qty_${c.id}`] = optional(kilograms(`Jumlah ${c.name}`, { min: 0.001, max: 10_000 }));
    if (c.tracks_heads) shape[`heads_${c.id}`] = optional(integer(`Jumlah ekor ${c.name}`, { min: 1, max: 100_000 }));
    if (opts.notes) shape[`note_${c.id}`] = optionalText(`Keterangan ${c.name}`, 200);
  }
  return z
    .object({ ...base, ...shape })
    .superRefine((v: Record<string, unknown>, ctx) => {
      let any = false;
      for (const c of commodities) {
        if (v[`qty_${c.id}`] != null) any = true;
        else if (v[`heads_${c.id}`] != null)
          ctx.addIssue({ code: 'custom', path: [`qty_${c.id}`], message: `Isi juga berat ${c.name} (kg).` });
      }
      if (!any) ctx.addIssue({ code: 'custom', path: ['items'], message: 'Isi jumlah paling sedikit satu komoditas.' });
    })
    .transform((v: Record<string, unknown>) => {
      const items: ItemInput[] = commodities
        .filter((c) => v[`qty_${c.id}`] != null)
        .map((c) => ({
          commodity_id: c.id,
          qty_g: v[`qty_${c.id}`] as number,
          heads: c.tracks_heads ? ((v[`heads_${c.id}`] as number | null) ?? null) : null,
          note: opts.notes ? ((v[`note_${c.id}`] as string | null) ?? null) : null,
        }));
      return { ...(v as z.output<z.ZodObject<T>>), items };
    });
}

/** Items back into form values (`qty_1: '1,5'`), to prefill a form from a package or a record. */
export function itemValues(items: Array<{ commodity_id: number; qty_g: number; heads: number | null; note?: string | null }>) {
  const out: Record<string, string> = {};
  for (const i of items) {
    out[`qty_${i.commodity_id}`] = String(i.qty_g / 1000).replace('.', ',');
    if (i.heads != null) out[`heads_${i.commodity_id}`] = String(i.heads);
    if (i.note) out[`note_${i.commodity_id}`] = i.note;
  }
  return out;
}

export function packageSchema(commodities: ItemCommodity[]) {
  return withItems({ name: text('Nama paket', 100), active: checkbox }, commodities, { notes: false });
}
export type PackageInput = z.output<ReturnType<typeof packageSchema>>;
