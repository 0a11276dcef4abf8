// Zod schemas for the inmate form and search.
import { z } from 'zod';
import { checkbox, optionalText, queryText, text } from '../../web/forms.ts';

/** Registration numbers as written at the unit: BI.123/2025, AIII.45/2026, B.IIa.7/2024. */
export const regNumber = text('Nomor registrasi', 40)
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9.]*\.\d{1,6}\/\d{4}$/, 'Nomor registrasi ditulis seperti BI.123/2025 atau AIII.45/2026.'));

export const inmateSchema = z.object({
  name: text('Nama WBP', 120),
  reg_number: regNumber,
  block: optionalText('Blok / kamar', 40),
  active: checkbox,
});
export type InmateInput = z.output<typeof inmateSchema>;

export const inmateSearchSchema = z.object({ q: queryText(60) });
