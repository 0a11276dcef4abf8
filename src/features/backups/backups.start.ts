// What the server (and the commands that write the database) check about DATA_DIR before they
// open it: a lost database is not a new installation, a read-only file stops the start, and one
// server at a time holds the data folder.
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { SESSION_SECRET_FILE, type DataPaths } from '../../config.ts';
import { unwritableReason } from '../../lib/files.ts';
import { listBackups } from './backups.files.ts';

/** A file anywhere under `dir` (a photo, a logo); .gitkeep does not count. */
function holdsFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).some((e) => !e.isDirectory() && e.name !== '.gitkeep');
  } catch {
    return false;
  }
}

/**
 * Refuses a missing or empty lumbung.db in a DATA_DIR that shows a Lumbung has run there (backups,
 * uploads, the session secret): starting afresh would open the setup page to whoever comes first,
 * beside the records that were lost. A truly fresh DATA_DIR starts as a new installation.
 * Runs before anything is created in DATA_DIR (the `beforeCreating` of loadConfig).
 */
export function refuseLostDatabase({ dataDir, dbFile, uploadsDir, backupsDir, databaseUrl }: DataPaths): void {
  // On PostgreSQL the records are not in DATA_DIR: a missing file says nothing.
  if (databaseUrl) return;
  let size: number | null = null;
  try {
    size = fs.statSync(dbFile).size;
  } catch {
    /* missing */
  }
  if (size !== null && size > 0) return;
  const backups = listBackups(backupsDir);
  const traces = [
    backups.length ? 'cadangan' : null,
    holdsFiles(uploadsDir) ? 'unggahan' : null,
    fs.existsSync(path.join(dataDir, SESSION_SECRET_FILE)) ? 'kunci sesi' : null,
  ].filter(Boolean);
  if (!traces.length) return;
  const latest = backups[0];
  const how = latest
    ? `Pulihkan cadangan terakhir (${latest.name}) dengan: npm run restore -- ${latest.name} (cadangan ada di ${backupsDir}).`
    : `Belum ada cadangan di ${backupsDir}; taruh berkas cadangan di sana, lalu: npm run restore -- <berkas>.`;
  throw new Error(
    `basis data ${dbFile} ${size === null ? 'tidak ada' : 'kosong'}, padahal DATA_DIR ${dataDir} berisi data Lumbung sebelumnya (${traces.join(', ')}). ` +
      `${how} Untuk memulai pemasangan baru, pakai DATA_DIR yang kosong.`,
  );
}

/**
 * Refuses a database file (or its -wal/-shm) that cannot be written: every save would fail. Runs
 * before the database is opened: closing a descriptor of a file drops this process's SQLite locks on it.
 */
export function refuseReadOnlyDatabase(dbFile: string): void {
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
    const reason = unwritableReason(file);
    if (reason) {
      throw new Error(
        `berkas basis data ${file} hanya dapat dibaca (${reason === 'mode' ? 'izinnya tanpa hak menulis' : reason}). ` +
          'Beri izin menulis kepada pengguna yang menjalankan Lumbung, lalu mulai lagi.',
      );
    }
  }
}

export interface DataDirLock {
  release(): void;
}

/** Handles held for the life of the process: a collected handle would drop its lock. */
const held = new Set<SQLite.Database>();

/**
 * One server per DATA_DIR: a second one would serve pages cached from before the other's writes.
 * The lock is SQLite's own on a small file beside the database (a write transaction kept open), so
 * it dies with the process — a kill -9 or a power cut leaves no stale lock — and it touches neither
 * the database nor what `npm run backup` or `npm run report` need beside a running server.
 * The holder's pid is written beside it, only to name it in the message.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'lumbung.lock');
  const pidFile = path.join(dataDir, 'lumbung.pid');
  const sqlite = new SQLite(file, { timeout: 0 });
  try {
    sqlite.exec('begin immediate');
  } catch (err) {
    sqlite.close();
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    if (!code.startsWith('SQLITE_BUSY')) throw err;
    let pid = '';
    try {
      pid = fs.readFileSync(pidFile, 'utf8').trim();
    } catch {
      /* named without its pid */
    }
    throw new Error(
      `server Lumbung lain sedang berjalan dengan DATA_DIR ${dataDir}${/^\d+$/.test(pid) ? ` (pid ${pid})` : ''}. ` +
        'Pakai server itu, atau hentikan dahulu sebelum memulai yang baru.',
    );
  }
  held.add(sqlite);
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  return {
    release() {
      if (!held.delete(sqlite)) return;
      fs.rmSync(pidFile, { force: true });
      sqlite.close();
    },
  };
}
