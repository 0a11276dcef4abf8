// `npm run restore -- FILE`: replaces DATA_DIR/lumbung.db with a backup from DATA_DIR/backups/ after
// checking it; refused while the server has the database open. The old file is kept beside it.
import { ConfigError, loadConfig } from '../config.ts';
import { formatDateTime } from '../lib/format.ts';
import path from 'node:path';
import { RestoreError, formatSize, listBackups, resolveRestoreFile, restoreBackup } from '../features/backups/backups.service.ts';

try {
  const config = loadConfig();
  const arg = process.argv[2];
  if (!arg) {
    const list = listBackups(config.backupsDir);
    console.error('Pakai: npm run restore -- <berkas cadangan>   (hentikan server Lumbung dahulu)');
    console.error(
      list.length
        ? `Cadangan di ${config.backupsDir}, terbaru dahulu:\n${list.map((b) => `  ${b.name}  ${formatDateTime(b.createdAt)}  ${formatSize(b.size)}`).join('\n')}`
        : `Belum ada cadangan di ${config.backupsDir}.`,
    );
    process.exit(1);
  }
  console.log('Pemulihan mengganti seluruh basis data; server Lumbung harus dihentikan dahulu.');
  if (config.databaseUrl) {
    const { restorePgBackup } = await import('../features/backups/backups.pg.ts');
    const file = resolveRestoreFile(arg, config.backupsDir);
    const r = await restorePgBackup(file, config.databaseUrl, config.backupsDir, config.backupKeep);
    console.log(`Dipulihkan dari ${path.basename(file)} (seluruh basis data PostgreSQL, termasuk logo dan foto).`);
    console.log(`Basis data sebelumnya disimpan sebagai ${r.keptAs}.`);
    console.log('Jalankan lagi server: npm start');
    process.exit(0);
  }
  const r = await restoreBackup(arg, config.dbFile, config.backupsDir, config.uploadsDir);
  console.log(`Dipulihkan dari ${r.from}: ${r.harvests} catatan panen, ${r.distributions} tanda terima.`);
  if (r.keptAs) console.log(`Basis data sebelumnya disimpan sebagai ${r.keptAs}.`);
  console.log(
    r.uploads === null
      ? `Cadangan ini dibuat sebelum logo dan foto ikut dicadangkan; folder unggahan ${config.uploadsDir} tidak diubah.`
      : `${r.uploads} berkas unggahan (logo, foto) dikembalikan ke ${config.uploadsDir}.`,
  );
  console.log('Jalankan lagi server: npm start');
} catch (err) {
  const known =
    err instanceof RestoreError || err instanceof ConfigError || (err instanceof Error && /^Pg(Restore|ToolMissing)Error$/.test(err.name));
  console.error(`Pemulihan dibatalkan: ${known || err instanceof Error ? (err as Error).message : String(err)}`);
  if (!known && err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
}
