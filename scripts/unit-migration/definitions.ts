// Every table's definition as lines (each column with its type, NOT NULL and default; each key,
// reference with its ON DELETE, and index with its UNIQUE and partial WHERE), with the unit's
// column taken out of them, so that a table the units migration rebuilt (SQLite) or altered
// (PostgreSQL) can be held to its old definition line by line: every old line must still be there.
// A line is the engine's own wording, so lines are compared on one engine only.
import { sql, type RawBuilder } from 'kysely';
import type { AnyDb } from './figures.ts';

/** The definition lines of `tables`, sorted. */
export async function definitionsOf(db: AnyDb, tables: string[], engine: 'sqlite' | 'postgres'): Promise<string[]> {
  const lines = engine === 'sqlite' ? await sqliteDefinitions(db, tables) : await postgresDefinitions(db, tables);
  return lines.sort();
}

async function sqliteDefinitions(db: AnyDb, tables: string[]): Promise<string[]> {
  const q = async <T>(query: RawBuilder<T>) => (await query.execute(db)).rows;
  const out: string[] = [];
  for (const table of tables) {
    type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
    for (const c of await q(sql<Column>`select * from pragma_table_info(${table})`))
      if (c.name !== 'unit_id')
        out.push(
          `${table}.${c.name} ${c.type}${c.notnull ? ' not null' : ''}${c.dflt_value === null ? '' : ` default ${c.dflt_value}`}${c.pk ? ' primary key' : ''}`,
        );
    type Reference = { id: number; table: string; from: string; to: string; on_delete: string; on_update: string };
    const references = new Map<number, Reference[]>();
    for (const f of await q(sql<Reference>`select * from pragma_foreign_key_list(${table}) order by id, seq`))
      references.set(f.id, [...(references.get(f.id) ?? []), f]);
    for (const pairs of references.values()) {
      const own = pairs.filter((p) => p.from !== 'unit_id');
      if (own.length)
        out.push(
          `${table} references (${own.map((p) => p.from).join(', ')}) → ${pairs[0]!.table} (${own.map((p) => p.to).join(', ')}) on delete ${pairs[0]!.on_delete} on update ${pairs[0]!.on_update}`,
        );
    }
    for (const i of await q(sql<{ name: string; unique: number }>`select * from pragma_index_list(${table})`)) {
      const columns = (await q(sql<{ name: string }>`select name from pragma_index_info(${i.name}) order by seqno`))
        .map((c) => c.name)
        .filter((c) => c !== 'unit_id');
      const [def] = await q(sql<{ sql: string | null }>`select sql from sqlite_master where name = ${i.name}`);
      const where = / where .*$/is.exec(def?.sql ?? '')?.[0] ?? '';
      out.push(`${table} ${i.unique ? 'unique ' : ''}index (${columns.join(', ')})${where}`);
    }
  }
  return out;
}

/** `(unit_id, a)` → `(a)`: a key, reference or index as it was before the unit led it. */
const withoutUnit = (def: string) => def.replace(/\(unit_id, /g, '(');

async function postgresDefinitions(db: AnyDb, tables: string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ t: string; c: string; type: string; nullable: string; dflt: string | null }>`
    select table_name as t, column_name as c, data_type || coalesce('(' || character_maximum_length || ')', '') as type,
           is_nullable as nullable, column_default as dflt
    from information_schema.columns where table_schema = current_schema() and table_name = any(${tables})`.execute(db);
  const { rows: keys } = await sql<{ t: string; def: string }>`
    select conrelid::regclass::text as t, pg_get_constraintdef(oid) as def from pg_constraint
    where connamespace = current_schema()::regnamespace and conrelid::regclass::text = any(${tables})`.execute(db);
  const { rows: indexes } = await sql<{ t: string; def: string }>`
    select tablename as t, indexdef as def from pg_indexes where schemaname = current_schema() and tablename = any(${tables})`.execute(db);
  return [
    ...columns
      .filter((c) => c.c !== 'unit_id')
      .map((c) => `${c.t}.${c.c} ${c.type}${c.nullable === 'NO' ? ' not null' : ''}${c.dflt === null ? '' : ` default ${c.dflt}`}`),
    ...keys.filter((k) => !/^FOREIGN KEY \(unit_id\) REFERENCES units\(id\)$/.test(k.def)).map((k) => `${k.t} ${withoutUnit(k.def)}`),
    // Without its name, as SQLite's lines are: a table made anew and renamed (0022) keeps its new indexes' names.
    ...indexes.map((i) => withoutUnit(i.def.replace(/^(CREATE (UNIQUE )?INDEX) \S+ ON /, '$1 ON '))),
  ];
}
