// The Database type (src/db/database.ts) and the migrated schema say the same thing: every table
// and column of the migrations is in the type, and nothing in the type is missing from them. The
// type is read from its source, since a TypeScript interface does not exist at run time.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/engine.ts';
import { UNIT_TABLES } from '../../src/db/unit-scope.ts';

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

/**
 * Table name → its columns, as the migrated database's own catalogue says (not Kysely's
 * introspection, which the app uses itself): SQLite's table_info, PostgreSQL's information_schema.
 */
async function migrated(): Promise<Map<string, string[]>> {
  const { rows } =
    testEngine === 'sqlite'
      ? await sql<{ table_name: string; column_name: string }>`
          select m.name as table_name, c.name as column_name
          from sqlite_master m, pragma_table_info(m.name) c
          where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'`.execute(t.db)
      : await sql<{ table_name: string; column_name: string }>`
          select c.table_name, c.column_name
          from information_schema.columns c
          join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
          where c.table_schema = current_schema() and tb.table_type = 'BASE TABLE' and c.table_name not like 'kysely_%'`.execute(t.db);
  const tables = new Map<string, string[]>();
  for (const r of rows) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r.column_name]);
  for (const columns of tables.values()) columns.sort();
  return tables;
}

describe('the Database type and the migrated schema', () => {
  it('declare the same tables with the same columns', async () => {
    const type = declared();
    expect(type.size).toBeGreaterThan(20);
    const schema = await migrated();
    const tables = [...schema.keys()].sort();
    expect(tables).toEqual([...type.keys()].sort());
    for (const table of tables) expect(schema.get(table), table).toEqual(type.get(table));
  });

  it('give a unit_id to exactly the tables the unit scope limits (src/db/unit-scope.ts)', async () => {
    const schema = await migrated();
    const withUnit = [...schema].filter(([, columns]) => columns.includes('unit_id')).map(([table]) => table);
    expect(withUnit.sort()).toEqual([...UNIT_TABLES].sort());
  });
});
