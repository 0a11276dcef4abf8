// The only reader of process.env: validated once at start, frozen, with defaults that make
// `npm start` work with data/lumbung.db.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface Config {
  port: number;
  dataDir: string;
  dbFile: string;
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
});

export class ConfigError extends Error {}

/** Ensures the data folder exists and is writable; throws ConfigError with one clear line. */
function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!fs.statSync(dataDir).isDirectory()) throw new Error('bukan folder');
    fs.accessSync(dataDir, fs.constants.W_OK);
    // Owner-only (see lib/private-files.ts): they hold the database, its backups and the photos.
    for (const sub of ['uploads', 'backups']) fs.mkdirSync(path.join(dataDir, sub), { recursive: true, mode: 0o700 });
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR' || String(err).includes('bukan folder')
        ? 'sudah ada berkas, bukan folder, dengan nama itu'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'tidak ada izin menulis'
          : code || String(err);
    throw new ConfigError(`DATA_DIR "${dataDir}" tidak dapat dipakai sebagai folder data (${reason}).`);
  }
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (fs.existsSync(file)) {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/**
 * `existingData`: for tools that only read (the report command): the data folder and its database
 * must already be there; nothing is created, not even the session secret.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { existingData?: boolean } = {}): Readonly<Config> {
  const parsed = envSchema.safeParse(Object.fromEntries(
    // An empty variable means "use the default", as in most .env tools.
    Object.entries(env).filter(([, v]) => v !== ''),
  ));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Konfigurasi salah: ${issue.message} (nilai ${String(issue.path[0])}: "${env[String(issue.path[0])] ?? ''}").`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  if (opts.existingData) {
    if (!fs.existsSync(path.join(dataDir, 'lumbung.db'))) throw new ConfigError(`tidak ada basis data di DATA_DIR "${dataDir}". Periksa DATA_DIR.`);
  } else {
    prepareDataDir(dataDir);
  }
  return Object.freeze({
    port: e.PORT,
    dataDir,
    dbFile: path.join(dataDir, 'lumbung.db'),
    uploadsDir: path.join(dataDir, 'uploads'),
    backupsDir: path.join(dataDir, 'backups'),
    backupKeep: e.BACKUP_KEEP,
    sessionSecret: e.SESSION_SECRET ?? (opts.existingData ? '' : loadOrCreateSecret(dataDir)),
    env: e.NODE_ENV,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ?? null,
  });
}
