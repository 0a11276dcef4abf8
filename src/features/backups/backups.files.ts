// The backups folder: file names (a WIB timestamp), the list, the last N kept, and the one way a
// name from outside (a URL, the command line) becomes a path — only a regular file of that folder.
import fs from 'node:fs';
import path from 'node:path';

/**
 * lumbung-20261123-101500.db, or lumbung-20261123-101500-2.db for a second one in the same second;
 * .pgdump for a PostgreSQL database's (backups.pg.ts).
 */
const NAME = /^lumbung-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-([1-9]\d{0,2}))?\.(db|pgdump)$/;

export interface BackupFile {
  name: string;
  /** bytes */
  size: number;
  /** When it was made (from its name, written in WIB), as an ISO instant. */
  createdAt: string;
}

export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

/** Sorts oldest first: by the time in the name, then the same-second counter. */
function sortKey(name: string): string {
  const m = NAME.exec(name)!;
  return `${m.slice(1, 7).join('')}-${(m[7] ?? '0').padStart(3, '0')}`;
}

function createdAt(name: string): string {
  const [, y, mo, d, h, mi, s] = NAME.exec(name)!;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`).toISOString();
}

const stampFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 20261123-101500 in WIB. */
export function wibStamp(at: Date = new Date()): string {
  const p = Object.fromEntries(stampFmt.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}-${p.hour}${p.minute}${p.second}`;
}

/** A name that sorts after every backup (or half-made one) of the same second in the folder. */
export function newBackupName(dir: string, at: Date = new Date(), ext: 'db' | 'pgdump' = 'db'): string {
  const base = `lumbung-${wibStamp(at)}`;
  let last = 0;
  for (const f of fs.readdirSync(dir)) {
    const name = f.replace(/^\.(.*)\.tmp$/, '$1');
    if (name === `${base}.db` || name === `${base}.pgdump`) last = Math.max(last, 1);
    else if (name.startsWith(`${base}-`) && isBackupName(name)) last = Math.max(last, Number(NAME.exec(name)![7]));
  }
  if (last >= 999) throw new Error('Terlalu banyak cadangan dalam satu detik.');
  return last === 0 ? `${base}.${ext}` : `${base}-${last + 1}.${ext}`;
}

/**
 * The path of backup `name`, or null: the name must be a backup name (no slash, no dots but the
 * extension's), and the file a regular file directly in the folder — never a link to elsewhere.
 */
export function backupPath(dir: string, name: string): string | null {
  if (typeof name !== 'string' || !isBackupName(name)) return null;
  const file = path.join(dir, name);
  if (path.dirname(file) !== path.resolve(dir)) return null;
  try {
    return fs.lstatSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** The backups in the folder, newest first. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter(isBackupName)
    .sort((a, b) => sortKey(b).localeCompare(sortKey(a)))
    .flatMap((name) => {
      const file = backupPath(dir, name);
      return file ? [{ name, size: fs.statSync(file).size, createdAt: createdAt(name) }] : [];
    });
}

/** Keeps the newest `keep` backups and deletes the rest; returns the names deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(Math.max(1, keep));
  for (const b of old) fs.rmSync(path.join(dir, b.name), { force: true });
  return old.map((b) => b.name);
}

/** Half-written copies left by a backup that was cut off (a kill, a power cut), older than an hour. */
export function removeStaleTemporaries(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!/^\.lumbung-.*\.tmp$/.test(name)) continue;
    const file = path.join(dir, name);
    if (Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
  }
}

/** "1,2 MB" */
export function formatSize(bytes: number): string {
  const fmt = (n: number) => n.toLocaleString('id-ID', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmt(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${fmt(bytes / 1024 / 1024)} MB`;
  return `${fmt(bytes / 1024 ** 3)} GB`;
}
