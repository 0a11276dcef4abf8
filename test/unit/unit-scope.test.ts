// The unit scope (src/db/unit-scope.ts): every read of a unit's table limited to the readable units,
// every write to the unit written to, whatever shape the query has.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVERY_UNIT_READ_ONLY,
  MissingUnitScopeError,
  ReadOnlyScopeError,
  UnitScopePlugin,
  currentWriteUnit,
  installationWide,
  unitScope,
  withUnitScope,
  type UnitScope,
} from '../../src/db/unit-scope.ts';

interface T {
  units: { id: number; name: string };
  things: { id: number; unit_id: number; name: string; kind_id: number | null };
  kinds: { id: number; unit_id: number; label: string };
  counters: { id: number; unit_id: number; year: number; last: number };
  notes: { id: number; thing_id: number; text: string };
}

let raw: SQLite.Database;
let db: Kysely<T>;

beforeAll(() => {
  raw = new SQLite(':memory:');
  raw.exec(`
    create table units (id integer primary key, name text not null);
    create table kinds (id integer primary key, unit_id integer not null, label text not null);
    create table things (id integer primary key, unit_id integer not null, name text not null, kind_id integer);
    create table counters (id integer primary key, unit_id integer not null, year integer not null, last integer not null, unique (unit_id, year));
    create table notes (id integer primary key, thing_id integer not null, text text not null);
    insert into units values (1, 'Rutan Blora'), (2, 'Rutan Pati'), (3, 'Lapas Kudus');
    insert into kinds values (10, 1, 'sayur'), (20, 2, 'sayur'), (30, 3, 'ikan');
    insert into things values (1, 1, 'Terong', 10), (2, 2, 'Terong Ungu', 20), (3, 3, 'Lele', 30), (4, 1, 'Cabai', null);
    insert into notes values (1, 1, 'a'), (2, 2, 'b');
  `);
  db = new Kysely<T>({
    dialect: new SqliteDialect({ database: raw }),
    plugins: [new UnitScopePlugin(new Set(['things', 'kinds', 'counters']))],
  });
});

afterAll(async () => {
  await db.destroy();
});

const blora = unitScope(1);
const kanwil: UnitScope = { kind: 'units', read: [1, 2], write: null };
const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name).sort();

