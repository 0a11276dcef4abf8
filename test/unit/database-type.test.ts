// The Database type (src/db/database.ts) and the migrated schema say the same thing: every table
// and column of the migrations is in the type, and nothing in the type is missing from them. The
// type is read from its source, since a TypeScript interface does not exist at run time.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

/** Table name → its columns, as the Database interface declares them. */
function declared(): Map<string, string[]> {
  const src = fs.readFileSync(path.resolve('src/db/database.ts'), 'utf8');
  const body = (name: string) => {
    const m = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(src);
    if (!m) throw new Error(`interface ${name} not found`);
    return m[1]!;
  };
  const tables = new Map<string, string[]>();
  for (const [, table, iface] of body('Database').matchAll(/^\s+(\w+): (\w+);/gm)) {
    tables.set(table!, [...body(iface!).matchAll(/^\s+(\w+)\??:/gm)].map((c) => c[1]!).sort());
  }
  return tables;
}

describe('the Database type and the migrated schema', () => {
  it('declare the same tables with the same columns', () => {
    const type = declared();
    expect(type.size).toBeGreaterThan(20);
    const tables = (
      t.sqlite
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'")
        .all() as Array<{ name: string }>
    )
      .map((r) => r.name)
      .sort();
    expect(tables).toEqual([...type.keys()].sort());
    for (const table of tables) {
      const columns = (t.sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as Array<{ name: string }>)
        .map((c) => c.name)
        .sort();
      expect(columns, table).toEqual(type.get(table));
    }
  });
});
