// An installation from before units (one unit's records, no unit table) becomes that one UPT,
// named after its newest letterhead; a fresh one gets its unit on the first-run page instead.
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { nowIso } from '../../src/lib/time.ts';
import { emptyTestDatabase } from '../support/engine.ts';

const BEFORE_UNITS = '2026-11-30-0019-stored-files';

describe('the unit tree migration', () => {
  it('makes the existing installation its one UPT, named after the newest letterhead', async () => {
    const conn = await emptyTestDatabase();
    try {
      const migrator = new Migrator({ db: conn.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(BEFORE_UNITS)).error).toBeUndefined();
      const now = nowIso();
      const letterhead = {
        ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN',
        kanwil_line: 'KANTOR WILAYAH JAWA TENGAH',
        address: 'Jl. Pemuda 1',
        city: 'Blora',
        created_at: now,
      };
      await conn.db
        .insertInto('site_settings')
        .values([
          { ...letterhead, effective_from: '2025-01-01', unit_name: 'RUTAN BLORA', unit_code: 'RTNBLR' },
          { ...letterhead, effective_from: '2026-01-01', unit_name: 'Rutan Kelas IIB Blora', unit_code: 'RTNBLORA' },
        ] as never)
        .execute();
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
    } finally {
      await conn.close();
    }
  });

  it('leaves a fresh installation with no unit until its first-run page', async () => {
    const conn = await emptyTestDatabase();
    try {
      await migrateToLatest(conn.db);
      expect(await conn.db.selectFrom('units').select('id').execute()).toEqual([]);
    } finally {
      await conn.close();
    }
  });
});
