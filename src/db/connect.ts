// Opens the SQLite file with the pragmas that keep aid records safe, and Kysely on top.
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Transaction } from 'kysely';
import fs from 'node:fs';
import { makePrivate, PRIVATE_FILE } from '../lib/private-files.ts';
import type { Database } from './database.ts';

export type Db = Kysely<Database>;
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

export interface Connection {
  db: Db;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/**
 * Transactions begin IMMEDIATE: a read-then-write (stock check, receipt number) holds the write lock
 * from its first read. With a plain BEGIN, a write by another process (`npm run migrate`, a second
 * server started by mistake) between that read and the write fails the transaction at once with
 * "database is locked", without waiting for the busy timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * On some errors (SQLITE_FULL, SQLITE_IOERR…) SQLite has already rolled the transaction back; a
   * second rollback would throw "cannot rollback - no transaction is active" and Kysely would
   * throw that instead of the error that says what happened.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

/**
 * The database file is created owner-only (0600), and an existing one and its -wal and -shm made so,
 * before SQLite opens it: SQLite creates the -wal and -shm with the mode of the database file.
 */
function makeDatabaseFilesPrivate(file: string, create: boolean): void {
  if (file === '' || file === ':memory:') return;
  if (create) {
    try {
      fs.writeFileSync(file, '', { mode: PRIVATE_FILE, flag: 'wx' });
    } catch {
      /* already there, or a folder SQLite will refuse with its own message */
    }
  }
  for (const suffix of ['', '-wal', '-shm']) makePrivate(file + suffix);
}

/** `mustExist`: refuse a missing file instead of creating an empty database (tools that only read). */
export function openDatabase(file: string, opts: { mustExist?: boolean } = {}): Connection {
  makeDatabaseFilesPrivate(file, !opts.mustExist);
  const sqlite = new SQLite(file, { fileMustExist: opts.mustExist ?? false });
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit survives a power cut, not only a crash of the process.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const dialect = new (class extends SqliteDialect {
    override createDriver() {
      return new ImmediateSqliteDriver(sqlite);
    }
  })({ database: sqlite });
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    sqlite,
    async close() {
      await db.destroy();
    },
  };
}
