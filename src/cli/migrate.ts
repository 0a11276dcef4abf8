// `npm run migrate`: applies pending migrations to DATA_DIR/lumbung.db and lists them.
import { ConfigError, loadConfig } from '../config.ts';
import { refuseLostDatabase, refuseReadOnlyDatabase } from '../features/backups/backups.start.ts';
import { openConfigured } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { installationWide } from '../db/unit-scope.ts';
import { negativeStockWarning } from '../features/stock/stock.check.ts';

try {
  // Never a fresh database in place of a lost one (see the server's start).
  const config = loadConfig(process.env, { beforeCreating: refuseLostDatabase });
  if (!config.databaseUrl) refuseReadOnlyDatabase(config.dbFile);
  const conn = await openConfigured(config);
  const result = await migrateToLatest(conn.db);
  const applied = result.results ?? [];
  console.log(
    applied.length
      ? applied.map((r) => `${r.status === 'Success' ? 'diterapkan' : r.status}: ${r.migrationName}`).join('\n')
      : 'Basis data sudah mutakhir.',
  );
  // Records from before every date was checked: said, never changed.
  const warning = await installationWide(() => negativeStockWarning(conn.db));
  if (warning) console.warn(warning);
  await conn.close();
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
}
