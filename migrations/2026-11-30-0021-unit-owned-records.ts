// Every business record belongs to one unit: a `unit_id` on each of the unit's tables, given to the
// installation's one unit (the first id). Each reference between two of them names the unit too
// (a composite foreign key to the parent's (unit_id, id)), so a record can never point at another
// unit's record, whatever the app does; every unique key and index leads with the unit.
//
// SQLite cannot add a foreign key or drop a column's UNIQUE in place: each table is rebuilt as its
// documentation says (foreign keys off, a new table from the old one's text, the rows copied, the
// old one dropped and the new one renamed, foreign_key_check, all in one transaction). PostgreSQL
// alters the tables in place, in the migration's transaction.
import { sql, type Kysely } from 'kysely';

/** The unit's tables (frozen here: a later table names its unit itself). */
const UNIT_TABLES = [
  'site_settings',
  'signatories',
  'audit_log',
  'nik_access_log',
  'commodities',
  'locations',
  'inmates',
  'harvests',
  'harvest_workers',
  'outflows',
  'stock_counts',
  'stock_movements',
  'recipients',
  'events',
  'event_photos',
  'packages',
  'package_items',
  'receipt_counters',
  'distributions',
  'distribution_items',
  'receipt_prints',
  'monthly_reports',
  'stock_month_totals',
  'stock_day_totals',
  'refused_entries',
] as const;

