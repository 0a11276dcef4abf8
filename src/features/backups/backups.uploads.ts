// The uploaded files (logo, photos) travel inside each backup: a table of files in the backup copy,
// written back into the uploads folder by a restore, so one file restores everything.
import type SQLite from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, writePrivateFile } from '../../lib/private-files.ts';

/** Only in backup copies: dropped from a restored database before it is used. */
export const UPLOADS_TABLE = 'lumbung_backup_uploads';

/** A path inside the uploads folder: plain names joined by slashes, no dot files, no "..". */
const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Every regular file under the folder (links and dot files left out), as slash paths. */
function uploadedFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      path
        .relative(dir, path.join(e.parentPath ?? (e as { path?: string }).path ?? dir, e.name))
        .split(path.sep)
        .join('/'),
    )
    .filter((rel) => SAFE_PATH.test(rel))
    .sort();
}

/** Copies the uploads into the backup copy (open, not yet checked); returns how many. */
export function packUploads(copy: SQLite.Database, uploadsDir: string): number {
  copy.exec(`drop table if exists ${UPLOADS_TABLE}`);
  copy.exec(`create table ${UPLOADS_TABLE} (id integer primary key, path text not null unique, data blob not null)`);
  const insert = copy.prepare(`insert into ${UPLOADS_TABLE} (path, data) values (?, ?)`);
  const files = uploadedFiles(uploadsDir);
  copy.transaction(() => {
    for (const rel of files) insert.run(rel, fs.readFileSync(path.join(uploadsDir, rel)));
  })();
  return files.length;
}

/**
 * Writes the files kept in a backup back into the uploads folder (a file of the same name is
 * replaced; other files are left) and drops the table, so the database is as the app made it.
 * `uploadsDir` null: only the table is dropped. Returns how many files were written, or null when
 * the backup holds no files (made before they were included).
 */
export function unpackUploads(db: SQLite.Database, uploadsDir: string | null): number | null {
  const has = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(UPLOADS_TABLE);
  if (!has) return null;
  let written = 0;
  if (uploadsDir) {
    for (const row of db.prepare(`select path, data from ${UPLOADS_TABLE} order by id`).iterate() as Iterable<{
      path: string;
      data: Buffer;
    }>) {
      if (!SAFE_PATH.test(row.path)) continue;
      const file = path.join(uploadsDir, ...row.path.split('/'));
      makePrivateDir(path.dirname(file));
      writePrivateFile(file, row.data);
      written++;
    }
  }
  db.exec(`drop table ${UPLOADS_TABLE}`);
  db.exec('vacuum');
  return written;
}
