// Zod schemas for the user, login, setup and password forms.
import { z } from 'zod';
import { ROLES } from '../../db/database.ts';
import { checkboxes, optionalText, password, text } from '../../web/forms.ts';

export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  admin: 'Admin',
  petugas: 'Petugas Kebun',
  staf: 'Staf Distribusi',
  pimpinan: 'Pimpinan',
};

const username = text('Nama pengguna', 50)
  .transform((s) => s.toLowerCase())
  .pipe(
    z
      .string()
      .min(3, 'Nama pengguna minimal 3 karakter.')
      .regex(/^[a-z0-9._-]+$/, 'Nama pengguna hanya boleh huruf, angka, titik, garis bawah dan tanda hubung, tanpa spasi.'),
  );

/** NIP: 18 digits, often written with spaces (19780512 200312 1 002). */
const nip = optionalText('NIP', 30).pipe(
  z
    .string()
    .nullable()
    .transform((s) => (s === null ? null : s.replace(/\s+/g, '')))
    .refine((s) => s === null || /^\d{18}$/.test(s), 'NIP harus 18 angka.'),
);

const passwordPair = {
  password: password(),
  password_confirm: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
};
function passwordsMatch<T extends { password: string; password_confirm: string }>(v: T, ctx: z.RefinementCtx) {
  if (v.password !== v.password_confirm) {
    ctx.addIssue({ code: 'custom', path: ['password_confirm'], message: 'Ulangi kata sandi tidak sama dengan kata sandi baru.' });
  }
}

const profile = {
  full_name: text('Nama lengkap', 120),
  nip,
  position: optionalText('Jabatan', 120),
};

export const setupSchema = z.object({ username, ...profile, ...passwordPair }).superRefine(passwordsMatch);

export const userCreateSchema = z
  .object({
    username,
    ...profile,
    roles: checkboxes(ROLES, 'Peran').pipe(z.array(z.enum(ROLES)).min(1, 'Pilih paling sedikit satu peran.')),
    ...passwordPair,
  })
  .superRefine(passwordsMatch);

export const userUpdateSchema = z.object({
  ...profile,
  roles: checkboxes(ROLES, 'Peran').pipe(z.array(z.enum(ROLES)).min(1, 'Pilih paling sedikit satu peran.')),
});

export const passwordResetSchema = z.object(passwordPair).superRefine(passwordsMatch);

export const ownPasswordSchema = z
  .object({
    current_password: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().min(1, 'Kata sandi saat ini wajib diisi.')),
    ...passwordPair,
  })
  .superRefine(passwordsMatch);

/** A login field sent twice (`username=a&username=b`) is refused, never read as one of the two. */
function once<T extends z.ZodType>(label: string, inner: T) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (Array.isArray(v))
        ctx.addIssue({ code: 'custom', message: `${label} terkirim lebih dari sekali. Muat ulang halaman, lalu masuk lagi.` });
    })
    .pipe(inner);
}

export const loginSchema = z.object({
  username: once(
    'Nama pengguna',
    text('Nama pengguna', 50).transform((s) => s.toLowerCase()),
  ),
  password: once(
    'Kata sandi',
    z.preprocess(
      (v) => (typeof v === 'string' ? v : ''),
      z.string().min(1, 'Kata sandi wajib diisi.').max(200, 'Kata sandi paling banyak 200 karakter.'),
    ),
  ),
});

export type SetupInput = z.output<typeof setupSchema>;
export type UserCreateInput = z.output<typeof userCreateSchema>;
export type UserUpdateInput = z.output<typeof userUpdateSchema>;
