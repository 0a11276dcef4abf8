// The database file's safety: an online, consistent backup (SQLite's backup API) checked before it
// gets its name, a restore that checks the copy and keeps the current file, and the check at start.
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Connection } from '../../db/connect.ts';
import { makePrivate, PRIVATE_FILE } from '../../lib/private-files.ts';
import { checkKnownMigrationsSync, NewerDatabaseError } from '../../db/migrate.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { installationWide } from '../../db/unit-scope.ts';
import { asInstallation } from '../units/units.service.ts';
import { backupPath, formatSize, isBackupName, listBackups, wibStamp, type BackupFile } from './backups.files.ts';
import { unpackUploads } from './backups.uploads.ts';

export { backupPath, formatSize, listBackups, type BackupFile };
import { fsyncPath, integrityProblems, isCorruption, type CreatedBackup } from './backups.make.ts';
import { runWorker } from '../../lib/worker-run.ts';
export { integrityProblems, isCorruption, type CreatedBackup };

/**
 * Copies the live database into the backups folder while the app keeps writing. The copy is one
 * read transaction (every page in a single backup step), so it is the database as it was at one
 * instant; it is checked with integrity_check and only then gets its final name.
 */
export function createBackup(dbFile: string, backupsDir: string, keep: number, uploadsDir: string | null = null): Promise<CreatedBackup> {
  // Never two at once in this process (the daily timer and the button): the second waits its turn.
  const run = queue.then(() => backupMaker.make({ dbFile, backupsDir, keep, uploadsDir, at: new Date().toISOString() }));
  queue = run.catch(() => undefined);
  return run;
}
let queue: Promise<unknown> = Promise.resolve();

export interface BackupJob {
  dbFile: string;
  backupsDir: string;
  keep: number;
  uploadsDir: string | null;
  /** The instant the backup is named after (ISO). */
  at: string;
}

/**
 * Where a backup is made: in a worker thread (src/lib/worker-run.ts). A test that injects a fault
 * into SQLite on this thread makes it here instead (test/http/storage-full.test.ts); the worker's
 * own errors keep their code across the thread (test/unit/backup-worker.test.ts).
 */
export const backupMaker = {
  make: (job: BackupJob): Promise<CreatedBackup> => runWorker<CreatedBackup>('backup-worker', { ...job }),
};

export class RestoreError extends Error {}

/** The real path of a folder (links resolved), or the path itself when it does not exist. */
function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** A file handed to `npm run restore`: a backup's name, or a path (from the current folder) to one in the backups folder. */
export function resolveRestoreFile(arg: string, backupsDir: string): string {
  const full = arg.includes('/') || arg.includes(path.sep) ? path.resolve(arg) : path.join(backupsDir, arg);
  const inFolder = realDir(path.dirname(full)) === realDir(backupsDir);
  const file = inFolder ? backupPath(backupsDir, path.basename(full)) : null;
  if (!file) {
    throw new RestoreError(
      `"${arg}" bukan berkas cadangan di ${backupsDir}. Pilih salah satu dari daftar cadangan (nama seperti lumbung-20261123-101500.db); ` +
        'salinan dari tempat lain disalin dulu ke folder itu dengan nama seperti itu.',
    );
  }
  return file;
}

