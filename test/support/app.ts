// A test app over a fresh, migrated SQLite database in its own temporary DATA_DIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openConfigured, type Db } from '../../src/db/connect.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { freshPgDatabase, testEngine } from './engine.ts';
import type { Role } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installationWide, setDefaultUnitScope, unitScope } from '../../src/db/unit-scope.ts';
import { hashPassword } from '../../src/lib/password.ts';
import { nowIso } from '../../src/lib/time.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';

export const PASSWORD = 'rahasia-123';

// A test works in one unit, as a single-unit installation does: the test app's unit (the first id of
// its fresh database). Requests get their scope from their user, like the server's.
setDefaultUnitScope(unitScope(1));

/** The test database's one unit (made by the migrations for the default commodities), named as the first-run page names it. */
async function nameTestUnit(db: Db): Promise<void> {
  await installationWide(() =>
    db.updateTable('units').set({ code: 'RTNUJI', name: 'Rutan Uji', upt_type: 'rutan' }).where('id', '=', 1).execute(),
  );
}

export async function makeTestApp(opts: { unnamedUnit?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-test-'));
  // On PostgreSQL (npm run test:pg) a database of its own, already migrated.
  const pgDb = testEngine === 'postgres' ? await freshPgDatabase() : null;
  const config = loadConfig({
    DATA_DIR: dir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 's'.repeat(40),
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  });
  const conn = await openConfigured(config);
  if (conn.engine === 'sqlite') await migrateToLatest(conn.db);
  if (!opts.unnamedUnit) await nameTestUnit(conn.db);
  const files = fileStoreFor(conn.db, config);
  const app = createApp({ db: conn.db, config, files, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  return {
    app,
    db: conn.db,
    /** Where the app keeps uploaded files: DATA_DIR/uploads on SQLite, the database on PostgreSQL. */
    files,
    /** The SQLite handle; tests of SQLite's own mechanisms run on SQLite only (see test/support/engine.ts). */
    get sqlite() {
      if (conn.engine !== 'sqlite') throw new Error('this test reads SQLite itself: it runs on SQLite only');
      return conn.sqlite;
    },
    engine: conn.engine,
    config,
    async close() {
      await conn.close();
      await pgDb?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

let hashed: Promise<string> | undefined;

/** Another unit of the installation (the test app's own is unit 1): a UPT, or a Kanwil above others. */
export async function addUnit(
  db: Db,
  unit: { code: string; name: string; kind?: 'upt' | 'kanwil' | 'national'; parentId?: number | null },
): Promise<number> {
  const now = nowIso();
  const kind = unit.kind ?? 'upt';
  return installationWide(
    async () =>
      (
        await db
          .insertInto('units')
          .values({
            kind,
            upt_type: kind === 'upt' ? 'lainnya' : null,
            code: unit.code,
            name: unit.name,
            parent_id: unit.parentId ?? null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
  );
}

/** Inserts a user directly (faster than the form; the form has its own tests). */
export async function addUser(db: Db, username: string, roles: Role[], opts: { active?: boolean } = {}): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('users')
    .values({
      username,
      full_name: `Nama ${username}`,
      nip: null,
      position: null,
      password_hash: await (hashed ??= hashPassword(PASSWORD)),
      active: opts.active === false ? 0 : 1,
      must_change_password: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (roles.length)
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: row.id, role })))
      .execute();
  return row.id;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

export type Agent = ReturnType<typeof request.agent>;

/** GETs `pagePath` for its CSRF token, then POSTs the form to `postPath`. */
export async function submit(agent: Agent, pagePath: string, postPath: string, form: Record<string, string | string[]>) {
  const page = await agent.get(pagePath);
  return agent
    .post(postPath)
    .type('form')
    .send({ ...form, _csrf: csrfFrom(page.text) });
}

export async function login(app: TestApp['app'], username: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const res = await submit(agent, '/login', '/login', { username, password });
  if (res.status !== 303) throw new Error(`login as ${username} failed: ${res.status}`);
  return agent;
}

/** The session cookie's value from a response, if it set one. */
export function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('lumbung.sid='))?.split(';')[0];
}

/** The seeded commodities (migration 0005). */
export const TERONG = 1;
export const CABAI = 2;
export const LELE = 4;

export async function addLocation(db: Db, name: string, kind: 'lahan' | 'kolam' = 'lahan'): Promise<number> {
  const now = nowIso();
  return (
    await db
      .insertInto('locations')
      .values({ name, kind, area_m2: null, note: null, active: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function addInmate(db: Db, name: string, reg: string): Promise<number> {
  const now = nowIso();
  return (
    await db
      .insertInto('inmates')
      .values({ name, reg_number: reg, block: null, active: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export function token(): string {
  return [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
}

/** A form page's hidden fields (CSRF and the one-time form token). */
export async function formPage(agent: Agent, pagePath: string) {
  const page = await agent.get(pagePath);
  const formToken = /name="form_token" value="([0-9a-f]{32})"/.exec(page.text)?.[1];
  return { csrf: csrfFrom(page.text), formToken: formToken ?? token(), page };
}

export async function stockOf(db: Db, commodityId: number) {
  const r = await db
    .selectFrom('stock_movements')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('qty_g'), eb.lit(0)).as('g'),
      eb.fn.coalesce(eb.fn.sum<number>('heads'), eb.lit(0)).as('heads'),
    ])
    .where('commodity_id', '=', commodityId)
    .executeTakeFirstOrThrow();
  return { g: Number(r.g), heads: Number(r.heads) };
}

// Import types inline, so this helper is one appended block that touches no line above it.
type NewRecipientRow = import('kysely').Insertable<import('../../src/db/database.ts').RecipientsTable>;

let recipientSerial = 0;

/** Inserts a recipient directly (a neighbour in Blora unless overridden); returns its id. Each gets its own NIK (one NIK, one person), from a region code no test types. */
export async function addRecipient(db: Db, overrides: Partial<NewRecipientRow> = {}): Promise<number> {
  const now = nowIso();
  const row: NewRecipientRow = {
    category: 'masyarakat',
    name: 'Siti Aminah',
    nik: `339901010190${String(++recipientSerial).padStart(4, '0')}`,
    inmate_id: null,
    relation: null,
    address: 'Jl. Melati 3',
    rt_rw: '002/004',
    village: 'Karangjati',
    district: 'Blora',
    phone: null,
    household_size: 4,
    note: null,
    active: 1,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
  return (await db.insertInto('recipients').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A harvest recorded through the service (the form has its own tests): on 2026-01-05 unless said. */
export function recordHarvest(db: Db, userId: number, h: { commodity: number; location: number; grams: number; date?: string }) {
  return createHarvest(
    db,
    {
      commodity_id: h.commodity,
      location_id: h.location,
      weight_g: h.grams,
      heads: null,
      grade: null,
      harvest_date: h.date ?? '2026-01-05',
      harvest_time: '07:00',
      workers: [],
      note: null,
      form_token: token(),
    },
    userId,
  );
}
