// `npm run seed:demo`: fills a fresh database in DATA_DIR with demo data (password lumbung-demo).
import { loadConfig } from '../config.ts';
import { refuseLostDatabase, refuseReadOnlyDatabase } from '../features/backups/backups.start.ts';
import { openConfigured } from '../db/connect.ts';
import { fileStoreFor } from '../db/file-store.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DEMO_PASSWORD, seedDemo } from '../features/demo/demo.service.ts';

try {
  // Never a fresh database in place of a lost one (see the server's start).
  const config = loadConfig(process.env, { beforeCreating: refuseLostDatabase });
  if (!config.databaseUrl) refuseReadOnlyDatabase(config.dbFile);
  const conn = await openConfigured(config);
  await migrateToLatest(conn.db);
  const done = await seedDemo(conn.db, fileStoreFor(conn.db, config));
  await conn.close();
  console.log(`Data demo dibuat di ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dbFile}:\n- ${done.join('\n- ')}`);
  console.log(`Masuk sebagai admin, petugas, staf atau pimpinan dengan kata sandi "${DEMO_PASSWORD}" (hanya untuk mencoba).`);
} catch (err) {
  console.error(`Data demo tidak dibuat: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
