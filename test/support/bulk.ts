// Many rows written straight into a table, for tests that need a large register or ledger.
import type { Insertable } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';

/**
 * Inserts the rows in order through Kysely, a chunk per statement: PostgreSQL takes at most 65 535
 * parameters in one statement (SQLite 32 766), so 1 000 rows of up to 30 columns fit either way.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
  chunk = 1000,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += chunk)
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + chunk) as never)
        .execute();
  });
}
