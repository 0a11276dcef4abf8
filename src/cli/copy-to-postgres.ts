// `DATABASE_URL=postgres://… npm run copy:pg`: the unit's SQLite database (DATA_DIR/lumbung.db)
// and its uploaded photos and logo copied whole into an empty PostgreSQL database, for a unit that
// moves onto a central server.
// The SQLite file is only read; stop the unit's server first so nothing is written meanwhile.
import { ConfigError, loadConfig } from '../config.ts';
import { copySqliteToPostgres } from '../db/copy-to-postgres.ts';

try {
  const config = loadConfig(process.env, { existingData: true });
  if (!config.databaseUrl) throw new Error('isi DATABASE_URL dengan alamat basis data PostgreSQL tujuan (baru dan kosong).');
  const r = await copySqliteToPostgres(config.dbFile, config.databaseUrl, (line) => console.log(`  ${line}`), config.uploadsDir);
  console.log(`Disalin: ${r.tables} tabel, ${r.rows.toLocaleString('id-ID')} baris, dalam ${r.seconds.toFixed(1)} detik.`);
  console.log('Jalankan server dengan DATABASE_URL yang sama. Berkas SQLite tidak diubah.');
} catch (err) {
  console.error(`Salinan ke PostgreSQL tidak dibuat: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