/** Refuses a file that is damaged, is not a Lumbung database, or was made by a newer version. */
function checkRestorable(file: string): { harvests: number; distributions: number } {
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { fileMustExist: true });
  } catch (err) {
    throw new RestoreError(`Berkas ${file} tidak dapat dibuka: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const problems = integrityProblems(sqlite, 'full');
    if (problems.length)
      throw new RestoreError(
        `Berkas ${path.basename(file)} rusak (integrity_check: ${problems.slice(0, 3).join('; ')}). Pilih cadangan lain.`,
      );
    const tables = new Set(
      (sqlite.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((t) => t.name),
    );
    if (!tables.has('kysely_migration') || !tables.has('users') || !tables.has('audit_log')) {
      throw new RestoreError(`Berkas ${path.basename(file)} bukan basis data Lumbung.`);
    }
    try {
      checkKnownMigrationsSync(sqlite);
    } catch (err) {
      if (err instanceof NewerDatabaseError) throw new RestoreError(`Cadangan ${path.basename(file)}: ${err.message}`);
      throw err;
    }
    const count = (t: string) => (tables.has(t) ? Number((sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n) : 0);
    return { harvests: count('harvests'), distributions: count('distributions') };
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    throw new RestoreError(`Berkas ${path.basename(file)} tidak dapat diperiksa: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    sqlite.close();
  }
}

/** Refuses while another process (the server) has the database open: it would keep writing to the old file. */
function assertNotInUse(dbFile: string): void {
  if (!fs.existsSync(dbFile)) return;
  let sqlite: SQLite.Database | null = null;
  try {
    sqlite = new SQLite(dbFile, { fileMustExist: true });
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE');
    sqlite.exec('COMMIT');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new RestoreError('Basis data sedang dipakai: hentikan server Lumbung (dan proses lain yang membukanya) dahulu, lalu ulangi.');
    }
    // A damaged file cannot be locked cleanly: that is what a restore is for.
  } finally {
    sqlite?.close();
  }
}

export interface Restored {
  from: string;
  /** The database that was replaced, kept beside it, or null when there was none. */
  keptAs: string | null;
  /** Uploaded files (logo, photos) written back from the backup; null for a backup without them. */
  uploads: number | null;
  harvests: number;
  distributions: number;
}

/**
 * Replaces DATA_DIR/lumbung.db with a checked copy of a backup. The current file is renamed, not
 * deleted (lumbung.db.before-restore-<time>): the lock check has already folded its -wal into it,
 * and a -wal left over (a damaged file) is renamed with it, so the pair still opens. A stale -wal or
 * -shm is never left beside the restored file. The restore is written into the restored audit trail.
 */
export async function restoreBackup(
  fileArg: string,
  dbFile: string,
  backupsDir: string,
  uploadsDir: string | null = null,
): Promise<Restored> {
  const from = resolveRestoreFile(fileArg, backupsDir);
  checkRestorable(from);
  assertNotInUse(dbFile);

  const staging = `${dbFile}.restoring`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(staging + suffix, { force: true });
  fs.copyFileSync(from, staging);
  fs.chmodSync(staging, PRIVATE_FILE);
  fsyncPath(staging);
  // The bytes that become the database are checked, not only the file they came from.
  const counts = checkRestorable(staging);
  // The logo and photos kept in the backup go back first: a full disk stops here, the database untouched.
  const sqlite = new SQLite(staging, { fileMustExist: true });
  let uploads: number | null;
  try {
    uploads = unpackUploads(sqlite, uploadsDir);
  } finally {
    sqlite.close();
  }

  let keptAs: string | null = null;
  if (fs.existsSync(dbFile)) {
    keptAs = `${dbFile}.before-restore-${wibStamp()}`;
    for (let n = 2; fs.existsSync(keptAs); n++) keptAs = `${dbFile}.before-restore-${wibStamp()}-${n}`;
    fs.renameSync(dbFile, keptAs);
  }
  // The -wal (and a hot rollback journal) belong to the old file's content; the -shm is only an
  // index SQLite rebuilds, and a stale one must not sit beside the restored file.
  for (const suffix of ['-wal', '-journal']) {
    if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, (keptAs ?? `${dbFile}.orphan-${wibStamp()}`) + suffix);
  }
  fs.rmSync(`${dbFile}-shm`, { force: true });
  if (keptAs) for (const suffix of ['', '-wal', '-journal']) makePrivate(keptAs + suffix);
  fs.renameSync(staging, dbFile);
  fsyncPath(path.dirname(dbFile));

  const conn = openDatabase(dbFile);
  try {
    const audit = () =>
      recordAudit(conn.db, {
        userId: null,
        action: 'restore',
        entity: 'backup',
        entityId: path.basename(from),
        after: { dipulihkan_dari: path.basename(from), basis_data_lama: keptAs ? path.basename(keptAs) : null },
      });
    // A file from before units (migrated at the next start) has no unit to give the line to.
    const hasUnits = conn.sqlite.prepare("select 1 from pragma_table_info('audit_log') where name = 'unit_id'").get();
    await (hasUnits ? asInstallation(conn.db, audit) : installationWide(audit));
  } finally {
    await conn.close();
  }
  return { from, keptAs, uploads, ...counts };
}

