// `npm run check:stock`: lists every day on which a commodity's stock already ends below zero, for
// the admin to correct with a stock count. Only reads; exits 1 when such days exist (for scripts).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openConfigured } from '../db/connect.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { setDefaultUnitScope } from '../db/unit-scope.ts';
import { commandUnitScope } from '../features/units/units.service.ts';
import { negativeDayLine, negativeStockReport } from '../features/stock/stock.check.ts';

try {
  // Only reads: a wrong DATA_DIR must not quietly make an empty database.
  const config = loadConfig(process.env, { existingData: true });
  const conn = await openConfigured(config, { mustExist: true });
  const pending = await pendingMigrations(conn.db);
  if (pending.length)
    throw new Error(
      `basis data belum mutakhir (${pending.length} migrasi belum diterapkan). Jalankan dulu: npm run migrate (atau mulai server).`,
    );
  // `npm run check:stock -- --unit KODE` on an installation of several units.
  const { unit } = parseArgs({ options: { unit: { type: 'string' } } }).values;
  setDefaultUnitScope(await commandUnitScope(conn.db, unit));
  const { days, summary } = await negativeStockReport(conn.db);
  await conn.close();
  if (!days.length) {
    console.log('Stok setiap komoditas tidak pernah di bawah nol pada tanggal mana pun.');
  } else {
    console.log(`Stok di bawah nol pada ${days.length} hari:`);
    for (const d of days) console.log(`  ${negativeDayLine(d)}`);
    console.log(summary.join('\n'));
    console.log(
      'Perbaiki dengan stok opname pada tanggal pertama tiap komoditas (menu Stok → Stok opname), lalu jalankan perintah ini lagi. Perintah ini tidak mengubah apa pun.',
    );
    process.exitCode = 1;
  }
} catch (err) {
  console.error(
    `Pemeriksaan stok tidak dapat dijalankan: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(2);
}
