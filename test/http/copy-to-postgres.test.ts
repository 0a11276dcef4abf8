// `npm run copy:pg`: a unit's SQLite database (the demo: users, letterhead, harvests, handovers with
// receipts, a final month) and its uploads copied into an empty PostgreSQL database, row for row, ids kept; the next
// record continues after the copied ids; a target that already holds records is refused. Runs in
// `npm run test:pg` (it needs a PostgreSQL server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { setDefaultUnitScope, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { copySqliteToPostgres } from '../../src/db/copy-to-postgres.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { seedDemo } from '../../src/features/demo/demo.service.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { freshPgDatabase, testEngine } from '../support/engine.ts';

// The copy is compared table by table over the whole installation.
setDefaultUnitScope({ kind: 'installation' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-copy-'));
const file = path.join(dir, 'lumbung.db');
let target: Awaited<ReturnType<typeof freshPgDatabase>>;
const onPostgres = describe.runIf(testEngine === 'postgres');

async function tableRows(db: Parameters<typeof migrateToLatest>[0], table: string): Promise<string[]> {
  const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
  return rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, r[k]]),
      ),
    )
    .sort();
}

beforeAll(async () => {
  if (testEngine !== 'postgres') return;
  const conn = openDatabase(file);
  await migrateToLatest(conn.db);
  await seedDemo(conn.db, fileStoreFor(conn.db, { databaseUrl: null, uploadsDir: path.join(dir, 'uploads'), dataDir: dir }));
  await conn.close();
  // A photo and a logo as the unit's server leaves them in its uploads folder.
  fs.mkdirSync(path.join(dir, 'uploads', 'harvests'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'uploads', 'harvests', 'a1b2.jpg'), Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
  fs.writeFileSync(path.join(dir, 'uploads', 'logo-abc.png'), Buffer.from('\x89PNG logo'));
  target = await freshPgDatabase({ empty: true });
}, 120_000);
afterAll(async () => {
  await target?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

onPostgres('copying a SQLite database into PostgreSQL', () => {
  it('copies every table row for row with its ids, and the next record continues after them', async () => {
    const r = await copySqliteToPostgres(file, target.url, () => {}, path.join(dir, 'uploads'));
    expect(r.rows).toBeGreaterThan(1000);
    const from = openDatabase(file, { mustExist: true });
    const to = openPostgres(target.url);
    try {
      const tables = (await from.db.introspection.getTables())
        .map((t) => t.name)
        .filter((t) => !t.startsWith('kysely_') && t !== 'data_version' && t !== 'stored_files'); // the cache's counter: moved by the copy's own commit
      for (const table of tables) expect(await tableRows(to.db, table), table).toEqual(await tableRows(from.db, table));
      // The photos and the logo from the unit's uploads folder, byte for byte, in the database's file store.
      const uploads = path.join(dir, 'uploads');
      const onDisk = (fs.readdirSync(uploads, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(uploads, f)).isFile())
        .sort();
      expect(onDisk.length).toBeGreaterThan(0);
      const stored = await to.db.selectFrom('stored_files').select(['name', 'bytes']).orderBy('name').execute();
      expect(stored.map((f) => f.name)).toEqual(onDisk);
      for (const f of stored) expect(Buffer.compare(Buffer.from(f.bytes), fs.readFileSync(path.join(uploads, f.name))), f.name).toBe(0);
      const maxId = Number((await sql<{ m: number }>`select max(id) as m from harvests`.execute(to.db)).rows[0]!.m);
      const loc = await to.db.selectFrom('locations').select('id').executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      // A record made after the copy, in the copied unit.
      const added = await withUnitScope(unitScope(1), () =>
        to.db
          .insertInto('audit_log')
          .values({
            at: now,
            user_id: null,
            action: 'create',
            entity: 'uji',
            entity_id: String(loc.id),
            before_json: null,
            after_json: null,
            reason: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      expect(added.id).toBeGreaterThan(
        Number((await sql<{ m: number }>`select max(id) as m from audit_log where entity <> 'uji'`.execute(to.db)).rows[0]!.m),
      );
      expect(maxId).toBeGreaterThan(0);
    } finally {
      await from.close();
      await to.close();
    }
  });

  it('refuses a target that already holds records, changing nothing', async () => {
    await expect(copySqliteToPostgres(file, target.url)).rejects.toThrow(/sudah berisi data/);
  });
});
