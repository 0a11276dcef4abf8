// The data cache's version moves when a write commits, by the database layer itself: not when
// a write rolls back, not on reads, and also when another process commits to the same file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connect.ts';
import { cached, dataVersion } from '../../src/lib/data-cache.ts';

let dir: string;
let c: Connection;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-cache-'));
  c = openDatabase(path.join(dir, 'lumbung.db'));
  c.sqlite.exec('create table t (id integer primary key, v text)');
  c.sqlite.exec('create table sessions (sid text primary key, data text, expires_at text)');
});
afterAll(async () => {
  await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) => sql`insert into t (v) values (${v})`;

describe('the cache version follows commits', () => {
  it('a committed write moves it, with no call from the code that wrote', async () => {
    const before = await dataVersion();
    await c.db.transaction().execute(async (trx) => {
      await insert('a').execute(trx);
      // Not yet committed: pages cached now must not be thrown away for a write that may roll back.
      expect(await dataVersion()).toBe(before);
    });
    expect(await dataVersion()).not.toBe(before);
  });

  it('a rolled-back write leaves it where it was', async () => {
    const before = await dataVersion();
    await expect(
      c.db.transaction().execute(async (trx) => {
        await insert('b').execute(trx);
        throw new Error('stok tidak cukup');
      }),
    ).rejects.toThrow('stok tidak cukup');
    expect(await dataVersion()).toBe(before);
    expect((await sql<{ n: number }>`select count(*) as n from t where v = 'b'`.execute(c.db)).rows[0]!.n).toBe(0);
  });

  it('reads and read-only transactions leave it; a write outside a transaction moves it', async () => {
    const before = await dataVersion();
    await sql`select * from t`.execute(c.db);
    await c.db.transaction().execute(async (trx) => sql`select count(*) from t`.execute(trx));
    expect(await dataVersion()).toBe(before);
    await insert('c').execute(c.db);
    expect(await dataVersion()).not.toBe(before);
  });

  it('a session touched or saved (once a minute per user, every flash) leaves it', async () => {
    const before = await dataVersion();
    await c.db
      .insertInto('sessions' as never)
      .values({ sid: 'a', data: '{}', expires_at: '2099-01-01' } as never)
      .execute();
    await c.db
      .updateTable('sessions' as never)
      .set({ expires_at: '2099-01-02' } as never)
      .execute();
    await c.db.deleteFrom('sessions' as never).execute();
    expect(await dataVersion()).toBe(before);
    // …and a data write after it still moves it.
    await insert('s').execute(c.db);
    expect(await dataVersion()).not.toBe(before);
  });

  it('a cached figure is computed again after a commit, and only then', async () => {
    let runs = 0;
    const count = () =>
      cached('t-count', async () => {
        runs++;
        return (await sql<{ n: number }>`select count(*) as n from t`.execute(c.db)).rows[0]!.n;
      });
    const first = await count();
    expect(await count()).toBe(first);
    expect(runs).toBe(1);
    await c.db.transaction().execute(async (trx) => insert('d').execute(trx));
    expect(await count()).toBe(first + 1);
    expect(runs).toBe(2);
  });

  it('a commit by another process on the same file moves it', async () => {
    const before = await dataVersion();
    const other = openDatabase(path.join(dir, 'lumbung.db'));
    // Another connection stands for another process: its own commits bump this process's counter
    // only through SQLite's data_version, read by the first connection.
    other.sqlite.prepare("insert into t (v) values ('e')").run();
    await other.close();
    expect(await dataVersion()).not.toBe(before);
  });
});
