// `npm run seed:national`: fills a fresh database with the national demo — Ditjenpas, three Kanwil
// and their UPT (Rutan Blora as in seed:demo) — with users on every level (password lumbung-demo).
import { loadConfig } from '../config.ts';
import { refuseLostDatabase, refuseReadOnlyDatabase } from '../features/backups/backups.start.ts';
import { openConfigured } from '../db/connect.ts';
import { fileStoreFor } from '../db/file-store.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DEMO_PASSWORD } from '../features/demo/demo.service.ts';
import { seedNational } from '../features/demo/demo-national.ts';

const ROLE_WORDS = { admin: 'admin', petugas: 'petugas kebun', staf: 'staf distribusi', pimpinan: 'pimpinan' } as const;

try {
  const started = Date.now();
  // Never a fresh database in place of a lost one (see the server's start).
  const config = loadConfig(process.env, { beforeCreating: refuseLostDatabase });
  if (!config.databaseUrl) refuseReadOnlyDatabase(config.dbFile);
  const conn = await openConfigured(config);
  await migrateToLatest(conn.db);
  const done = await seedNational(conn.db, fileStoreFor(conn.db, config));
  await conn.close();
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dbFile;
  console.log(`Data demo nasional dibuat di ${where} dalam ${Math.round((Date.now() - started) / 1000)} detik:`);
  for (const u of done.units) {
    const figures =
      u.harvests === undefined
        ? ''
        : `: panen ${u.harvests}, pengeluaran ${u.outflows}, tanda terima ${u.receipts}, laporan final ${u.finals}`;
    console.log(`${'  '.repeat(u.depth)}- ${u.name} (${u.code})${figures}`);
  }
  if (done.loop?.length) {
    console.log('\nPelaporan ke Kanwil dan pusat:');
    for (const line of done.loop) console.log(`- ${line}`);
  }
  console.log(`\nPengguna (kata sandi "${DEMO_PASSWORD}", hanya untuk mencoba):`);
  const width = Math.max(...done.users.map((u) => u.username.length));
  for (const u of done.users) console.log(`- ${u.username.padEnd(width)}  ${u.roles.map((r) => ROLE_WORDS[r]).join(', ')} — ${u.unit}`);
} catch (err) {
  console.error(`Data demo nasional tidak dibuat: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
