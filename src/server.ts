// Entry: load config → open db → migrate → createApp → listen.
import { pino } from 'pino';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { markCleanStop, openCheckedDatabase } from './features/backups/backups.service.ts';
import { lockDataDir, refuseLostDatabase, refuseReadOnlyDatabase } from './features/backups/backups.start.ts';
import { migrateToLatest } from './db/migrate.ts';
import { warmUpReceipts } from './features/receipts/receipt.sample.ts';

async function main(): Promise<void> {
  // Each check stops the start with one line. A lost database beside backups, uploads or the
  // session secret is not taken for a new installation.
  const config = loadConfig(process.env, { beforeCreating: refuseLostDatabase });
  const logger = pino({ level: config.logLevel });
  const lock = lockDataDir(config.dataDir);
  refuseReadOnlyDatabase(config.dbFile);
  // A damaged file stops here with one line naming the restore command (PRAGMA quick_check).
  const conn = openCheckedDatabase(config.dbFile, config.backupsDir);
  // A database from a newer Lumbung is refused before anything is read from it.
  await migrateToLatest(conn.db);
  const app = createApp({ db: conn.db, config, logger });
  const server = app.listen(config.port);
  server.on('listening', () => {
    logger.info(`Lumbung berjalan di http://localhost:${config.port} (data: ${config.dataDir})`);
    // The first receipt printed at the desk should not wait for the PDF code to load and warm up.
    setTimeout(() => void warmUpReceipts().catch((err: unknown) => logger.warn({ err }, 'pemanasan PDF gagal')), 1000).unref();
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    const msg = err.code === 'EADDRINUSE' ? `Port ${config.port} sudah dipakai program lain. Pilih PORT lain.` : err.message;
    console.error(`Lumbung tidak dapat dimulai: ${msg}`);
    process.exit(1);
  });
  const stop = () => {
    server.close(() => void conn.close().then(() => {
      // Closed cleanly: the next start may skip the full read of the file (see openCheckedDatabase).
      markCleanStop(config.dbFile);
      lock.release();
      process.exit(0);
    }));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  // A bad setting is one clear line, not a stack trace.
  if (err instanceof ConfigError) console.error(`Lumbung tidak dapat dimulai: ${err.message}`);
  else console.error('Lumbung tidak dapat dimulai:', err instanceof Error ? err.message : err);
  process.exit(1);
});
