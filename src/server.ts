// Entry: load config → open db → migrate → createApp → listen.
import cluster from 'node:cluster';
import https from 'node:https';
import { pino, type Logger } from 'pino';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { markCleanStop, openCheckedDatabase } from './features/backups/backups.service.ts';
import { startBackupScheduler } from './features/backups/backups.schedule.ts';
import { lockDataDir, refuseLostDatabase, refuseReadOnlyDatabase } from './features/backups/backups.start.ts';
import { migrateToLatest } from './db/migrate.ts';
import { installationWide } from './db/unit-scope.ts';
import type { Db } from './db/connect.ts';
import { fileStoreFor } from './db/file-store.ts';
import { normaliseStoredLogos } from './features/settings/settings.service.ts';
import { makeDataPrivate } from './lib/private-files.ts';
import { negativeStockWarning } from './features/stock/stock.check.ts';
import type { InFlight } from './web/in-flight.ts';
import { readTlsFiles } from './web/tls.ts';

async function main(): Promise<void> {
  // Whatever the server or SQLite creates is readable by its owner only (see lib/private-files.ts).
  process.umask(0o077);
  // Each check stops the start with one line. A lost database beside backups, uploads or the
  // session secret is not taken for a new installation.
  const config = loadConfig(process.env, { beforeCreating: refuseLostDatabase });
  const logger = pino({ level: config.logLevel });
  if (config.databaseUrl) logger.info('basis data: PostgreSQL (DATABASE_URL)');
  // Before anything else is opened: a wrong certificate or key stops the start naming the file.
  const tls = config.tls ? readTlsFiles(config.tls) : null;
  if (tls && tls.validTo.getTime() < Date.now() + 30 * 24 * 60 * 60 * 1000)
    logger.warn(
      `sertifikat HTTPS ${config.tls!.certFile} ${tls.validTo.getTime() < Date.now() ? 'sudah kedaluwarsa' : 'segera kedaluwarsa'} ` +
        `(berlaku sampai ${tls.validTo.toISOString().slice(0, 10)}): buat sertifikat baru, lihat docs/operasional.md`,
    );
  // Several processes: this one prepares the database once, then starts the workers that answer.
  if (cluster.isPrimary && config.workers > 1) return runWorkers(config, logger);
  const conn = config.databaseUrl ? await openPostgresChecked(config, logger) : openSqliteChecked(config, logger);
  const lock = conn.lock;
  // A worker's database was prepared by the process that started it.
  if (!cluster.isWorker) await prepareDatabase(conn.db, config, logger);
  const app = createApp({ db: conn.db, config, logger });
  // With a certificate the server speaks HTTPS itself on the same port (a service worker, and so
  // the harvest form offline, needs it); req.secure then marks the session cookie Secure.
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, app).listen(config.port) : app.listen(config.port);
  let scheduler: ReturnType<typeof startBackupScheduler> | null = null;
  server.on('listening', () => {
    logger.info(`Lumbung berjalan di ${tls ? 'https' : 'http'}://localhost:${config.port} (data: ${config.dataDir})`);
    // The daily backup, without cron (a catch-up soon after start if the daily time was missed).
    // With several processes, the one that started them makes it (see runWorkers).
    if (!cluster.isWorker) scheduler = startBackupScheduler({ db: conn.db, paths: config, logger });
    // No PDF warm-up here: drawing sample receipts at start kept the PDF code, the fonts and their
    // garbage in memory (≈ +50 MB idle, issue 14); the first receipt after a restart takes ≈ 0,5 s
    // instead (PDFKit loads on first use, see receipts.routes.ts), the next ones their usual time.
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    const msg = err.code === 'EADDRINUSE' ? `Port ${config.port} sudah dipakai program lain. Pilih PORT lain.` : err.message;
    console.error(`Lumbung tidak dapat dimulai: ${msg}`);
    process.exit(1);
  });
  const stop = () => {
    // Requests still running (their clients may have hung up) and a backup in progress are finished
    // before the database is closed (within the 5 s below).
    server.close(
      () =>
        void (app.locals.inFlight as InFlight)
          .settled(4000)
          .then(() => scheduler?.stop())
          .then(() => conn.close())
          .then(() => {
            // Closed cleanly: the next start may skip the full read of the file (see openCheckedDatabase).
            if (conn.engine === 'sqlite') markCleanStop(config.dbFile);
            lock?.release();
            process.exit(0);
          }),
    );
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Once per start, before any request: migrations, and what the records say at every start. */
async function prepareDatabase(db: Db, config: Readonly<Config>, logger: Logger): Promise<void> {
  // A database from a newer Lumbung is refused before anything is read from it.
  await migrateToLatest(db);
  // What follows looks at every unit's records (each commodity and logo belongs to one unit).
  await installationWide(() => checkRecordsAtStart(db, config, logger));
}

async function checkRecordsAtStart(db: Db, config: Readonly<Config>, logger: Logger): Promise<void> {
  // Records from before every date was checked: said at every start, never changed.
  const warning = await negativeStockWarning(db);
  if (warning) logger.warn(warning);
  const logos = await normaliseStoredLogos(db, fileStoreFor(db, config));
  if (logos.unreadable.length)
    logger.warn({ files: logos.unreadable }, 'logo kop surat hilang atau tidak dapat dibaca: kop dicetak tanpa logo');
}

/**
 * WORKERS=N on PostgreSQL: the database prepared once here, then N processes sharing the port
 * (node's cluster module hands each connection to one of them). A worker that dies is replaced; a
 * worker that cannot start stops the whole server, with its own message already printed.
 */
async function runWorkers(config: Readonly<Config>, logger: Logger): Promise<void> {
  const conn = await openPostgresChecked(config, logger);
  await prepareDatabase(conn.db, config, logger);
  // Kept open (one connection at most in use) for the daily backup, made here once, not by every worker.
  const scheduler = startBackupScheduler({ db: conn.db, paths: config, logger });
  let stopping = false;
  // The first workers: one that dies before any of them answers failed to start, and the others
  // would too. Once one answers, the start has worked: a later death is a crash, and is replaced
  // (a worker killed while its sibling was still starting once stopped a serving server).
  const firstGeneration = new Set<number>();
  let replacedRecently = 0;
  const fork = (first: boolean) => {
    const worker = cluster.fork();
    if (first) {
      firstGeneration.add(worker.id);
      worker.once('listening', () => firstGeneration.clear());
    }
  };
  const finish = async (code: number) => {
    // A backup in progress (pg_dump) is finished before the process goes.
    await scheduler.stop().catch(() => undefined);
    await conn.close().catch(() => undefined);
    process.exit(code);
  };
  for (let i = 0; i < config.workers; i++) fork(true);
  logger.info(`${config.workers} proses server dimulai`);
  cluster.on('exit', (worker, code, signal) => {
    const alive = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (alive === 0) void finish(Number(process.exitCode ?? 0));
      return;
    }
    if (firstGeneration.has(worker.id)) {
      stopping = true;
      process.exitCode = 1;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (alive === 0) void finish(1);
      return;
    }
    // A worker that died later (a crash, the memory limit) is replaced, more slowly if it keeps happening.
    logger.error(`proses server ${worker.process.pid} berhenti (${signal ?? `kode ${code}`}); diganti dengan yang baru`);
    replacedRecently++;
    setTimeout(() => replacedRecently--, 60_000).unref();
    setTimeout(() => !stopping && fork(false), Math.min(30_000, 250 * 2 ** Math.min(replacedRecently, 7))).unref();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) void finish(0);
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function warnNotPrivate(config: Readonly<Config>, logger: Logger): void {
  const notPrivate = makeDataPrivate(config);
  if (notPrivate.length) logger.warn({ files: notPrivate }, 'izin berkas data tidak dapat dibatasi untuk pemiliknya saja');
}

/** The SQLite file in DATA_DIR: one server at a time (the DATA_DIR lock), writable, sound. */
function openSqliteChecked(config: Readonly<Config>, logger: Logger) {
  const lock = lockDataDir(config.dataDir);
  refuseReadOnlyDatabase(config.dbFile);
  // After the read-only check: a file made read-only on purpose is refused, not quietly made writable.
  warnNotPrivate(config, logger);
  // A damaged file stops here with one line naming the restore command (PRAGMA quick_check).
  return { ...openCheckedDatabase(config.dbFile, config.backupsDir), lock };
}

/**
 * PostgreSQL: reachable and new enough, said in one line when not. No DATA_DIR lock: several
 * processes share DATA_DIR there; the database keeps them consistent.
 */
async function openPostgresChecked(config: Readonly<Config>, logger: Logger) {
  warnNotPrivate(config, logger);
  const { openPostgresChecked, holdServerLock } = await import('./db/postgres.ts');
  const conn = await openPostgresChecked(config.databaseUrl!);
  // Held for the server's life: `npm run restore` is refused while it runs.
  const release = await holdServerLock(config.databaseUrl!);
  return { ...conn, lock: { release: () => void release() } };
}

main().catch((err: unknown) => {
  // A bad setting is one clear line, not a stack trace.
  if (err instanceof ConfigError) console.error(`Lumbung tidak dapat dimulai: ${err.message}`);
  else console.error('Lumbung tidak dapat dimulai:', err instanceof Error ? err.message : err);
  process.exit(1);
});
