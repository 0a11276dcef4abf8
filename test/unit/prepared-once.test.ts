// The SQLite connection prepares a statement once per SQL text and runs it again: fewer statements
// waiting for the garbage collector, less compiling. It must answer exactly as a fresh statement.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connect.ts';

let dir: string;
let c: Connection;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-prepared-'));
  c = openDatabase(path.join(dir, 'lumbung.db'));
  c.sqlite.exec('create table t (id integer primary key, v text not null)');
});
afterAll(async () => {
  await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byValue = (v: string) => sql<{ id: number; v: string }>`select id, v from t where v = ${v} order by id`;

describe('statements prepared once', () => {
  it('the same SQL with other values is prepared once and answers each call', async () => {
    const prepare = vi.spyOn(c.sqlite, 'prepare');
    try {
      for (const v of ['a', 'b', 'a']) await sql`insert into t (v) values (${v})`.execute(c.db);
      const a = await byValue('a').execute(c.db);
      const b = await byValue('b').execute(c.db);
      expect(a.rows.map((r) => r.v)).toEqual(['a', 'a']);
      expect(b.rows.map((r) => r.v)).toEqual(['b']);
      const texts = prepare.mock.calls.map(([text]) => text);
      expect(texts.filter((t) => t.startsWith('insert into t'))).toHaveLength(1);
      expect(texts.filter((t) => t.startsWith('select id, v from t'))).toHaveLength(1);
    } finally {
      prepare.mockRestore();
    }
  });

  it('a write answers its changed rows and new id, as Kysely expects', async () => {
    const r = await c.db.transaction().execute((trx) => sql`insert into t (v) values (${'c'})`.execute(trx));
    expect(r.numAffectedRows).toBe(1n);
    expect(Number(r.insertId)).toBeGreaterThan(0);
    const u = await sql`update t set v = ${'z'} where v = ${'nothing'}`.execute(c.db);
    expect(u.numAffectedRows).toBe(0n);
  });

  it('a streamed read gets a statement of its own and answers as the kept one does', async () => {
    const query = c.db
      .selectFrom('t' as never)
      .select(['v' as never])
      .orderBy('id' as never);
    const before = (await query.execute()).map((r) => (r as { v: string }).v);
    const streamed: string[] = [];
    for await (const row of query.stream()) streamed.push((row as { v: string }).v);
    expect(streamed).toEqual(before);
    // The kept statement still answers after the stream has finished with its own.
    expect((await query.execute()).map((r) => (r as { v: string }).v)).toEqual(before);
  });

  it('an error in one run leaves the kept statement usable', async () => {
    const insert = (v: string | null) => sql`insert into t (v) values (${v})`.execute(c.db);
    await expect(insert(null)).rejects.toThrow(/NOT NULL/);
    await expect(insert('after')).resolves.toBeDefined();
    expect((await byValue('after').execute(c.db)).rows).toHaveLength(1);
  });

  it('keeps a bounded number of statements: many distinct texts still run correctly', async () => {
    for (let i = 0; i < 700; i++) {
      const r = await sql<{ n: number }>`select ${sql.raw(String(i))} + ${1} as n`.execute(c.db);
      expect(r.rows[0]!.n).toBe(i + 1);
    }
    // The first texts were let go and are prepared again on their next use.
    expect((await sql<{ n: number }>`select ${sql.raw('0')} + ${1} as n`.execute(c.db)).rows[0]!.n).toBe(1);
  });
});
