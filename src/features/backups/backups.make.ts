// Making one backup file: the live database copied in one read transaction, the uploads packed into
// the copy, the copy checked whole, then named. Run in a worker thread (backups.worker.ts): the copy
// and its integrity_check read the whole file, seconds on a large one, and no request may wait
// for that (issue 19).
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { checkKnownMigrationsSync } from '../../db/migrate.ts';
import { makePrivateDir, PRIVATE_FILE } from '../../lib/private-files.ts';
import { listBackups, newBackupName, pruneBackups, removeStaleTemporaries, type BackupFile } from './backups.files.ts';
import { packUploads } from './backups.uploads.ts';

/** An SQLite error that means the file itself is damaged (not a busy or a missing file). */
export function isCorruption(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/** The problems `PRAGMA quick_check` or `integrity_check` reports; empty when the file is sound. */
export function integrityProblems(sqlite: SQLite.Database, mode: 'quick' | 'full'): string[] {
  try {
    const rows = sqlite.pragma(mode === 'quick' ? 'quick_check' : 'integrity_check', { simple: false }) as Array<Record<string, string>>;
    const lines = rows.map((r) => String(Object.values(r)[0]));
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (err) {
    if (isCorruption(err)) return [err instanceof Error ? err.message : String(err)];
    throw err;
  }
}

export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface CreatedBackup extends BackupFile {
  file: string;
  /** Older backups deleted to keep the last N. */
  pruned: string[];
}

/** `at`: the instant the backup is named after (the caller's clock: a worker thread has its own). */
export async function makeBackup(
  dbFile: string,
  backupsDir: string,
  keep: number,
  uploadsDir: string | null,
  at: Date = new Date(),
): Promise<CreatedBackup> {
  if (!fs.existsSync(dbFile)) throw new Error(`Belum ada basis data di ${dbFile}.`);
  makePrivateDir(backupsDir);
  removeStaleTemporaries(backupsDir);
  const name = newBackupName(backupsDir, at);
  const tmp = path.join(backupsDir, `.${name}.tmp`);
  try {
    // Made owner-only before SQLite writes into it (the whole database, NIKs included); 'wx': a
    // `npm run backup` in another process that picked the same name in the same second is refused.
    fs.writeFileSync(tmp, '', { mode: PRIVATE_FILE, flag: 'wx' });
    const source = new SQLite(dbFile, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      checkKnownMigrationsSync(source);
      // The first step only measures; the handler then asks for all pages in the next one.
      await source.backup(tmp, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const copy = new SQLite(tmp, { fileMustExist: true });
    try {
      // A standalone file: no -wal beside it is needed to read it.
      copy.pragma('journal_mode = DELETE');
      if (uploadsDir) packUploads(copy, uploadsDir);
      const problems = integrityProblems(copy, 'full');
      if (problems.length) throw new Error(`Salinan tidak lolos pemeriksaan integritas: ${problems.slice(0, 3).join('; ')}`);
    } finally {
      copy.close();
    }
    fsyncPath(tmp);
    fs.renameSync(tmp, path.join(backupsDir, name));
    fsyncPath(backupsDir);
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) fs.rmSync(tmp, { force: true });
    throw err;
  }
  const pruned = pruneBackups(backupsDir, keep);
  const made = listBackups(backupsDir).find((b) => b.name === name)!;
  return { ...made, file: path.join(backupsDir, name), pruned };
}
