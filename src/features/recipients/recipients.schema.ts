// Zod schemas for the recipient form, the search box and the list filters.
import { z } from 'zod';
import { RECIPIENT_CATEGORIES, RELATIONS, type RecipientCategory, type Relation } from '../../db/database.ts';
import { cleanNik, kkProblem, nikProblem } from '../../lib/nik.ts';
import { checkbox, integer, optional, optionalText, queryEnum, queryPage, queryText, text } from '../../web/forms.ts';

/** What a category and a relation are called on screen, in the audit trail and in the report. */
export const RECIPIENT_CATEGORY_LABELS: Record<RecipientCategory, string> = {
  keluarga_wbp: 'Keluarga WBP kurang mampu',
  masyarakat: 'Masyarakat sekitar',
  lembaga: 'Lembaga',
};

export const RELATION_LABELS: Record<Relation, string> = {
  istri: 'Istri',
  suami: 'Suami',
  ibu: 'Ibu',
  ayah: 'Ayah',
  anak: 'Anak',
  saudara: 'Saudara',
  lainnya: 'Lainnya',
};

const messages = {
  category: 'Pilih kategori penerima.',
  relation: 'Pilih hubungan penerima dengan WBP.',
  nikRequired: 'NIK wajib diisi untuk keluarga WBP dan masyarakat sekitar.',
  inmateRequired: 'Pilih WBP yang terkait dengan keluarga ini.',
  householdRequired: 'Jumlah anggota keluarga wajib diisi.',
  rtRw: 'RT/RW ditulis seperti 002/004 (boleh 2/4).',
  phone: 'Nomor telepon ditulis seperti 081234567890, (0296) 531000 atau +6281234567890 (9 sampai 15 angka).',
};

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** NIK as typed, spaces removed; empty → null; otherwise it must pass `nikProblem`. */
const nik = z.preprocess(
  (v) => cleanNik(String(first(v) ?? '')),
  z
    .string()
    .superRefine((s, ctx) => {
      const problem = s === '' ? null : nikProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((s) => (s === '' ? null : s)),
);

/** No. KK as typed, spaces removed; empty → null; otherwise it must pass `kkProblem`. */
const kkNumber = z.preprocess(
  (v) => cleanNik(String(first(v) ?? '')),
  z
    .string()
    .superRefine((s, ctx) => {
      const problem = s === '' ? null : kkProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((s) => (s === '' ? null : s)),
);

/** `2/4`, `02 / 04` or `002/004` → `002/004`; RT and RW start at 1. */
const rtRw = optionalText('RT/RW', 15).transform((s, ctx) => {
  if (s === null) return null;
  const m = /^(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(s);
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) {
    ctx.addIssue({ code: 'custom', message: messages.rtRw });
    return z.NEVER;
  }
  return `${m[1]!.padStart(3, '0')}/${m[2]!.padStart(3, '0')}`;
});

/** An Indonesian number: a mobile (08…), a landline with its area code (0296…) or +62…; spaces, dashes, dots and brackets dropped. */
const phone = optionalText('Nomor telepon', 30).transform((s, ctx) => {
  if (s === null) return null;
  const cleaned = s.replace(/[\s\-.()]/g, '');
  const digits = cleaned.replace(/^\+/, '');
  if (!/^(0[2-9]|\+62)\d+$/.test(cleaned) || digits.length < 9 || digits.length > 15) {
    ctx.addIssue({ code: 'custom', message: messages.phone });
    return z.NEVER;
  }
  return cleaned;
});

const fields = {
  category: z.preprocess(first, z.enum(RECIPIENT_CATEGORIES, { error: messages.category })),
  name: text('Nama penerima', 150),
  nik,
  kk_number: kkNumber,
  inmate: optionalText('WBP', 200),
  relation: optional(z.enum(RELATIONS, { error: messages.relation })),
  address: text('Alamat (jalan, nomor rumah, dusun)', 300),
  rt_rw: rtRw,
  village: text('Desa / kelurahan', 100),
  district: text('Kecamatan', 100),
  phone,
  household_size: optional(integer('Jumlah anggota keluarga', { min: 1, max: 30 })),
  note: optionalText('Catatan', 500),
  active: checkbox,
  /** Ticked after the look-alike warning: "this is a different person, save anyway". */
  confirm_distinct: checkbox,
};

/**
 * The recipient form. `nikMayStayEmpty`: a non-admin editing never sees the stored NIK, so an
 * empty field means "keep it" and the service decides whether one is on file.
 */
export function recipientSchema(opts: { nikMayStayEmpty?: boolean } = {}) {
  return z.object(fields).superRefine((v, ctx) => {
    const needsPerson = v.category === 'keluarga_wbp' || v.category === 'masyarakat';
    if (needsPerson && v.nik === null && !opts.nikMayStayEmpty)
      ctx.addIssue({ code: 'custom', path: ['nik'], message: messages.nikRequired });
    if (needsPerson && v.household_size === null)
      ctx.addIssue({ code: 'custom', path: ['household_size'], message: messages.householdRequired });
    if (v.category === 'keluarga_wbp') {
      if (!v.inmate) ctx.addIssue({ code: 'custom', path: ['inmate'], message: messages.inmateRequired });
      if (!v.relation) ctx.addIssue({ code: 'custom', path: ['relation'], message: messages.relation });
    }
  });
}
export type RecipientInput = z.output<ReturnType<typeof recipientSchema>>;

export const NIK_REQUIRED_MESSAGE = messages.nikRequired;

/** The search box: posted, never in a URL, because it may hold a NIK. */
export const recipientSearchSchema = z.object({
  q: queryText(60),
  category: queryEnum(['', ...RECIPIENT_CATEGORIES], ''),
  status: queryEnum(['all', 'active'], 'all'),
});

export const recipientListSchema = z.object({
  category: queryEnum(['', ...RECIPIENT_CATEGORIES], ''),
  status: queryEnum(['all', 'active'], 'all'),
  page: queryPage,
});
export type RecipientListQuery = z.output<typeof recipientListSchema>;

/** The merge of two records of one person: which one, which is kept, why, and the confirmation tick. */
export const recipientMergeSchema = z
  .object({
    other_id: z.preprocess(
      first,
      z.coerce.number({ error: 'Pilih data yang akan digabungkan.' }).int().positive('Pilih data yang akan digabungkan.'),
    ),
    keep_id: z.preprocess(
      first,
      z.coerce.number({ error: 'Pilih data yang dipertahankan.' }).int().positive('Pilih data yang dipertahankan.'),
    ),
    reason: text('Alasan penggabungan', 500),
    confirm: checkbox,
  })
  .superRefine((v, ctx) => {
    if (!v.confirm)
      ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'Centang pernyataan bahwa kedua data adalah orang yang sama.' });
  });
export type RecipientMergeInput = z.output<typeof recipientMergeSchema>;
