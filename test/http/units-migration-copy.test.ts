// A one-unit database made by the version before units (test/fixtures/pre-units-demo: the demo,
// used, every month final) migrated by today's code into its one unit with nothing lost (issue 17):
// every table's rows, quantity sums and row digest, the receipt numbers, SQLite's id counters and
// table definitions, and every final report's PDF (A4, F4), XLSX and CSV bytes as that version
// served them. On PostgreSQL (npm run test:pg) the fixture is first copied into a database at the
// old schema with copy:pg's code (atSourceSchema), as that version's copy:pg made it, and the
// migrations' PostgreSQL branch turns it into units.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openConfigured, type AnyConnection } from '../../src/db/connect.ts';
import { copySqliteToPostgres } from '../../src/db/copy-to-postgres.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installationWide } from '../../src/db/unit-scope.ts';
import { unitOutcome, type UnitOutcome } from '../../scripts/unit-migration/after.ts';
import {
  differences,
  finalReports,
  readFigures,
  REPORT_FILES,
  sha256,
  type Figures,
  type ReportFigures,
} from '../../scripts/unit-migration/figures.ts';
import { login } from '../support/app.ts';
import { freshPgDatabase, testEngine } from '../support/engine.ts';
import { binary } from '../support/pdf.ts';

const fixture = path.join(import.meta.dirname, '../fixtures/pre-units-demo');
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'figures.json'), 'utf8')) as Figures;
const columns = Object.fromEntries(Object.entries(expected.tables).map(([table, f]) => [table, f.columns]));
// SQLite's id counters and table definitions are SQLite's own; PostgreSQL's tables are altered in place.
const sqliteOnly = { sequences: testEngine === 'sqlite', definitions: testEngine === 'sqlite' };
const DEMO_PASSWORD = 'lumbung-demo';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-pre-units-'));
let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> | null = null;
let conn: AnyConnection;
let config: ReturnType<typeof loadConfig>;
let before: Omit<Figures, 'made' | 'reports'>;
let after: Omit<Figures, 'made' | 'reports'>;
let outcome: UnitOutcome;

beforeAll(async () => {
  const file = path.join(dir, 'lumbung.db');
  fs.writeFileSync(file, zlib.gunzipSync(fs.readFileSync(path.join(fixture, 'lumbung.db.gz'))));
  if (testEngine === 'postgres') {
    pgDb = await freshPgDatabase({ empty: true });
    await copySqliteToPostgres(file, pgDb.url, () => {}, null, { atSourceSchema: true });
  }
  config = loadConfig({
    DATA_DIR: dir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 's'.repeat(40),
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  });
  conn = await openConfigured(config, { mustExist: true });
  // The figures are of the whole installation, as the migration is.
  before = await installationWide(() => readFigures(conn.db, columns));
  await migrateToLatest(conn.db);
  outcome = await unitOutcome(conn.db, conn.engine);
  after = await installationWide(() => readFigures(conn.db, columns));
}, 120_000);

afterAll(async () => {
  await conn?.close();
  await pgDb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a one-unit database from before units, migrated by today’s code', () => {
  it('is, before the migration, the database its figures were made from by the old code', () => {
    expect(before.schema).toBe('2026-11-30-0019-stored-files');
    expect(expected.made.commit).toMatch(/^b272fba/);
    expect(differences({ ...before, reports: expected.reports }, expected, sqliteOnly)).toEqual([]);
  });

  it('becomes one UPT named after its letterhead, with every record of every unit table in it', () => {
    expect(outcome.problems).toEqual([]);
    expect(outcome.unit).toMatchObject({ code: 'RTNBLORA', name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA', kind: 'upt', upt_type: 'rutan' });
    expect(outcome.mapped).toEqual({ done: 4, of: 4 });
  });

  it('keeps every row, quantity sum, receipt number, id counter and table definition', () => {
    expect(after.schema).toBe(Object.keys(migrations).at(-1));
    expect(after.receipts).toEqual(expected.receipts);
    expect(after.receipts.count).toBe(78);
    expect(differences(expected, { ...after, reports: expected.reports }, sqliteOnly)).toEqual([]);
  });

  it('keeps every column, key, reference and index of its tables', () => {
    // Read by today's code before and after on this engine (the fixture's figures hold SQLite's).
    expect(before.definitions.length).toBeGreaterThan(300);
    const now = new Set(after.definitions);
    expect(before.definitions.filter((d) => !now.has(d))).toEqual([]);
  });

  it('serves every final report with the bytes the version before units served', async () => {
    const app = createApp({ db: conn.db, config, files: fileStoreFor(conn.db, config), logger: pino({ level: 'silent' }) });
    // The head downloads the monthly reports (docs: domain), with the demo's password.
    const pimpinan = await login(app, 'pimpinan', DEMO_PASSWORD);
    const served: ReportFigures[] = [];
    // The final months and their document numbers, as today's code reads them.
    for (const r of await installationWide(() => finalReports(conn.db))) {
      const report: ReportFigures = { ...r, files: {} };
      for (const f of REPORT_FILES) {
        const res = await pimpinan
          .get(`/reports/${r.month}/report.${f.format}${f.paper ? `?paper=${f.paper}` : ''}`)
          .buffer(true)
          .parse(binary);
        expect(res.status).toBe(200);
        const bytes = res.body as Buffer;
        report.files[f.key] = { bytes: bytes.length, sha256: sha256(bytes) };
      }
      served.push(report);
    }
    expect(served.length).toBe(25);
    expect(served).toEqual(expected.reports);
  }, 120_000);
});
