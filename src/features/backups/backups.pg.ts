// Backups on PostgreSQL: one pg_dump file (custom format) of the whole database — records, and the
// photos and logo stored in it — checked with pg_restore before it gets its name, and restored by
// pg_restore in one transaction after a copy of what it replaces. The folder, names, the last N and
// the Cadangan page are the same as for SQLite (backups.files.ts).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrations } from '../../../migrations/index.ts';
import { refuseUnknownMigrations } from '../../db/migrate.ts';
import { makePrivateDir, PRIVATE_FILE } from '../../lib/private-files.ts';
import { ensureAppRole, lockServer, openPostgres } from '../../db/postgres.ts';
import { listBackups, newBackupName, pruneBackups, removeStaleTemporaries } from './backups.files.ts';
import { fsyncPath } from './backups.make.ts';

const run = promisify(execFile);

/** Every table a Lumbung dump must hold data for: a file without them is not one of ours. */
const REQUIRED_TABLES = ['kysely_migration', 'users', 'harvests', 'stock_movements', 'distributions'];

export class PgToolMissingError extends Error {
  override name = 'PgToolMissingError';
}

/**
 * pg_dump / pg_restore: the newest installed (Debian keeps one folder per major version; a dump
 * needs a pg_dump at least as new as the server), or the one on PATH.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const dirs = fs.existsSync('/usr/lib/postgresql')
    ? fs
        .readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of dirs) {
    const bin = path.join('/usr/lib/postgresql', v, 'bin', name);
    if (fs.existsSync(bin)) return bin;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, name);
    if (dir && fs.existsSync(bin)) return bin;
  }
  throw new PgToolMissingError(
    `${name} tidak ditemukan di server ini: pasang paket postgresql-client (apt-get install postgresql-client).`,
  );
}

/**
 * How pg_dump, pg_restore and psql reach the database: the same URL the server uses, without its
 * password, which goes through libpq's PGPASSWORD so it never shows in a process list.
 */
