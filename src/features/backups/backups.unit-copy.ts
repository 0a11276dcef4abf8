// One unit's own copy of its records (issue 17): a standalone Lumbung SQLite database holding that
// unit alone — its units row (as the root), every row of its unit tables with their ids, its users,
// and the photos and logo its records name — that a Lumbung on a box of its own starts from.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/connect.ts';
import { DiskFileStore, type FileStore } from '../../db/file-store.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { installationWide, UNIT_TABLES } from '../../db/unit-scope.ts';
import { makePrivateDir } from '../../lib/private-files.ts';

/** A password hash no password matches (verifyPassword knows only `scrypt$…`): a user the copy names but who does not work in the unit. */
export const LOCKED_PASSWORD = '!';

/** The columns that name an uploaded file (src/db/file-store.ts). */
const FILE_COLUMNS: Record<string, string> = {
  harvests: 'photo_file',
  distributions: 'photo_file',
  event_photos: 'file',
  site_settings: 'logo_file',
};

/** Rows read a page at a time: a unit's ten years of audit entries never sit in memory at once. */
const PAGE = 2000;

export interface UnitCopy {
  code: string;
  /** Rows per table in the copy. */
  rows: Record<string, number>;
  /** Users copied: holding roles in the unit, and the others its records name (inactive, no password). */
  users: { members: number; others: number };
  files: number;
  /** Files the records name that the store does not hold. */
  missingFiles: string[];
}

type Row = Record<string, unknown>;

/** SQLite takes numbers, text, blobs and null; PostgreSQL may hand back booleans or dates. */
function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * Writes `targetFile` (which must not exist) and, beside it, the folder `uploads` with the unit's
 * files: together, a standalone Lumbung's DATA_DIR. Reads the source in one transaction over the
 * whole installation (the unit's rows and the users they name, at one instant): a read snapshot,
 * which takes no write lock on either engine (PostgreSQL: REPEATABLE READ, READ ONLY, without the
 * writer lock; SQLite: a deferred transaction, WAL keeping its view). On SQLite the server's one
 * connection is still the copy's until it is done: its other requests wait for it.
 */
export async function exportUnit(db: Db, files: FileStore, unitId: number, targetFile: string): Promise<UnitCopy> {
  if (fs.existsSync(targetFile)) throw new Error(`berkas tujuan sudah ada: ${targetFile}`);
  makePrivateDir(path.dirname(targetFile));
  const target = openDatabase(targetFile);
  try {
    await migrateToLatest(target.db);
    const out = target.sqlite;
    const tableNames = out
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    const unitTables = tableNames.filter((t) => UNIT_TABLES.has(t));
    const columnsOf = (t: string) => out.prepare('select name from pragma_table_info(?)').pluck().all(t) as string[];
    // Which columns of the unit's tables name a user, read from the schema's foreign keys.
    const userColumns = new Map(
      unitTables.map((t) => [
        t,
        (out.prepare(`select "from" from pragma_foreign_key_list(?) where "table" = 'users'`).pluck().all(t) as string[]).map(String),
      ]),
    );
    // What the migrations seeded (the first unit, its starter commodities) is not the unit's.
    out.pragma('foreign_keys = OFF');
    out.exec('begin');
    for (const t of [...unitTables, 'users', 'units']) out.exec(`delete from "${t}"`);
    const insertInto = (t: string) => {
      const cols = columnsOf(t);
      const stmt = out.prepare(`insert into "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
      return (row: Row) => stmt.run(cols.map((c) => sqliteValue(row[c])));
    };

    const rows: Record<string, number> = {};
    const named = new Set<string>();
    const userIds = new Set<number>();
    const members = new Set<number>();
    // A read snapshot: one consistent view, without the writer lock (the installation's saves go on).
    const copy = await installationWide(() =>
      db
        .transaction()
        .setAccessMode('read only')
        .execute(async (trx) => {
          const unit = await trx.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst();
          if (!unit) throw new Error(`tidak ada unit dengan id ${unitId}`);
          insertInto('units')({ ...unit, parent_id: null });
          rows.units = 1;
          for (const t of unitTables) {
            const insert = insertInto(t);
            const fileColumn = FILE_COLUMNS[t];
            let last = 0;
            let n = 0;
            for (;;) {
              const page = (await trx
                .selectFrom(t as 'harvests')
                .selectAll()
                .where('unit_id', '=', unitId)
                .where('id', '>', last)
                .orderBy('id')
                .limit(PAGE)
                .execute()) as unknown as Row[];
              for (const row of page) {
                insert(row);
                for (const c of userColumns.get(t)!) if (typeof row[c] === 'number') userIds.add(row[c]);
                if (fileColumn && typeof row[fileColumn] === 'string') named.add(row[fileColumn]);
                if (t === 'user_roles') members.add(row.user_id as number);
              }
              n += page.length;
              if (page.length < PAGE) break;
              last = page.at(-1)!.id as number;
            }
            rows[t] = n;
          }
          for (const id of members) userIds.add(id);
          const insertUser = insertInto('users');
          const ids = [...userIds].sort((a, b) => a - b);
          for (let i = 0; i < ids.length; i += PAGE) {
            const users = await trx
              .selectFrom('users')
              .selectAll()
              .where('id', 'in', ids.slice(i, i + PAGE))
              .execute();
            // Someone the records name who does not work here: kept as a name, never able to sign in,
            // and never carrying another unit's password hash.
            for (const u of users)
              insertUser(members.has(u.id) ? u : { ...u, active: 0, password_hash: LOCKED_PASSWORD, must_change_password: 0 });
          }
          rows.users = ids.length;
          return { code: unit.code };
        }),
    );
    // The next id of each table continues after the unit's highest.
    const sequenced = new Set(out.prepare('select name from sqlite_sequence').pluck().all() as string[]);
    for (const t of [...unitTables, 'users', 'units']) {
      if (!sequenced.has(t)) continue;
      out.prepare('update sqlite_sequence set seq = (select coalesce(max(id), 0) from "' + t + '") where name = ?').run(t);
    }
    const broken = out.pragma('foreign_key_check') as unknown[];
    if (broken.length) throw new Error(`salinan unit tidak utuh: ${broken.length} rujukan tanpa baris (${JSON.stringify(broken[0])})`);
    out.exec('commit');
    out.pragma('foreign_keys = ON');
    // The rows the migrations seeded and the copy deleted leave no trace in free pages.
    out.exec('vacuum');

    // The files, after the read: a file is written once under its name and not changed after.
    const store = new DiskFileStore(path.join(path.dirname(targetFile), 'uploads'));
    const missingFiles: string[] = [];
    for (const name of [...named].sort()) {
      const bytes = await files.read(name);
      if (bytes) await store.write(name, bytes);
      else missingFiles.push(name);
    }
    return {
      code: copy.code,
      rows,
      users: { members: members.size, others: userIds.size - members.size },
      files: named.size - missingFiles.length,
      missingFiles,
    };
  } catch (err) {
    // Half a copy is no copy: nothing is left to be mistaken for one.
    await target.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(targetFile + suffix, { force: true });
    throw err;
  } finally {
    if (target.sqlite.open) await target.close();
  }
}
