// The only reader of process.env: validated once at start, frozen, with defaults that make
// `npm start` work with data/lumbung.db.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createFileOnce, unwritableReason } from './lib/files.ts';

export interface Config {
  port: number;
  dataDir: string;
  dbFile: string;
  /** DATABASE_URL: PostgreSQL instead of the SQLite file in DATA_DIR (docs/postgresql.md); null = SQLite. */
  databaseUrl: string | null;
  /** WORKERS: how many server processes answer on the port (PostgreSQL only; node's cluster module). */
  workers: number;
  uploadsDir: string;
  backupsDir: string;
  /** How many backups `npm run backup` and the Cadangan page keep (the oldest beyond that are deleted). */
  backupKeep: number;
  sessionSecret: string;
  env: 'production' | 'development' | 'test';
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** The address printed in receipt QR codes; null = the address the printing browser used. */
  publicUrl: string | null;
  /** PEM files for serving HTTPS directly (TLS_CERT_FILE, TLS_KEY_FILE); null = plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
}

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT harus berupa angka' })
    .int('PORT harus bilangan bulat')
    .min(1, 'PORT harus antara 1 dan 65535')
    .max(65535, 'PORT harus antara 1 dan 65535')
    .default(3000),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR tidak boleh kosong').default('data'),
  SESSION_SECRET: z
    .string()
    .min(32, 'SESSION_SECRET minimal 32 karakter')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NODE_ENV: z
    .enum(['production', 'development', 'test'], {
      error: 'NODE_ENV harus production, development atau test',
    })
    .default('production'),
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false', '']).default('0'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], {
      error: 'LOG_LEVEL harus salah satu dari fatal, error, warn, info, debug, silent',
    })
    .default('info'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'PUBLIC_URL harus alamat http(s) lengkap, mis. http://192.168.1.10:3000' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  BACKUP_KEEP: z.coerce
    .number({ error: 'BACKUP_KEEP harus berupa angka' })
    .int('BACKUP_KEEP harus bilangan bulat')
    .min(1, 'BACKUP_KEEP harus antara 1 dan 1000')
    .max(1000, 'BACKUP_KEEP harus antara 1 dan 1000')
    .default(14),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL harus alamat PostgreSQL, mis. postgres://lumbung:sandi@db.example:5432/lumbung')
    .optional(),
  WORKERS: z.coerce
    .number({ error: 'WORKERS harus berupa angka' })
    .int('WORKERS harus bilangan bulat')
    .min(1, 'WORKERS harus antara 1 dan 64')
    .max(64, 'WORKERS harus antara 1 dan 64')
    .default(1),
  TLS_CERT_FILE: z.string().trim().min(1).optional(),
  TLS_KEY_FILE: z.string().trim().min(1).optional(),
});

export class ConfigError extends Error {}

/** Variables whose value is never printed back, not even in a message about a bad one. */
const SECRET_VARIABLES = new Set(['SESSION_SECRET', 'DATABASE_URL']);

/** The file in DATA_DIR that keeps the generated session secret. */
export const SESSION_SECRET_FILE = 'session-secret';

function reasonOf(code: string): string {
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'mode' ? 'tidak ada izin menulis' : code;
}

/** Ensures the data folder and its subfolders exist and can be written; throws ConfigError with one clear line. */
function prepareDataDir(dataDir: string): void {
  let reason: string | null;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!fs.statSync(dataDir).isDirectory()) throw new Error('bukan folder');
    reason = unwritableReason(dataDir);
    // Owner-only (see lib/private-files.ts): they hold the database, its backups and the photos.
    if (!reason) for (const sub of ['uploads', 'backups']) fs.mkdirSync(path.join(dataDir, sub), { recursive: true, mode: 0o700 });
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    reason =
      code === 'EEXIST' || code === 'ENOTDIR' || String(err).includes('bukan folder')
        ? 'sudah ada berkas, bukan folder, dengan nama itu'
        : code || String(err);
  }
  if (reason) throw new ConfigError(`DATA_DIR "${dataDir}" tidak dapat dipakai sebagai folder data (${reasonOf(reason)}).`);
  for (const sub of ['uploads', 'backups']) {
    const dir = path.join(dataDir, sub);
    const r = unwritableReason(dir);
    if (r)
      throw new ConfigError(
        `folder ${dir} tidak dapat ditulisi (${reasonOf(r)}). Beri izin menulis kepada pengguna yang menjalankan Lumbung.`,
      );
  }
}