/** Where the server notes the file's size and time at a clean stop. */
function cleanStopFile(dbFile: string): string {
  return `${dbFile}.clean-stop`;
}

function fileStamp(dbFile: string): string | null {
  try {
    // The inode and the change time too: a copy (cp -a, rsync -a, tar) keeps size and modification
    // time, but not these.
    const st = fs.statSync(dbFile);
    return `${st.size}:${st.mtimeMs}:${st.ino}:${st.ctimeMs}`;
  } catch {
    return null;
  }
}

/** Called once the server has closed the database cleanly (its WAL folded in): notes the file as it was left. */
export function markCleanStop(dbFile: string): void {
  if (fs.existsSync(`${dbFile}-wal`)) return;
  const stamp = fileStamp(dbFile);
  if (stamp) fs.writeFileSync(cleanStopFile(dbFile), stamp);
}

/**
 * True when the file is exactly as the server left it at its last clean stop (same size and
 * modification time, no WAL beside it). The note is used once: a crash after this start means a
 * check at the next one.
 */
function untouchedSinceCleanStop(dbFile: string): boolean {
  const note = cleanStopFile(dbFile);
  let stamp: string | null = null;
  try {
    stamp = fs.readFileSync(note, 'utf8');
    fs.rmSync(note, { force: true });
  } catch {
    return false;
  }
  return !fs.existsSync(`${dbFile}-wal`) && stamp === fileStamp(dbFile);
}

/**
 * Opens the database for the server after PRAGMA quick_check. A damaged file stops the start with
 * one line that names the newest backup and the restore command.
 *
 * The check reads the whole file (over a second on ten years of records), so it is skipped when
 * the file is exactly as this server left it at a clean stop: a database SQLite closed cleanly is
 * consistent, and damage comes from a crash, a power cut, a copy or another program, all of which
 * change the file or leave a WAL. Slow damage of the disk itself is caught by every backup, which
 * runs the full integrity_check on its copy.
 */
export function openCheckedDatabase(dbFile: string, backupsDir: string): Connection {
  let conn: Connection | null = null;
  let problems: string[];
  try {
    const clean = untouchedSinceCleanStop(dbFile);
    conn = openDatabase(dbFile);
    problems = clean ? [] : integrityProblems(conn.sqlite, 'quick');
  } catch (err) {
    if (!isCorruption(err)) throw err;
    problems = [err instanceof Error ? err.message : String(err)];
  }
  if (!problems.length) return conn!;
  try {
    conn?.sqlite.close();
  } catch {
    /* closing a damaged file may fail too */
  }
  const latest = listBackups(backupsDir)[0];
  const all = problems.slice(0, 2).join('; ').replace(/\s+/g, ' ');
  const detail = all.length > 160 ? `${all.slice(0, 160)}…` : all;
  const how = latest
    ? `Pulihkan cadangan terakhir (${latest.name}) dengan: npm run restore -- ${latest.name}`
    : `Belum ada cadangan di ${backupsDir}; taruh berkas cadangan di sana, lalu: npm run restore -- <berkas>`;
  throw new Error(`basis data ${dbFile} rusak (${detail}). ${how} (cadangan ada di ${backupsDir}).`);
}

export { isBackupName };
