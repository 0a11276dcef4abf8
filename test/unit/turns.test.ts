// SQLite's queries resolve at once: a request awaiting many of them in a row (the monthly report's
// forty, or a Promise.all of them) never gave the event loop a turn, and every other request waited
// for all of it (issue 19). The driver lets others through once a turn has run past its budget.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { TURN_BUDGET_MS } from '../../src/lib/turns.ts';
import { worstWait } from '../support/event-loop.ts';

let conn: Connection;
beforeAll(() => {
  conn = openDatabase(':memory:');
});
afterAll(() => conn.close());

/** A query of about 2 ms. */
const slowQuery = (db: Kysely<Database> = conn.db) =>
  sql<{ n: number }>`with recursive c(i) as (select 1 union all select i + 1 from c where i < 20000) select count(*) as n from c`.execute(
    db,
  );

it('queries awaited one after another let a timer run every turn budget or so', async () => {
  await slowQuery();
  const { worst, total } = await worstWait(async () => {
    for (let i = 0; i < 60; i++) await slowQuery();
  });
  // Without the driver's turns the timer waited the whole run (over 100 ms).
  expect(total).toBeGreaterThan(6 * TURN_BUDGET_MS);
  expect(worst).toBeLessThan(4 * TURN_BUDGET_MS);
});

it('queries queued together by Promise.all let it run too, and all of them answer', async () => {
  const { worst, total } = await worstWait(async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => slowQuery()));
    expect(results.map((r) => r.rows[0]!.n)).toEqual(Array(60).fill(20000));
  });
  expect(total).toBeGreaterThan(6 * TURN_BUDGET_MS);
  expect(worst).toBeLessThan(4 * TURN_BUDGET_MS);
});

it('a transaction keeps its statements together: nothing of another request runs in between', async () => {
  await conn.db.schema.createTable('t').addColumn('n', 'integer').execute();
  const outside: string[] = [];
  const trx = conn.db.transaction().execute(async (tx) => {
    for (let i = 0; i < 40; i++) {
      await slowQuery(tx);
      await tx
        .insertInto('t' as never)
        .values({ n: i } as never)
        .execute();
    }
  });
  // Asked while the transaction runs: it waits for the connection until the commit.
  const count = (async () => {
    await new Promise((r) => setTimeout(r, 5));
    const rows = await sql<{ c: number }>`select count(*) as c from t`.execute(conn.db);
    outside.push(String(rows.rows[0]!.c));
  })();
  await Promise.all([trx, count]);
  expect(outside).toEqual(['40']);
});