/** One line of at least 32 visible characters: what Lumbung writes, or what an admin may put there. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const GOOD_SECRET = /^[^\x00-\x1f\x7f]{32,}$/;

/**
 * The secret kept in DATA_DIR, made once. A file that is there but bad (empty after a full disk,
 * cut short, edited) is refused, not replaced: replacing it quietly would log everybody out and
 * hide that something in DATA_DIR went wrong.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    if (code !== 'ENOENT') throw new ConfigError(`berkas kunci sesi ${file} tidak dapat dibaca (${code}).`);
  }
  if (text !== null) {
    const secret = text.trim();
    if (GOOD_SECRET.test(secret)) return secret;
    throw new ConfigError(
      `berkas kunci sesi ${file} rusak (harus satu baris, paling sedikit 32 karakter). Pulihkan berkas itu dari salinan DATA_DIR, ` +
        'atau hapus berkas itu agar kunci baru dibuat (semua pengguna lalu harus masuk lagi).',
    );
  }
  const secret = randomBytes(48).toString('base64url');
  // Two servers started at the same moment on a new DATA_DIR: one makes the secret, both use it
  // (the second is then refused by the DATA_DIR lock, after the secret is already settled).
  if (createFileOnce(file, secret + '\n', { mode: 0o600 })) return secret;
  return loadOrCreateSecret(dataDir);
}

/** Where the data lives, known before anything is created there. */
export type DataPaths = Pick<Config, 'dataDir' | 'dbFile' | 'uploadsDir' | 'backupsDir'> & { databaseUrl?: string | null };

export interface LoadOptions {
  /**
   * For tools that only read (the report command): the data folder and its database must already
   * be there; nothing is created, not even the session secret.
   */
  existingData?: boolean;
  /** Runs before anything is created in DATA_DIR (folders, the session secret): the server's check for a lost database. */
  beforeCreating?: (paths: DataPaths) => void;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: LoadOptions = {}): Readonly<Config> {
  const parsed = envSchema.safeParse(
    Object.fromEntries(
      // An empty variable means "use the default", as in most .env tools.
      Object.entries(env).filter(([, v]) => v !== ''),
    ),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const value = SECRET_VARIABLES.has(name) ? 'tidak ditampilkan karena rahasia' : `"${env[name] ?? ''}"`;
    throw new ConfigError(`Konfigurasi salah: ${issue.message} (nilai ${name}: ${value}).`);
  }
  const e = parsed.data;
  // One without the other is a half-done setup: refused, never quietly served over plain HTTP.
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    const [given, missing] = e.TLS_CERT_FILE ? ['TLS_CERT_FILE', 'TLS_KEY_FILE'] : ['TLS_KEY_FILE', 'TLS_CERT_FILE'];
    throw new ConfigError(`Konfigurasi salah: ${given} diisi tetapi ${missing} kosong. Isi keduanya untuk HTTPS, atau kosongkan keduanya.`);
  }
  // SQLite has one writer and the DATA_DIR lock allows one server: several processes need PostgreSQL.
  if (e.WORKERS > 1 && !e.DATABASE_URL)
    throw new ConfigError(
      `Konfigurasi salah: WORKERS=${e.WORKERS} hanya dapat dipakai dengan PostgreSQL (DATABASE_URL). Dengan berkas SQLite, kosongkan WORKERS.`,
    );
  const dataDir = path.resolve(e.DATA_DIR);
  const paths: DataPaths = {
    dataDir,
    dbFile: path.join(dataDir, 'lumbung.db'),
    uploadsDir: path.join(dataDir, 'uploads'),
    backupsDir: path.join(dataDir, 'backups'),
  };
  if (opts.existingData) {
    if (!e.DATABASE_URL && !fs.existsSync(paths.dbFile))
      throw new ConfigError(`tidak ada basis data di DATA_DIR "${dataDir}". Periksa DATA_DIR.`);
  } else {
    opts.beforeCreating?.({ ...paths, databaseUrl: e.DATABASE_URL ?? null });
    prepareDataDir(dataDir);
  }
  return Object.freeze({
    port: e.PORT,
    ...paths,
    databaseUrl: e.DATABASE_URL ?? null,
    workers: e.WORKERS,
    backupKeep: e.BACKUP_KEEP,
    sessionSecret: e.SESSION_SECRET ?? (opts.existingData ? '' : loadOrCreateSecret(dataDir)),
    env: e.NODE_ENV,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ?? null,
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: path.resolve(e.TLS_CERT_FILE), keyFile: path.resolve(e.TLS_KEY_FILE) } : null,
  });
}
