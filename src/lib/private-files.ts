// Files that hold the record (the database and its -wal/-shm, backups, photos, the logo, the session
// secret) are readable by their owner only: 0600 files in 0700 folders, whatever the umask says.
import fs from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../config.ts';
import { writeFileAtomic } from './files.ts';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates a folder (and any missing parent) that only its owner can enter. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
}

/** Writes an owner-only file that takes its name only once every byte is written. */
export function writePrivateFile(file: string, bytes: Buffer): void {
  writeFileAtomic(file, bytes, { mode: PRIVATE_FILE });
}

/**
 * Makes an existing file or folder owner-only; returns false (and changes nothing) when it is not
 * there, cannot be changed (another owner), or is a link found inside a folder (its target may be
 * anything). `follow`: a path from the settings (DATA_DIR) may be a link to the real folder.
 */
export function makePrivate(p: string, follow = false): boolean {
  try {
    const st = follow ? fs.statSync(p) : fs.lstatSync(p);
    if (!st.isFile() && !st.isDirectory()) return false;
    const want = st.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE;
    if ((st.mode & 0o777) !== want) fs.chmodSync(p, want);
    return true;
  } catch {
    return false;
  }
}

/** Makes a folder and everything under it owner-only, adding to `failed` what could not be changed. */
function makeTreePrivate(dir: string, failed: string[], root = false): void {
  if (!fs.existsSync(dir)) return;
  if (!makePrivate(dir, root)) failed.push(dir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeTreePrivate(p, failed);
    else if (e.isFile() && !makePrivate(p)) failed.push(p);
  }
}

/**
 * At start: files an older version left readable by everyone are made owner-only — the data folder,
 * the database and every file beside it named after it (-wal, -shm, a copy kept by a restore), the
 * session secret, and everything under uploads/ and backups/. Other files in the data folder are
 * left alone (DATA_DIR may hold things that are not Lumbung's). Returns what could not be changed.
 */
export function makeDataPrivate(paths: DataPaths): string[] {
  const failed: string[] = [];
  if (!makePrivate(paths.dataDir, true)) failed.push(paths.dataDir);
  const dbName = path.basename(paths.dbFile);
  for (const e of fs.readdirSync(paths.dataDir, { withFileTypes: true })) {
    if (!e.isFile() || (e.name !== 'session-secret' && !e.name.startsWith(dbName))) continue;
    const p = path.join(paths.dataDir, e.name);
    if (!makePrivate(p)) failed.push(p);
  }
  makeTreePrivate(paths.uploadsDir, failed, true);
  makeTreePrivate(paths.backupsDir, failed, true);
  return failed;
}
