// Another server process's write, for the tests of state shared between processes: records one
// harvest through the service on the database the environment names (DATA_DIR, or DATABASE_URL).
// Run: node --import tsx test/support/one-harvest.ts <userId> <locationId> <commodityId> <grams>
import { loadConfig } from '../../src/config.ts';
import { openConfigured } from '../../src/db/connect.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { token } from './app.ts';

const [userId, locationId, commodityId, grams] = process.argv.slice(2).map(Number);
const conn = await openConfigured(loadConfig(process.env, { existingData: true }));
await createHarvest(
  conn.db,
  {
    commodity_id: commodityId!,
    location_id: locationId!,
    weight_g: grams!,
    heads: null,
    grade: null,
    // Yesterday: today's 07.00 is still ahead between midnight and 7 in Jakarta.
    harvest_date: wibDate(new Date(Date.now() - 86_400_000)),
    harvest_time: '07:00',
    workers: [],
    note: null,
    form_token: token(),
  },
  userId!,
);
await conn.close();
