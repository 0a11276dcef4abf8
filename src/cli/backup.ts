// `npm run backup`: an online, checked copy of DATA_DIR/lumbung.db into DATA_DIR/backups/, keeping
// the last BACKUP_KEEP. Safe while the server runs (for a daily cron job or a scheduled task).
import { ConfigError, loadConfig } from '../config.ts';
import { createBackup, formatSize } from '../features/backups/backups.service.ts';

try {
  const config = loadConfig();
  const made = await createBackup(config.dbFile, config.backupsDir, config.backupKeep);
  console.log(`Cadangan dibuat dan diperiksa utuh: ${made.file} (${formatSize(made.size)}).`);
  if (made.pruned.length) console.log(`Dihapus (disimpan ${config.backupKeep} terakhir): ${made.pruned.join(', ')}`);
} catch (err) {
  console.error(`Cadangan tidak dibuat: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
