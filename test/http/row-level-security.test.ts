// The second wall on PostgreSQL (migration 0024): even a query the app's unit scope never saw — a
// handle without its plugin, raw SQL — reads and writes only the units of the transaction's scope,
// set per transaction (SET LOCAL), as the app's own role (not the owner, not a superuser).
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_UNIT_READ_ONLY, installationWide, NO_UNIT, UNIT_TABLES, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { APP_ROLE, openPostgres } from '../../src/db/postgres.ts';
import { createPgBackup, restorePgBackup } from '../../src/features/backups/backups.pg.ts';
import { addLocation, addUnit, makeTestApp, type TestApp } from '../support/app.ts';
import { testEngine, testPgAdminUrl } from '../support/engine.ts';
import { databaseUrl, withAdmin } from '../support/pg-admin.ts';

let t: TestApp;
let pati: number;

describe.runIf(testEngine === 'postgres')('row-level security on PostgreSQL', () => {
  beforeAll(async () => {
    t = await makeTestApp();
    await addLocation(t.db, 'Lahan Rutan Uji');
    pati = await addUnit(t.db, { code: 'LPSPATI', name: 'Lapas Kelas IIB Pati' });
    await withUnitScope(unitScope(pati), () => addLocation(t.db, 'Kebun Pati'));
  });
  afterAll(() => t?.close());

  /** The app's scope taken away: no unit predicate is added, no unit_id set. */
  const bare = () => t.db.withoutPlugins();
  const names = async () => (await bare().selectFrom('locations').select('name').orderBy('name').execute()).map((r) => r.name);

  it('every table with a unit_id has the policy, enabled and forced', async () => {
    const { rows } = await installationWide(() =>
      sql<{ table: string; enabled: boolean; forced: boolean; policies: number }>`
        select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
               (select count(*) from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'unit_id' and not a.attisdropped
        where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace order by 1`.execute(t.db),
    );
    expect(rows.length).toBe(UNIT_TABLES.size);
    expect(rows.filter((r) => !r.enabled || !r.forced || r.policies !== 1)).toEqual([]);
  });

  it("a query without the app's scope reads only its unit's rows, as the app's role", async () => {
    expect(await installationWide(names)).toEqual(['Kebun Pati', 'Lahan Rutan Uji']);
    expect(await withUnitScope(unitScope(pati), names)).toEqual(['Kebun Pati']);
    expect(await withUnitScope(unitScope(1), names)).toEqual(['Lahan Rutan Uji']);
    // No scope at all: nothing of any unit.
    expect(await withUnitScope(NO_UNIT, names)).toEqual([]);
    const who = await withUnitScope(unitScope(pati), () =>
      sql<{ who: string; n: number }>`select current_user as who, (select count(*) from locations) as n`.execute(bare()),
    );
    expect(who.rows[0]).toEqual({ who: APP_ROLE, n: 1 });
  });

  it("raw SQL cannot write another unit's rows, in a transaction or on its own", async () => {
    // An update of every row, sent in Lapas Pati's scope, changes Lapas Pati's rows only.
    await withUnitScope(unitScope(pati), () => sql`update locations set name = name || ' (diubah)'`.execute(bare()));
    expect(await installationWide(names)).toEqual(['Kebun Pati (diubah)', 'Lahan Rutan Uji']);
    await withUnitScope(unitScope(pati), () =>
      t.db.transaction().execute((trx) => sql`delete from locations where name like 'Lahan%'`.execute(trx.withoutPlugins())),
    );
    expect(await installationWide(names)).toContain('Lahan Rutan Uji');
    // A row for Rutan Uji inserted from Lapas Pati's scope is refused by the policy.
    const now = new Date().toISOString();
    const foreign = () =>
      sql`insert into locations (unit_id, name, kind, active, created_at, updated_at) values (1, 'Sisipan', 'lahan', 1, ${now}, ${now})`.execute(
        bare(),
      );
    await expect(withUnitScope(unitScope(pati), foreign)).rejects.toThrow(/row-level security/);
    await expect(withUnitScope(unitScope(pati), () => t.db.transaction().execute(() => foreign()))).rejects.toThrow(/row-level security/);
    // Read-only (a Kanwil user's scope): reads both units, writes neither.
    await expect(withUnitScope({ kind: 'units', read: [1, pati], write: null }, foreign)).rejects.toThrow(/row-level security/);
    expect(await withUnitScope({ kind: 'units', read: [1, pati], write: null }, names)).toHaveLength(2);
    // The nation's scope (every unit, read only): reads all, writes nothing, even past the app.
    expect(await withUnitScope(EVERY_UNIT_READ_ONLY, names)).toEqual(await installationWide(names));
    await expect(withUnitScope(EVERY_UNIT_READ_ONLY, foreign)).rejects.toThrow(/row-level security/);
    await expect(withUnitScope(EVERY_UNIT_READ_ONLY, () => sql`update locations set name = 'Semua'`.execute(bare()))).rejects.toThrow(
      /row-level security/,
    );
    expect(await installationWide(names)).not.toContain('Semua');
    expect(await installationWide(names)).not.toContain('Sisipan');
  });

  it('a read snapshot takes no writer lock: a save goes on meanwhile, and the snapshot keeps its view', async () => {
    const snapshot = await withUnitScope(unitScope(pati), () =>
      t.db
        .transaction()
        .setAccessMode('read only')
        .execute(async (trx) => {
          const before = await trx.selectFrom('locations').select('name').execute();
          // A save in the same unit while the snapshot is open: it would wait 5 s and fail if the
          // snapshot held the writer lock.
          await t.db.transaction().execute((w) =>
            w
              .insertInto('locations')
              .values({
                name: 'Kebun Baru',
                kind: 'lahan',
                active: 1,
                created_at: '2026-11-30T00:00:00.000Z',
                updated_at: '2026-11-30T00:00:00.000Z',
              })
              .execute(),
          );
          const after = await trx.selectFrom('locations').select('name').execute();
          return { before: before.length, after: after.length };
        }),
    );
    expect(snapshot.after).toBe(snapshot.before);
    expect(await withUnitScope(unitScope(pati), names)).toContain('Kebun Baru');
  });

  it('the scope lives only as long as its transaction: the next statement on the same connection has none', async () => {
    const after = await t.db.connection().execute(async (one) => {
      const seen = await withUnitScope(unitScope(pati), () => one.withoutPlugins().selectFrom('locations').select('name').execute());
      const left = await withUnitScope(NO_UNIT, () =>
        sql<{ units: string | null; role: string }>`select current_setting('lumbung.units', true) as units, current_user as role`.execute(
          one.withoutPlugins(),
        ),
      );
      return { seen: seen.length, ...left.rows[0]! };
    });
    expect(after.seen).toBe((await withUnitScope(unitScope(pati), names)).length);
    expect(after.units ?? '').toBe('');
    expect(after.role).not.toBe(APP_ROLE);
  });
  it('an owner that is no superuser and may not make roles is held to the policies itself; its backups still hold every unit', async () => {
    const owner = `lumbung_owner_${process.pid}`;
    const admin = testPgAdminUrl!;
    await withAdmin(admin, async (c) => {
      await c.query(`create role ${owner} login nocreaterole nosuperuser`);
      await c.query(`create database ${owner} owner ${owner}`);
    });
    await withAdmin(databaseUrl(admin, owner), (c) => c.query(`alter schema public owner to ${owner}`));
    const url = Object.assign(new URL(databaseUrl(admin, owner)), { username: owner }).toString();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-rls-owner-'));
    const conn = openPostgres(url);
    try {
      await migrateToLatest(conn.db);
      const now = new Date().toISOString();
      const unit = (code: string) =>
        ({ kind: 'upt', upt_type: 'rutan', code, name: code, active: 1, created_at: now, updated_at: now }) as const;
      const [a, b] = await installationWide(async () => [
        (await conn.db.insertInto('units').values(unit('UNITA')).returning('id').executeTakeFirstOrThrow()).id,
        (await conn.db.insertInto('units').values(unit('UNITB')).returning('id').executeTakeFirstOrThrow()).id,
      ]);
      const plot = (name: string) => ({ name, kind: 'lahan', active: 1, created_at: now, updated_at: now }) as const;
      await withUnitScope(unitScope(a!), () => conn.db.insertInto('locations').values(plot('Kebun A')).execute());
      await withUnitScope(unitScope(b!), () => conn.db.insertInto('locations').values(plot('Kebun B')).execute());
      const seen = (unitId: number) =>
        withUnitScope(unitScope(unitId), () =>
          sql<{ name: string; who: string }>`select name, current_user as who from locations`.execute(conn.db.withoutPlugins()),
        );
      // Not the app's role (the owner may not take it): the owner itself, held by FORCE.
      expect((await seen(b!)).rows).toEqual([{ name: 'Kebun B', who: owner }]);
      // The backup reads every unit's rows, and a restore puts them all back.
      const made = await createPgBackup(url, dir, 5);
      await installationWide(() => conn.db.deleteFrom('locations').execute());
      await restorePgBackup(path.join(dir, made.name), url, dir, 5);
      expect((await seen(a!)).rows.map((r) => r.name)).toEqual(['Kebun A']);
      expect((await seen(b!)).rows.map((r) => r.name)).toEqual(['Kebun B']);
    } finally {
      await conn.close();
      fs.rmSync(dir, { recursive: true, force: true });
      await withAdmin(admin, async (c) => {
        await c.query(`drop database if exists ${owner} with (force)`);
        await c.query(`drop role if exists ${owner}`);
      });
    }
  });
});