describe('the unit scope', () => {
  it('a read sees its own unit only, and a Kanwil scope sees the units under it', async () => {
    expect(names(await withUnitScope(blora, () => db.selectFrom('things').select('name').execute()))).toEqual(['Cabai', 'Terong']);
    expect(names(await withUnitScope(kanwil, () => db.selectFrom('things').select('name').execute()))).toEqual([
      'Cabai',
      'Terong',
      'Terong Ungu',
    ]);
  });

  it("another unit's id is not found, by id, in a subquery or through an alias", async () => {
    await withUnitScope(blora, async () => {
      expect(await db.selectFrom('things').selectAll().where('id', '=', 2).executeTakeFirst()).toBeUndefined();
      expect(await db.selectFrom('things as t').select('t.name').where('t.id', '=', 3).executeTakeFirst()).toBeUndefined();
      const viaSub = await db
        .selectFrom('notes')
        .select('text')
        .where('thing_id', 'in', (eb) => eb.selectFrom('things').select('id'))
        .execute();
      expect(viaSub.map((r) => r.text)).toEqual(['a']);
      const exists = await db
        .selectFrom('units')
        .select('name')
        .where(({ exists, selectFrom }) => exists(selectFrom('things').whereRef('things.unit_id', '=', 'units.id').select('id')))
        .execute();
      expect(exists.map((r) => r.name)).toEqual(['Rutan Blora']);
    });
  });

  it('a left join keeps the row and shows nothing of the other unit', async () => {
    // A thing of Blora pointing at Pati's kind (as a forged form would): the join finds no kind.
    raw.exec(`insert into things values (5, 1, 'Tomat', 20)`);
    const rows = await withUnitScope(blora, () =>
      db
        .selectFrom('things as t')
        .leftJoin('kinds as k', 'k.id', 't.kind_id')
        .select(['t.name', 'k.label'])
        .where('t.id', '=', 5)
        .execute(),
    );
    expect(rows).toEqual([{ name: 'Tomat', label: null }]);
    raw.exec('delete from things where id = 5');
  });

  it('an insert is given the unit written to, and its conflict target the unit too', async () => {
    await withUnitScope(blora, async () => {
      const { id } = await db
        .insertInto('things')
        .values({ name: 'Kangkung', kind_id: null } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(raw.prepare('select unit_id from things where id = ?').pluck().get(id)).toBe(1);
      for (let i = 0; i < 2; i++)
        await db
          .insertInto('counters')
          .values({ year: 2026, last: 1 } as never)
          .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`last + 1` }))
          .execute();
    });
    await withUnitScope(unitScope(2), () =>
      db
        .insertInto('counters')
        .values({ year: 2026, last: 1 } as never)
        .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`last + 1` }))
        .execute(),
    );
    expect(raw.prepare('select unit_id, last from counters order by unit_id').all()).toEqual([
      { unit_id: 1, last: 2 },
      { unit_id: 2, last: 1 },
    ]);
  });

  it("an update or delete cannot touch another unit's row", async () => {
    await withUnitScope(blora, async () => {
      const upd = await db.updateTable('things').set({ name: 'X' }).where('id', '=', 2).executeTakeFirst();
      expect(Number(upd.numUpdatedRows)).toBe(0);
      const del = await db.deleteFrom('things').where('id', '=', 3).executeTakeFirst();
      expect(Number(del.numDeletedRows)).toBe(0);
    });
    expect(raw.prepare('select name from things where id in (2, 3) order by id').pluck().all()).toEqual(['Terong Ungu', 'Lele']);
  });

  it('a read-only scope refuses every write, and no scope refuses even a read', async () => {
    await expect(withUnitScope(kanwil, () => db.updateTable('things').set({ name: 'X' }).execute())).rejects.toThrow(ReadOnlyScopeError);
    await expect(
      withUnitScope(kanwil, () =>
        db
          .insertInto('kinds')
          .values({ label: 'x' } as never)
          .execute(),
      ),
    ).rejects.toThrow(ReadOnlyScopeError);
    await expect(withUnitScope({ kind: 'none' }, () => db.selectFrom('things').select('id').execute())).rejects.toThrow(
      MissingUnitScopeError,
    );
    // A table of the installation (no unit_id) is readable with no unit.
    expect((await withUnitScope({ kind: 'none' }, () => db.selectFrom('units').select('id').execute())).length).toBe(3);
  });

  it("the nation's scope reads every unit's rows, joins included, and writes nothing", async () => {
    const every = EVERY_UNIT_READ_ONLY;
    const names = await withUnitScope(every, () =>
      db
        .selectFrom('things')
        .leftJoin('kinds', 'kinds.id', 'things.kind_id')
        .select(['things.name', 'kinds.label'])
        .orderBy('things.id')
        .execute(),
    );
    const all = await installationWide(() =>
      db
        .selectFrom('things')
        .leftJoin('kinds', 'kinds.id', 'things.kind_id')
        .select(['things.name', 'kinds.label'])
        .orderBy('things.id')
        .execute(),
    );
    expect(names).toEqual(all);
    expect(
      new Set(await withUnitScope(every, () => db.selectFrom('things').select('unit_id').execute()).then((r) => r.map((x) => x.unit_id))),
    ).toEqual(new Set([1, 2, 3]));
    await expect(withUnitScope(every, () => db.updateTable('things').set({ name: 'X' }).execute())).rejects.toThrow(ReadOnlyScopeError);
    await expect(withUnitScope(every, () => db.deleteFrom('things').execute())).rejects.toThrow(ReadOnlyScopeError);
    await expect(
      withUnitScope(every, () =>
        db
          .insertInto('kinds')
          .values({ label: 'x' } as never)
          .execute(),
      ),
    ).rejects.toThrow(ReadOnlyScopeError);
    expect(() => withUnitScope(every, currentWriteUnit)).toThrow(ReadOnlyScopeError);
    expect(raw.prepare("select count(*) from things where name = 'X'").pluck().get()).toBe(0);
  });

  it('the unit written to is named only in a scope that writes to one (what names an uploaded photo)', () => {
    expect(withUnitScope(unitScope(2), currentWriteUnit)).toBe(2);
    expect(() => withUnitScope(kanwil, currentWriteUnit)).toThrow(ReadOnlyScopeError);
    expect(() => withUnitScope({ kind: 'none' }, currentWriteUnit)).toThrow(MissingUnitScopeError);
    expect(() => installationWide(currentWriteUnit)).toThrow(MissingUnitScopeError);
  });

  it('a query may not choose its own unit', async () => {
    await expect(
      withUnitScope(blora, () =>
        db
          .insertInto('things')
          .values({ unit_id: 2, name: 'Y', kind_id: null } as never)
          .execute(),
      ),
    ).rejects.toThrow(MissingUnitScopeError);
  });

  it('the scope follows every await of the work it was set for, and installation-wide work sees all', async () => {
    const seen = await withUnitScope(unitScope(3), async () => {
      await new Promise((r) => setTimeout(r, 5));
      return db.selectFrom('things').select('name').execute();
    });
    expect(names(seen)).toEqual(['Lele']);
    expect((await installationWide(() => db.selectFrom('things').select('id').execute())).length).toBeGreaterThanOrEqual(4);
  });

  it('transactions carry the scope too', async () => {
    const rows = await withUnitScope(unitScope(2), () =>
      db.transaction().execute((trx) => trx.selectFrom('things').select('name').execute()),
    );
    expect(names(rows)).toEqual(['Terong Ungu']);
  });
});
