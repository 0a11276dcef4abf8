// Opens the SQLite file with the pragmas that keep aid records safe, and Kysely on top.
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SelectQueryNode,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type QueryResult,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import fs from 'node:fs';
import { bumpDataVersion, registerVersionProbe, UNCACHED_WRITE } from '../lib/data-cache.ts';
import { makePrivate, PRIVATE_FILE } from '../lib/private-files.ts';
import { letOthersThroughIfLong, turnIsLong } from '../lib/turns.ts';
import type { Database } from './database.ts';
import { UnitScopePlugin } from './unit-scope.ts';
import type { PostgresConnection } from './postgres.ts';

export type Db = Kysely<Database>;
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

export interface Connection {
  engine: 'sqlite';
  db: Db;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** An open database on either engine. */
export type AnyConnection = Connection | PostgresConnection;

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file
 * in DATA_DIR. The PostgreSQL driver is loaded only then, so a single Rutan's server never holds it.
 */
export async function openConfigured(
  config: { databaseUrl: string | null; dbFile: string },
  opts: { mustExist?: boolean } = {},
): Promise<AnyConnection> {
  if (!config.databaseUrl) return openDatabase(config.dbFile, opts);
  const { openPostgresChecked } = await import('./postgres.ts');
  return openPostgresChecked(config.databaseUrl);
}

/**
 * Transactions begin IMMEDIATE: a read-then-write (stock check, receipt number) holds the write lock
 * from its first read. With a plain BEGIN, a write by another process (`npm run migrate`, a second
 * server started by mistake) between that read and the write fails the transaction at once with
 * "database is locked", without waiting for the busy timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private readonly changes: CommitWatch;
  private readonly connection: DatabaseConnection;
  private readonly lock = new FifoLock();

  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
    this.changes = new CommitWatch(sqlite);
    this.connection = new PreparedOnceConnection(sqlite);
  }

  /**
   * The one connection, in turns (FifoLock), with our connection that keeps its prepared statements.
   * Statements awaited one after another (or queued together by Promise.all) never give the event
   * loop a turn: past the turn's budget, the lock is let go and queued for again after the requests
   * that came in meanwhile, which may want the connection too (issue 19).
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    for (;;) {
      await letOthersThroughIfLong();
      await this.lock.take();
      if (!turnIsLong()) return this.changes.watch(this.connection);
      this.lock.release();
    }
  }

  override async releaseConnection(): Promise<void> {
    this.lock.release();
  }

  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    // A read snapshot (`.setAccessMode('read only')`) takes no write lock: WAL keeps its view.
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin deferred' : 'begin immediate'));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.changes.settle();
  }

  /**
   * On some errors (SQLITE_FULL, SQLITE_IOERR…) SQLite has already rolled the transaction back; a
   * second rollback would throw "cannot rollback - no transaction is active" and Kysely would
   * throw that instead of the error that says what happened.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
    this.changes.forget();
  }
}

/**
 * Kysely's lock on the connection wakes every waiter at each release, and they race for it: with 50
 * requests waiting, each statement woke 50, and one request could lose the race again and again
 * (p99 of 600 ms beside a mean of 100 under load). Here the next in line gets it, and only it.
 */
class FifoLock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  take(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/** Enough for every statement the app writes; the odd ones (an `in` list of another length) take turns. */
const STATEMENTS_KEPT = 500;

/**
 * Kysely's SQLite connection prepares every statement again on each call. Each prepared statement
 * holds native memory until the garbage collector finds its wrapper, so under load the server grew
 * by megabytes of statements waiting to be collected, and spent time compiling the same SQL. Here a
 * statement is prepared once per SQL text and run again; `all()` and `run()` finish before they
 * return, so a kept statement is never busy when the next caller takes it. A streamed read (which
 * stays open across awaits) gets a statement of its own, as before.
 */
class PreparedOnceConnection implements DatabaseConnection {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly sqlite: SQLite.Database) {}

  private prepared(sql: string): SQLite.Statement {
    let stmt = this.statements.get(sql);
    if (stmt) {
      // Most recently used last, so the first is the one to let go.
      this.statements.delete(sql);
    } else {
      stmt = this.sqlite.prepare(sql);
      if (this.statements.size >= STATEMENTS_KEPT) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.prepared(query.sql);
    const parameters = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    for (const row of this.sqlite.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/**
 * Moves the data cache's version (src/lib/data-cache.ts) when, and only when, rows changed and the
 * change is committed: after a commit, or after a statement run outside a transaction. A write
 * that forgot something else still invalidates cached pages; a rolled-back one does not.
 * `total_changes()` counts the rows this connection changed, committed or not.
 */
class CommitWatch {
  private readonly total: SQLite.Statement;
  private seen: number;
  private wrapped: { inner: DatabaseConnection; outer: DatabaseConnection } | null = null;

  constructor(private readonly sqlite: SQLite.Database) {
    this.total = sqlite.prepare('select total_changes()').pluck();
    this.seen = this.count();
  }

  private count(): number {
    return Number(this.total.get());
  }

  /** After a commit or an autocommitted statement: committed changes move the version. */
  settle(): void {
    const now = this.count();
    if (now !== this.seen) bumpDataVersion();
    this.seen = now;
  }

  /** After a rollback: what was counted never happened. */
  forget(): void {
    this.seen = this.count();
  }

  watch(inner: DatabaseConnection): DatabaseConnection {
    if (this.wrapped?.inner === inner) return this.wrapped.outer;
    const outer: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await inner.executeQuery<R>(query);
        if (!this.sqlite.inTransaction && !TRANSACTION_CONTROL.test(query.sql)) {
          if (UNCACHED_WRITE.test(query.sql)) this.forget();
          else this.settle();
        }
        return result;
      },
      streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
    };
    this.wrapped = { inner, outer };
    return outer;
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
  // Every query limited to the units of the scope it runs in (src/db/unit-scope.ts).
  const db = new Kysely<Database>({ dialect, plugins: [new UnitScopePlugin()] });
  // Another process committing to this file (a CLI, a restore) moves the cache's version too.
  const dataVersion = sqlite.prepare('pragma data_version').pluck();
  const unregister = registerVersionProbe(() => (sqlite.open ? Number(dataVersion.get()) : 0));
  return {
    engine: 'sqlite',
    db,
    sqlite,
    async close() {
      unregister();
      await db.destroy();
    },
  };
}
