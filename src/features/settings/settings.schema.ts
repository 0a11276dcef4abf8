// Zod schemas for the site settings (letterhead) and signatory forms.
import { z } from 'zod';
import { PAPER_SIZES } from '../../db/database.ts';
import { isoDate, optionalIsoDate, optionalText, text } from '../../web/forms.ts';
import { unitCode, unitName } from '../units/units.schema.ts';

export const SIGNATORY_POSITIONS = {
  kepala_rutan: 'Kepala Rutan',
  kasubsi_pelayanan: 'Kepala Subseksi Pelayanan Tahanan',
  // The officer who draws up the monthly report ("Yang membuat laporan"), unless another is chosen when finalising.
  pengelola_program: 'Pengelola Program Ketahanan Pangan',
} as const;
export type SignatoryPosition = keyof typeof SIGNATORY_POSITIONS;
const positionKeys = Object.keys(SIGNATORY_POSITIONS) as [SignatoryPosition, ...SignatoryPosition[]];

export const settingsSchema = z.object({
  unit_name: unitName,
  unit_code: unitCode,
  ministry_line: text('Baris kementerian', 200),
  kanwil_line: text('Baris kantor wilayah', 200),
  address: text('Alamat', 300),
  city: text('Kota', 80),
  phone: optionalText('Telepon', 40),
  email: optionalText('Email', 120).pipe(
    z
      .string()
      .nullable()
      .refine((s) => s === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'Email tidak valid.'),
  ),
  paper_size: z.preprocess((v) => v || 'a4', z.enum(PAPER_SIZES, { error: 'Pilih ukuran kertas A4 atau F4.' })),
  receipts_per_page: z
    .preprocess((v) => v || '1', z.enum(['1', '2'], { error: 'Pilih satu atau dua tanda terima per lembar.' }))
    .transform(Number),
  report_number_format: optionalText('Format nomor laporan bulanan', 120).pipe(
    z
      .string()
      .nullable()
      .refine(
        (s) => s === null || s.includes('{nomor}'),
        'Format nomor laporan harus memuat {nomor} (nomor urut dalam tahun), mis. W13.PAS.PAS.12-PK.01.01-{nomor}/{tahun}.',
      )
      .refine(
        (s) => s === null || /^[A-Za-z0-9./ -]*$/.test(s.replace(/\{(nomor|tahun)\}/g, '')),
        'Format nomor laporan hanya boleh berisi huruf, angka, titik, garis miring, tanda hubung, spasi, {nomor} dan {tahun}.',
      ),
  ),
});
export const PAPER_LABELS = { a4: 'A4 (210 × 297 mm)', f4: 'F4 (215 × 330 mm)' } as const;
export const PER_PAGE_LABELS = { 1: 'Satu tanda terima per lembar', 2: 'Dua tanda terima per lembar (dipotong)' } as const;
export type SettingsInput = z.output<typeof settingsSchema>;

export const signatorySchema = z
  .object({
    position: z.preprocess((v) => v ?? '', z.enum(positionKeys, { error: 'Pilih jabatan penanda tangan.' })),
    title: text('Sebutan jabatan', 150),
    name: text('Nama', 120),
    nip: optionalText('NIP', 30).pipe(
      z
        .string()
        .nullable()
        .transform((s) => (s === null ? null : s.replace(/\s+/g, '')))
        .refine((s) => s === null || /^\d{18}$/.test(s), 'NIP harus 18 angka.'),
    ),
    valid_from: isoDate('Mulai menjabat'),
    valid_to: optionalIsoDate('Akhir menjabat'),
  })
  .superRefine((v, ctx) => {
    if (v.valid_to && v.valid_to < v.valid_from) {
      ctx.addIssue({ code: 'custom', path: ['valid_to'], message: 'Akhir menjabat tidak boleh sebelum mulai menjabat.' });
    }
  });
export type SignatoryInput = z.output<typeof signatorySchema>;
