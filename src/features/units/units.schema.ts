// Zod schemas for a unit: its name and code on the first-run page, the installation admin's unit
// and role forms.
import { z } from 'zod';
import { ROLES, UNIT_KINDS, UPT_TYPES, type UptType } from '../../db/database.ts';
import { checkbox, idField, optional, text } from '../../web/forms.ts';

export const unitName = text('Nama satuan kerja', 150);
export const unitCode = text('Kode satuan kerja', 20)
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9.-]+$/, 'Kode satuan kerja hanya huruf, angka, titik dan tanda hubung, tanpa spasi (mis. RTNBLORA).'));

export const firstUnitSchema = z.object({ unit_name: unitName, unit_code: unitCode });
export type FirstUnitInput = z.output<typeof firstUnitSchema>;

export const UNIT_KIND_LABELS = { national: 'Ditjenpas (nasional)', kanwil: 'Kantor Wilayah', upt: 'UPT' } as const;
export const UPT_TYPE_LABELS: Record<UptType, string> = {
  rutan: 'Rutan',
  lapas: 'Lapas',
  lpka: 'LPKA',
  lapas_terbuka: 'Lapas Terbuka',
  bapas: 'Bapas',
  lainnya: 'Lainnya',
};

/** A unit on the installation admin's page: where it sits in the tree is checked by the service. */
export const unitFormSchema = z.object({
  kind: z.enum(UNIT_KINDS, { error: 'Pilih jenis unit.' }),
  parent_id: optional(idField('unit induk')),
  name: unitName,
  code: unitCode,
  upt_type: z.preprocess((v) => (v === '' ? undefined : v), z.enum(UPT_TYPES, { error: 'Pilih jenis UPT.' }).optional()),
  active: checkbox,
});
export type UnitFormInput = z.output<typeof unitFormSchema>;

export const roleGrantSchema = z.object({
  username: text('Nama pengguna', 50).transform((s) => s.toLowerCase()),
  role: z.enum(ROLES, { error: 'Pilih peran.' }),
});
export type RoleGrantInput = z.output<typeof roleGrantSchema>;

export const roleRevokeSchema = z.object({
  user_id: idField('pengguna'),
  role: z.enum(ROLES, { error: 'Peran tidak dikenal.' }),
});
