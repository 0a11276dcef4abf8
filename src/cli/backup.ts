// `npm run backup`: an online, checked copy of the database into DATA_DIR/backups/, keeping the last
// BACKUP_KEEP; the outcome is recorded for the Cadangan page. Safe while the server runs, which
// makes the daily one itself. SQLite: a copy of DATA_DIR/lumbung.db with the uploaded logo and
// photos inside; PostgreSQL (DATABASE_URL): a pg_dump of the whole database, files included.
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config.ts';
import { openConfigured } from '../db/connect.ts';
import { runBackup } from '../features/backups/backups.runs.ts';
import { formatSize } from '../features/backups/backups.service.ts';

try {
  const config = loadConfig();
  if (!config.databaseUrl && !fs.existsSync(config.dbFile)) throw new Error(`Belum ada basis data di ${config.dbFile}.`);
  const conn = await openConfigured(config, { mustExist: true });
  const r = await runBackup(conn.db, config, 'perintah').finally(() => conn.close());
  if (!r.ok) throw r.error;
  console.log(`Cadangan dibuat dan diperiksa utuh: ${r.made.file} (${formatSize(r.made.size)}).`);
  if (r.made.pruned.length) console.log(`Dihapus (disimpan ${config.backupKeep} terakhir): ${r.made.pruned.join(', ')}`);
} catch (err) {
  console.error(`Cadangan tidak dibuat: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
