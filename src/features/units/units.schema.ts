// Zod schemas for a unit's name and code (the first-run page; later the units' own pages).
import { z } from 'zod';
import { text } from '../../web/forms.ts';

export const unitName = text('Nama satuan kerja', 150);
export const unitCode = text('Kode satuan kerja', 20)
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9.-]+$/, 'Kode satuan kerja hanya huruf, angka, titik dan tanda hubung, tanpa spasi (mis. RTNBLORA).'));

export const firstUnitSchema = z.object({ unit_name: unitName, unit_code: unitCode });
export type FirstUnitInput = z.output<typeof firstUnitSchema>;
