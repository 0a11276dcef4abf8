// An installation from before units (one unit's records, no unit table) becomes that one UPT,
// named after its newest letterhead; a fresh one gets its unit on the first-run page instead.
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installationWide } from '../../src/db/unit-scope.ts';
import { nowIso } from '../../src/lib/time.ts';
import { emptyTestDatabase, testEngine } from '../support/engine.ts';

const BEFORE_UNITS = '2026-11-30-0019-stored-files';

describe('the unit tree migration', () => {
  it('makes the existing installation its one UPT, named after the newest letterhead', async () => {
    const conn = await emptyTestDatabase();
    try {
      const migrator = new Migrator({ db: conn.db, provider: { getMigrations: async () => migrations } });
      expect((await installationWide(() => migrator.migrateTo(BEFORE_UNITS))).error).toBeUndefined();
      const now = nowIso();
      const letterhead = {
        ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN',
        kanwil_line: 'KANTOR WILAYAH JAWA TENGAH',
        address: 'Jl. Pemuda 1',
        city: 'Blora',
        created_at: now,
      };
      // Written as the version before units wrote it: no unit to give.
      await installationWide(() =>
        conn.db
          .insertInto('site_settings')
          .values([
            { ...letterhead, effective_from: '2025-01-01', unit_name: 'RUTAN BLORA', unit_code: 'RTNBLR' },
            { ...letterhead, effective_from: '2026-01-01', unit_name: 'Rutan Kelas IIB Blora', unit_code: 'RTNBLORA' },
          ] as never)
          .execute(),
      );
      await migrateToLatest(conn.db);
      const units = await conn.db.selectFrom('units').select(['id', 'kind', 'upt_type', 'code', 'name', 'parent_id']).execute();
      expect(units).toEqual([{ id: 1, kind: 'upt', upt_type: 'rutan', code: 'RTNBLORA', name: 'Rutan Kelas IIB Blora', parent_id: null }]);
      // The next unit is given the next id, on both engines.
      const next = await conn.db
        .insertInto('units')
        .values({ kind: 'upt', upt_type: 'lapas', code: 'LPSPATI', name: 'Lapas Pati', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(next.id).toBe(2);
      // Every record now belongs to the unit, and a record of one unit cannot point at another's.
      const letterheads = await installationWide(() => conn.db.selectFrom('site_settings').select('unit_id').execute());
      expect(letterheads.map((l) => l.unit_id)).toEqual([1, 1]);
      const terong = await installationWide(() =>
        conn.db.selectFrom('commodities').select(['id', 'unit_id']).where('name', '=', 'Terong').executeTakeFirstOrThrow(),
      );
      expect(terong.unit_id).toBe(1);
      await expect(
        installationWide(() =>
          conn.db
            .insertInto('stock_day_totals')
            .values({ unit_id: 2, commodity_id: terong.id, day: '2026-01-01', qty_g: 1, heads: 0 } as never)
            .execute(),
        ),
      ).rejects.toThrow(/foreign key|FOREIGN KEY/);
    } finally {
      await conn.close();
    }
  });

  it('gives a fresh installation one unnamed unit for its default commodities, named on the first-run page', async () => {
    const conn = await emptyTestDatabase();
    try {
      await migrateToLatest(conn.db);
      expect(await conn.db.selectFrom('units').select(['id', 'code', 'name']).execute()).toEqual([{ id: 1, code: 'UNIT', name: 'Unit' }]);
      const commodities = await installationWide(() => conn.db.selectFrom('commodities').select(['unit_id', 'name']).execute());
      expect(commodities.length).toBeGreaterThan(0);
      if (testEngine === 'sqlite') {
        // The rebuilt tables keep counting where the old ones were, as integers (never an id given twice).
        const { rows } = await sql<{ t: string }>`select distinct typeof(seq) as t from sqlite_sequence`.execute(conn.db);
        expect(rows).toEqual([{ t: 'integer' }]);
      }
      expect(new Set(commodities.map((c) => c.unit_id))).toEqual(new Set([1]));
    } finally {
      await conn.close();
    }
  });
});