export function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  // Row-level security (migration 0024) holds the owner too: the installation-wide scope lets the
  // dump read, and the restore write, every unit's rows (pg_dump also needs --enable-row-security).
  const options = [process.env.PGOPTIONS, '-c lumbung.units=all -c lumbung.write_unit=all'].filter(Boolean).join(' ');
  return {
    dbname: u.toString(),
    env: { ...process.env, PGAPPNAME: 'lumbung-backup', PGOPTIONS: options, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

/**
 * pg_restore's SQL is run by psql, which obeys backslash commands: a crafted dump could run a shell
 * command. The minor versions that close that (CVE-2025-8714, August 2025) are required.
 */
const SAFE_MINOR: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };
export async function checkRestoreToolSafe(): Promise<void> {
  const out = (await run(pgTool('pg_restore'), ['--version'])).stdout;
  const m = /(\d+)\.(\d+)/.exec(out);
  const [major, minor] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (major >= 18 || (SAFE_MINOR[major] !== undefined && minor >= SAFE_MINOR[major]!)) return;
  throw new PgRestoreError(
    `pg_restore ${major}.${minor} terlalu lama untuk memulihkan dengan aman (CVE-2025-8714): perbarui paket postgresql-client.`,
  );
}

/** What a dump holds: its tables with data and its migrations; throws when it is not a sound Lumbung dump. */
export async function checkPgDump(file: string): Promise<{ migrations: string[] }> {
  let list: string;
  try {
    list = (await run(pgTool('pg_restore'), ['--list', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    if (err instanceof PgToolMissingError) throw err;
    throw new Error(`berkas ${path.basename(file)} bukan cadangan PostgreSQL yang utuh (pg_restore tidak dapat membacanya).`);
  }
  const withData = new Set([...list.matchAll(/TABLE DATA \S+ (\S+) /g)].map((m) => m[1]));
  const missing = REQUIRED_TABLES.filter((t) => !withData.has(t));
  if (missing.length) throw new Error(`berkas ${path.basename(file)} bukan cadangan Lumbung (tanpa tabel ${missing.join(', ')}).`);
  // The migration names, from the dump's own copy of the table (COPY text: one name per line, first column).
  const data = (
    await run(pgTool('pg_restore'), ['--data-only', '--table=kysely_migration', '--file=-', file], { maxBuffer: 64 * 1024 * 1024 })
  ).stdout;
  const copy = /^COPY [^\n]*kysely_migration[^\n]*\n([\s\S]*?)^\\\.$/m.exec(data);
  const names = (copy?.[1] ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[0]!);
  return { migrations: names };
}

export interface PgBackup {
  name: string;
  size: number;
  createdAt: string;
  file: string;
  pruned: string[];
}

let queue: Promise<unknown> = Promise.resolve();

/** pg_dump of the database into the backups folder, checked, then named; keeps the last `keep`. */
export function createPgBackup(url: string, backupsDir: string, keep: number): Promise<PgBackup> {
  const made = queue.then(() => dump(url, backupsDir, keep));
  queue = made.catch(() => undefined);
  return made;
}

async function dump(url: string, backupsDir: string, keep: number): Promise<PgBackup> {
  makePrivateDir(backupsDir);
  removeStaleTemporaries(backupsDir);
  const name = newBackupName(backupsDir, new Date(), 'pgdump');
  const tmp = path.join(backupsDir, `.${name}.tmp`);
  try {
    fs.writeFileSync(tmp, '', { mode: PRIVATE_FILE, flag: 'wx' });
    // One snapshot of the whole database (pg_dump reads in one repeatable-read transaction).
    await run(
      pgTool('pg_dump'),
      ['--format=custom', '--no-owner', '--no-privileges', '--enable-row-security', `--file=${tmp}`, `--dbname=${libpqTarget(url).dbname}`],
      {
        env: libpqTarget(url).env,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const { migrations: inDump } = await checkPgDump(tmp);
    refuseUnknownMigrations(inDump);
    fsyncPath(tmp);
    fs.renameSync(tmp, path.join(backupsDir, name));
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) fs.rmSync(tmp, { force: true });
    throw err;
  }
  const pruned = pruneBackups(backupsDir, keep);
  const b = listBackups(backupsDir).find((x) => x.name === name)!;
  return { ...b, file: path.join(backupsDir, name), pruned };
}

export class PgRestoreError extends Error {
  override name = 'PgRestoreError';
}

/**
 * The running servers' lock (src/db/postgres.ts, holdServerLock), taken exclusively for the whole
 * restore: refused while any server runs, idle or not; a server started meanwhile waits for it.
 */
async function takeServerLock(url: string): Promise<() => Promise<void>> {
  const release = await lockServer(url, 'exclusive', 'lumbung-restore');
  if (!release) throw new PgRestoreError('basis data sedang dipakai server Lumbung: hentikan semua server Lumbung dahulu.');
  return release;
}

/**
 * Replaces the whole database with a dump from the backups folder: refused while a Lumbung server
 * is connected, and for a dump that is damaged, not Lumbung's, or from a newer version. What it
 * replaces is dumped first into the same folder. The schema is emptied and the dump loaded in one
 * transaction (psql --single-transaction), so a failure leaves the database as it was, and a table
 * that a newer migration added is not left behind beside an older dump.
 */
export async function restorePgBackup(file: string, url: string, backupsDir: string, keep: number): Promise<{ keptAs: string }> {
  await checkRestoreToolSafe();
  const release = await takeServerLock(url);
  try {
    let inDump: string[];
    try {
      inDump = (await checkPgDump(file)).migrations;
      refuseUnknownMigrations(inDump);
    } catch (err) {
      throw new PgRestoreError(err instanceof Error ? err.message : String(err));
    }
    if (!inDump.some((m) => Object.hasOwn(migrations, m)))
      throw new PgRestoreError(`berkas ${path.basename(file)} tidak berisi migrasi Lumbung.`);
    // What is there now, first: a restore of the wrong file can be undone.
    const before = await createPgBackup(url, backupsDir, keep + 1);
    await loadInOneTransaction(url, file);
    // The dump holds no grants (--no-privileges): the app's role gets the restored tables again.
    const conn = openPostgres(url, { max: 1 });
    try {
      await ensureAppRole(conn.db);
    } finally {
      await conn.close();
    }
    return { keptAs: before.name };
  } finally {
    await release();
  }
}

/**
 * One transaction in psql: the schema emptied, the dump's SQL (pg_restore --exit-on-error), and
 * COMMIT only once pg_restore has finished without an error — a dump that breaks off halfway
 * (cut short, damaged) is rolled back, never committed in part.
 */
function loadInOneTransaction(url: string, file: string): Promise<void> {
  const { dbname, env } = libpqTarget(url);
  return new Promise((resolve, reject) => {
    const psql = spawn(pgTool('psql'), ['--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', `--dbname=${dbname}`, '--file=-'], {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const dumpSql = spawn(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--file=-', file], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    psql.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    dumpSql.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    // psql may stop first (an error in the SQL): what is still written to it is dropped, not thrown.
    psql.stdin.on('error', () => {});
    psql.stdin.write('begin;\ndrop schema public cascade;\ncreate schema public;\n');
    dumpSql.stdout.pipe(psql.stdin, { end: false });
    dumpSql.once('error', reject);
    psql.once('error', reject);
    dumpSql.once('close', (code) => {
      // Without COMMIT, psql's end of input ends the session and PostgreSQL rolls the transaction back.
      psql.stdin.end(code === 0 ? 'commit;\n' : 'rollback;\n');
      if (code !== 0) errors = `pg_restore berhenti (kode ${code}). ${errors}`;
    });
    psql.once('close', (code) => {
      if (code === 0 && !/pg_restore berhenti/.test(errors)) resolve();
      else reject(new PgRestoreError(`pemulihan gagal, basis data tidak diubah: ${errors.trim().split('\n').slice(0, 3).join(' ')}`));
    });
  });
}
