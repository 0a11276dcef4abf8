// A bare unit for the dated-ledger tests: an admin holding every role, a letterhead and head (handovers
// need them), a plot and a pond; and a way to empty the ledger between histories.
import { ROLES } from '../../src/db/database.ts';
import type { Db } from '../../src/db/connect.ts';
import { addLocation, addUser, type TestApp } from './app.ts';
import { setUpLetterhead } from './fuzz-world.ts';

export async function ledgerWorld(t: TestApp) {
  const admin = await addUser(t.db, 'admin', [...ROLES]);
  await setUpLetterhead(t, admin);
  return {
    admin,
    actor: { id: admin, roles: [...ROLES] as string[] },
    plot: await addLocation(t.db, 'Lahan A'),
    pond: await addLocation(t.db, 'Kolam 1', 'kolam'),
  };
}

/** Every record that moves stock, and the totals kept from them: a new history starts from nothing. */
export async function clearLedger(db: Db): Promise<void> {
  for (const table of [
    'stock_movements',
    'stock_month_totals',
    'stock_day_totals',
    'distribution_items',
    'distributions',
    'outflows',
    'stock_counts',
    'harvest_workers',
    'harvests',
    'receipt_counters',
  ] as const) {
    await db.deleteFrom(table).execute();
  }
}
