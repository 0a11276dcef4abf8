// Zod schemas and URL parameters for the monthly report pages.
import type { Request } from 'express';
import { z } from 'zod';
import { PAPER_SIZES } from '../../db/database.ts';
import { checkbox, optionalText, queryEnum, text } from '../../web/forms.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { currentMonth } from './reports.archive.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A 'YYYY-MM' that has begun (this month or earlier, from 2000), or null. */
export function validMonth(raw: unknown): string | null {
  if (typeof raw !== 'string' || !MONTH.test(raw)) return null;
  return raw >= '2000-01' && raw <= currentMonth() ? raw : null;
}

/** The :month of the URL, or a 404. */
export function monthParam(req: Request): string {
  const m = validMonth(req.params.month);
  if (!m) throw new NotFoundError('Bulan laporan tidak dikenal atau belum tiba.');
  return m;
}

export const reportQuerySchema = z.object({ paper: queryEnum(['', ...PAPER_SIZES] as const, '') });

export const reopenSchema = z.object({ reason: text('Alasan membuka kembali', 500) });

/** The Kanwil's decision on a UPT's final month: a return always says why. */
export const reviewSchema = z
  .object({
    decision: z.enum(['accept', 'return'], { error: 'Pilih terima atau kembalikan.' }),
    reason: optionalText('Alasan', 500),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && !v.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'Tulis alasan mengembalikan laporan ini, agar unit tahu apa yang harus dikoreksi.',
      });
  });

export const finaliseSchema = z.object({
  confirm: checkbox.refine((v) => v === 1, { message: 'Centang pernyataan bahwa angka laporan sudah diperiksa.' }),
  /** 'program' (the programme officer in Pengaturan), a user's id, or '' (the default). */
  maker: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(12, 'Pilih yang membuat laporan dari daftar.')),
});

/** The key the centre issued to this unit, and (optionally) the centre's address for sending. */
export const reportLinkSchema = z.object({
  credential: text('Kunci pelaporan', 2000),
  central_url: optionalText('Alamat instalasi pusat', 300).refine(
    (v) => {
      if (!v) return true;
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    },
    { message: 'Tulis alamat lengkap instalasi pusat, mis. https://lumbung.kemenimipas.go.id' },
  ),
});
