// A second process that records harvests through the service, one every few milliseconds, until
// killed: the backup test copies the database while this writes. Prints the running count on stdout.
// (Not in a tight loop: a writer that takes the lock again the instant it lets go starves the
// other process's busy wait, which polls, past its timeout — no real client writes like that.)
// Run: node --import tsx test/support/harvest-writer.ts <dbFile> <userId> <locationId>
import { openDatabase } from '../../src/db/connect.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { token } from './app.ts';

const [dbFile, userId, locationId] = process.argv.slice(2);
const conn = openDatabase(dbFile!);
for (let n = 1; ; n++) {
  await createHarvest(
    conn.db,
    {
      commodity_id: 1 + (n % 4),
      location_id: Number(locationId),
      weight_g: 100 + (n % 997),
      heads: n % 4 === 3 ? 1 + (n % 20) : null,
      grade: null,
      harvest_date: '2026-01-05',
      harvest_time: '07:00',
      workers: [],
      note: null,
      form_token: token(),
    },
    Number(userId),
  );
  if (n % 25 === 0) process.stdout.write(`${n}\n`);
  await new Promise((r) => setTimeout(r, 3));
}