/** Unique keys that stay installation-wide: a receipt's verification link is opened with no login and no unit. */
const GLOBAL_UNIQUE_COLUMNS = new Set(['distributions.verify_token']);

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function up(db: Kysely<any>): Promise<void> {
  let unitId = (await db.selectFrom('units').select('id').orderBy('id').limit(1).executeTakeFirst())?.id ?? null;
  // A fresh installation already holds the default commodities: they belong to the unit the
  // first-run page will name (src/features/units/units.service.ts, createFirstUnit).
  if (unitId === null && (await holdsRecords(db))) {
    const now = new Date().toISOString();
    unitId = (
      await db
        .insertInto('units')
        .values({
          parent_id: null,
          kind: 'upt',
          upt_type: 'lainnya',
          code: 'UNIT',
          name: 'Unit',
          active: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as number;
  }
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (isPostgres) await upPostgres(db, unitId);
  else await upSqlite(db, unitId);
}

async function holdsRecords(db: Kysely<any>): Promise<boolean> {
  for (const t of UNIT_TABLES) if (await db.selectFrom(t).select('id').limit(1).executeTakeFirst()) return true;
  return false;
}

export async function down(db: Kysely<any>): Promise<void> {
  // The records of several units cannot be put back into one unit's tables.
  for (const t of UNIT_TABLES) {
    const { rows } = await sql<{ n: number }>`select count(distinct unit_id) as n from ${sql.table(t)}`.execute(db);
    if (Number(rows[0]!.n) > 1) throw new Error(`tabel ${t} berisi data beberapa unit: migrasi unit tidak dapat dibatalkan`);
  }
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (isPostgres) await downPostgres(db);
  else await downSqlite(db);
}

// ---------------------------------------------------------------------------------------------
// SQLite

interface SqliteForeignKey {
  table: string;
  from: string;
  to: string;
}

async function upSqlite(db: Kysely<any>, unitId: number | null): Promise<void> {
  // Outside any transaction (SQLite ignores the pragma inside one); Kysely runs SQLite's migrations without one.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const scoped = new Set<string>(UNIT_TABLES);
      const fks = new Map<string, SqliteForeignKey[]>();
      for (const t of UNIT_TABLES) {
        const { rows } = await sql<SqliteForeignKey>`select "table", "from", "to" from pragma_foreign_key_list(${t})`.execute(trx);
        fks.set(
          t,
          rows.filter((r) => scoped.has(r.table)),
        );
      }
      const parents = new Set([...fks.values()].flat().map((f) => f.table));
      for (const table of UNIT_TABLES) await rebuildSqliteTable(trx, table, fks.get(table)!, unitId);
      for (const parent of parents)
        await sql.raw(`create unique index ${q(`${parent}_unit_id_id`)} on ${q(parent)} ("unit_id", "id")`).execute(trx);
      const { rows: broken } = await sql<{ table: string }>`select "table" from pragma_foreign_key_check`.execute(trx);
      if (broken.length) throw new Error(`rujukan rusak setelah migrasi unit: ${[...new Set(broken.map((b) => b.table))].join(', ')}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuildSqliteTable(db: Kysely<any>, table: string, fks: SqliteForeignKey[], unitId: number | null): Promise<void> {
  const { rows: defs } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table} and type in ('table', 'index')`.execute(db);
  const create = defs.find((d) => d.type === 'table')!.sql!;
  const indexes = defs.filter((d) => d.type === 'index' && d.sql);
  const { rows: cols } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  const columns = cols.map((c) => c.name);

  const open = create.indexOf('(');
  let body = create.slice(open + 1, create.lastIndexOf(')'));
  const extraUniques: string[][] = [];
  // A column's own UNIQUE becomes a key that begins with the unit (kept only where it must stay installation-wide).
  body = body.replace(/"(\w+)" ([^,]*?) unique(?=,|$)/g, (whole, col: string, rest: string) => {
    if (GLOBAL_UNIQUE_COLUMNS.has(`${table}.${col}`)) return whole;
    extraUniques.push([col]);
    return `"${col}" ${rest}`;
  });
  // A table's UNIQUE (…) begins with the unit.
  body = body.replace(/unique \(/g, 'unique ("unit_id", ');
  // A reference to another of the unit's tables names the unit too.
  const composite: string[] = [];
  for (const fk of fks) {
    const re = new RegExp(`("${fk.from}" [^,]*?) references "${fk.table}" \\("${fk.to}"\\)( on delete cascade)?`);
    body = body.replace(re, (_w, colDef: string, cascade: string | undefined) => {
      composite.push(`foreign key ("unit_id", "${fk.from}") references "${fk.table}" ("unit_id", "${fk.to}")${cascade ?? ''}`);
      return colDef;
    });
  }
  const idDef = '"id" integer primary key autoincrement, ';
  if (!body.startsWith(idDef)) throw new Error(`tabel ${table}: kolom id tidak seperti yang diharapkan`);
  body = `${idDef}"unit_id" integer not null references "units" ("id"), ${body.slice(idDef.length)}`;
  const temp = `${table}__units`;
  await sql.raw(`create table ${q(temp)} (${[body, ...composite].join(', ')})`).execute(db);
  const list = columns.map(q).join(', ');
  await sql.raw(`insert into ${q(temp)} ("unit_id", ${list}) select ${unitId ?? 'null'}, ${list} from ${q(table)}`).execute(db);
  const { rows: seq } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db);
  await sql.raw(`drop table ${q(table)}`).execute(db);
  await sql.raw(`alter table ${q(temp)} rename to ${q(table)}`).execute(db);
  // Ids are never given twice, even those of rows deleted before the rebuild.
  if (seq[0]) await sql`update sqlite_sequence set seq = cast(${seq[0].seq} as integer) where name = ${table}`.execute(db);
  for (const index of indexes) await sql.raw(index.sql!.replace(/ \("/, ' ("unit_id", "')).execute(db);
  for (const cols of extraUniques)
    await sql
      .raw(`create unique index ${q(`${table}_${cols.join('_')}_unique`)} on ${q(table)} ("unit_id", ${cols.map(q).join(', ')})`)
      .execute(db);
}

async function downSqlite(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      for (const t of UNIT_TABLES) await sql.raw(`drop index if exists ${q(`${t}_unit_id_id`)}`).execute(trx);
      for (const table of UNIT_TABLES) await unbuildSqliteTable(trx, table);
      const { rows: broken } = await sql<{ table: string }>`select "table" from pragma_foreign_key_check`.execute(trx);
      if (broken.length) throw new Error(`rujukan rusak: ${[...new Set(broken.map((b) => b.table))].join(', ')}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/** The rebuild undone: no unit column, references and keys without the unit (a column's UNIQUE stays a unique index). */
async function unbuildSqliteTable(db: Kysely<any>, table: string): Promise<void> {
  const { rows: defs } = await sql<{ type: string; sql: string | null }>`
    select type, sql from sqlite_master where tbl_name = ${table} and type in ('table', 'index')`.execute(db);
  let body = defs.find((d) => d.type === 'table')!.sql!;
  body = body.slice(body.indexOf('(') + 1, body.lastIndexOf(')'));
  body = body.replace('"unit_id" integer not null references "units" ("id"), ', '');
  const refs: Array<{ col: string; ref: string }> = [];
  body = body.replace(
    /, foreign key \("unit_id", "(\w+)"\) references "(\w+)" \("unit_id", "id"\)( on delete cascade)?/g,
    (_w, col: string, parent: string, cascade: string | undefined) => {
      refs.push({ col, ref: ` references "${parent}" ("id")${cascade ?? ''}` });
      return '';
    },
  );
  for (const r of refs) body = body.replace(new RegExp(`("${r.col}" [^,]*?)(?=, |$)`), `$1${r.ref}`);
  body = body.replace(/unique \("unit_id", /g, 'unique (');
  const { rows: cols } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  const list = cols
    .map((c) => c.name)
    .filter((c) => c !== 'unit_id')
    .map(q)
    .join(', ');
  const temp = `${table}__units`;
  await sql.raw(`create table ${q(temp)} (${body})`).execute(db);
  await sql.raw(`insert into ${q(temp)} (${list}) select ${list} from ${q(table)}`).execute(db);
  const { rows: seq } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = ${table}`.execute(db);
  await sql.raw(`drop table ${q(table)}`).execute(db);
  await sql.raw(`alter table ${q(temp)} rename to ${q(table)}`).execute(db);
  if (seq[0]) await sql`update sqlite_sequence set seq = cast(${seq[0].seq} as integer) where name = ${table}`.execute(db);
  for (const index of defs.filter((d) => d.type === 'index' && d.sql)) await sql.raw(index.sql!.replace('("unit_id", ', '(')).execute(db);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

async function upPostgres(db: Kysely<any>, unitId: number | null): Promise<void> {
  const tables = [...UNIT_TABLES];
  for (const t of tables) {
    await sql.raw(`alter table ${q(t)} add column "unit_id" integer references "units" ("id")`).execute(db);
    if (unitId !== null) await sql.raw(`update ${q(t)} set "unit_id" = ${Number(unitId)}`).execute(db);
    await sql.raw(`alter table ${q(t)} alter column "unit_id" set not null`).execute(db);
  }
  const { rows: cons } = await sql<{ table: string; name: string; type: string; def: string; parent: string | null }>`
    select c.conrelid::regclass::text as "table", c.conname as name, c.contype as type,
           pg_get_constraintdef(c.oid) as def, c.confrelid::regclass::text as parent
    from pg_constraint c
    where c.conrelid::regclass::text = any(${tables}) and c.contype in ('u', 'f')`.execute(db);
  const scoped = new Set<string>(tables);
  const fks = cons.filter((c) => c.type === 'f' && c.parent && scoped.has(c.parent));
  // Drop the references first: the parents' keys they stand on are replaced below.
  for (const fk of fks) await sql.raw(`alter table ${q(fk.table)} drop constraint ${q(fk.name)}`).execute(db);
  for (const u of cons.filter((c) => c.type === 'u')) {
    const cols = /^UNIQUE \((.*)\)$/.exec(u.def)?.[1];
    if (!cols) throw new Error(`kunci unik ${u.name} tidak dikenali: ${u.def}`);
    if (cols.split(', ').length === 1 && GLOBAL_UNIQUE_COLUMNS.has(`${u.table}.${cols}`)) continue;
    await sql.raw(`alter table ${q(u.table)} drop constraint ${q(u.name)}`).execute(db);
    await sql.raw(`alter table ${q(u.table)} add constraint ${q(u.name)} unique ("unit_id", ${cols})`).execute(db);
  }
  for (const parent of new Set(fks.map((f) => f.parent!)))
    await sql.raw(`alter table ${q(parent)} add constraint ${q(`${parent}_unit_id_id`)} unique ("unit_id", "id")`).execute(db);
  for (const fk of fks) {
    const m = /^FOREIGN KEY \((\w+)\) REFERENCES (\w+)\(id\)(.*)$/.exec(fk.def);
    if (!m) throw new Error(`rujukan ${fk.name} tidak dikenali: ${fk.def}`);
    await sql
      .raw(
        `alter table ${q(fk.table)} add constraint ${q(fk.name)} foreign key ("unit_id", ${q(m[1]!)}) references ${q(m[2]!)} ("unit_id", "id")${m[3]}`,
      )
      .execute(db);
  }
  // The other indexes (not a key's own): the unit first.
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const i of indexes) {
    await sql.raw(`drop index ${q(i.name)}`).execute(db);
    await sql.raw(i.def.replace(/ USING btree \(/, ' USING btree (unit_id, ')).execute(db);
  }
}

async function downPostgres(db: Kysely<any>): Promise<void> {
  const tables = [...UNIT_TABLES];
  // What names the unit, to be made again without it once the column is gone.
  const { rows: cons } = await sql<{ table: string; name: string; type: string; def: string }>`
    select c.conrelid::regclass::text as "table", c.conname as name, c.contype as type, pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.conrelid::regclass::text = any(${tables}) and a.attname = 'unit_id' and c.contype in ('u', 'f')`.execute(db);
  const { rows: indexes } = await sql<{ def: string }>`
    select i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables}) and i.indexdef like '%(unit_id, %'
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const t of tables) await sql.raw(`alter table ${q(t)} drop column "unit_id" cascade`).execute(db);
  const again = cons.filter((c) => !c.name.endsWith('_unit_id_id') && !/REFERENCES units\(id\)/.test(c.def));
  for (const c of again.filter((x) => x.type === 'u'))
    await sql.raw(`alter table ${q(c.table)} add constraint ${q(c.name)} ${c.def.replace('(unit_id, ', '(')}`).execute(db);
  for (const i of indexes) await sql.raw(i.def.replace('(unit_id, ', '(')).execute(db);
  for (const c of again.filter((x) => x.type === 'f'))
    await sql
      .raw(`alter table ${q(c.table)} add constraint ${q(c.name)} ${c.def.replace('(unit_id, ', '(').replace('(unit_id, id)', '(id)')}`)
      .execute(db);
}
