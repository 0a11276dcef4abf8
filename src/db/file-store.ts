// Where uploaded files (photos, the letterhead logo) live: every write, read, serve and removal of
// one goes through a FileStore. SQLite keeps them as files in DATA_DIR/uploads (its backups copy
// them from there); PostgreSQL keeps their bytes in the database (stored_files), so every process
// and every app host sees the same files, and the database's backup holds them with the records.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeOrRemove } from '../lib/files.ts';
import { makePrivateDir, PRIVATE_FILE, writePrivateFile } from '../lib/private-files.ts';
import { nowIso } from '../lib/time.ts';
import type { Db } from './connect.ts';

/**
 * A file by the name the records hold: 'harvests/unit-<unit>/<token>.jpg', 'events/unit-<unit>/<id>-<token>.jpg',
 * 'logo-<hash>.png' (photos saved before units: 'harvests/<token>.jpg').
 */
export interface FileStore {
  /** Stores the bytes under `name`, replacing a file of that name; whole or not at all. */
  write(name: string, bytes: Buffer): Promise<void>;
  /** Gives a stored file another name (replacing a file of that name). */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; nothing happens when there is none. */
  remove(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
  /** The bytes, or null when there is no such file. */
  read(name: string): Promise<Buffer | null>;
  /**
   * A file on this host's disk holding the bytes, for what needs a path (PDFKit): the upload itself,
   * or a copy cached under the hash of its bytes. Null when there is no such file.
   */
  localPath(name: string): Promise<string | null>;
  /** What to send to a browser: the file on disk (sent as it is), or its bytes. */
  sendable(name: string): Promise<{ path: string } | { bytes: Buffer } | null>;
}

/** The store the configuration names: the database on PostgreSQL (DATABASE_URL), else DATA_DIR/uploads. */
export function fileStoreFor(db: Db, config: { databaseUrl: string | null; uploadsDir: string; dataDir: string }): FileStore {
  return config.databaseUrl ? new DatabaseFileStore(db, path.join(config.dataDir, 'cache', 'files')) : new DiskFileStore(config.uploadsDir);
}

/** Files under a folder, 0600 in 0700 folders: exactly what Lumbung on SQLite always wrote. */
export class DiskFileStore implements FileStore {
  constructor(readonly dir: string) {}

  private pathOf(name: string): string {
    return path.join(this.dir, ...name.split('/'));
  }

  async write(name: string, bytes: Buffer): Promise<void> {
    const file = this.pathOf(name);
    makePrivateDir(path.dirname(file));
    writePrivateFile(file, bytes);
  }

  async rename(from: string, to: string): Promise<void> {
    fs.renameSync(this.pathOf(from), this.pathOf(to));
  }

  async remove(name: string): Promise<void> {
    fs.rmSync(this.pathOf(name), { force: true });
  }

  async exists(name: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(name));
  }

  async read(name: string): Promise<Buffer | null> {
    try {
      return fs.readFileSync(this.pathOf(name));
    } catch {
      return null;
    }
  }

  async localPath(name: string): Promise<string | null> {
    const file = this.pathOf(name);
    return fs.existsSync(file) ? file : null;
  }

  async sendable(name: string): Promise<{ path: string }> {
    // sendFile answers a missing file itself, as it always did.
    return { path: this.pathOf(name) };
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Bytes in the stored_files table. A copy on disk is made only for what needs a path (the logo in a
 * PDF), in a cache folder of this host named after the bytes' hash: a file replaced under the same
 * name (a logo normalised at start) gets a new copy, never a stale one, and the folder may be
 * deleted at any time. Photos are sent from the bytes, so the cache does not grow with them.
 */
export class DatabaseFileStore implements FileStore {
  constructor(
    private readonly db: Db,
    readonly cacheDir: string,
  ) {}

  async write(name: string, bytes: Buffer): Promise<void> {
    const row = { bytes, size: bytes.length, sha256: sha256(bytes), created_at: nowIso() };
    await this.db
      .insertInto('stored_files')
      .values({ name, ...row })
      .onConflict((oc) => oc.column('name').doUpdateSet(row))
      .execute();
  }

  async rename(from: string, to: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('stored_files').where('name', '=', to).execute();
      const moved = await trx.updateTable('stored_files').set({ name: to }).where('name', '=', from).executeTakeFirst();
      if (!moved.numUpdatedRows) throw new Error(`stored file not found: ${from}`);
    });
  }

  async remove(name: string): Promise<void> {
    await this.db.deleteFrom('stored_files').where('name', '=', name).execute();
  }

  async exists(name: string): Promise<boolean> {
    return !!(await this.db.selectFrom('stored_files').select('size').where('name', '=', name).executeTakeFirst());
  }

  async read(name: string): Promise<Buffer | null> {
    const row = await this.db.selectFrom('stored_files').select('bytes').where('name', '=', name).executeTakeFirst();
    return row ? Buffer.from(row.bytes) : null;
  }

  async localPath(name: string): Promise<string | null> {
    const row = await this.db.selectFrom('stored_files').select('sha256').where('name', '=', name).executeTakeFirst();
    if (!row) return null;
    const file = path.join(this.cacheDir, `${row.sha256}${path.extname(name)}`);
    if (fs.existsSync(file)) return file;
    const bytes = await this.read(name);
    // Replaced between the two reads: the bytes are not the ones that hash names; ask again.
    if (!bytes || sha256(bytes) !== row.sha256) return bytes ? this.localPath(name) : null;
    makePrivateDir(this.cacheDir);
    // Another process may write the same copy at the same moment: both write whole files aside and
    // rename them, and both hold the same bytes.
    const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
    writeOrRemove(tmp, bytes, { mode: PRIVATE_FILE });
    fs.renameSync(tmp, file);
    return file;
  }

  async sendable(name: string): Promise<{ bytes: Buffer } | null> {
    const bytes = await this.read(name);
    return bytes ? { bytes } : null;
  }
}
