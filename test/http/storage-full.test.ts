// A full disk: every write answers one clear Indonesian page (507), the log names SQLITE_FULL or
// ENOSPC once per failure, a failed photo leaves no file, the Cadangan page says why a backup
// failed — and once space is freed everything works, with nothing lost.
// The database is made full with PRAGMA max_page_count on the app's own connection (every write
// that needs a new page then fails with SQLITE_FULL); file writes get ENOSPC injected.
import SQLite from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Connection } from '../../src/db/connect.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createEvent } from '../../src/features/events/events.service.ts';
import { saveSettings } from '../../src/features/settings/settings.service.ts';
import { wibDate, wibTime } from '../../src/lib/time.ts';
import { backupMaker, listBackups } from '../../src/features/backups/backups.service.ts';
import { makeBackup } from '../../src/features/backups/backups.make.ts';
import { pressPrint } from '../support/receipt-print.ts';
import {
  addLocation,
  addRecipient,
  addUser,
  csrfFrom,
  formPage,
  login,
  PASSWORD,
  TERONG,
  type Agent,
  recordHarvest,
} from '../support/app.ts';

let dir: string;
let conn: Connection;
let app: ReturnType<typeof createApp>;
let config: ReturnType<typeof loadConfig>;
const log: string[] = [];
let lahan: number;
let petugas: Agent;
let staf: Agent;
let admin: Agent;
let stafId: number;

const FULL_PAGE = /[Pp]enyimpanan server penuh/;

/** No write that needs a new page of the database can succeed any more. */
function fillDisk(): void {
  const sqlite = conn.sqlite;
  sqlite.exec('create table if not exists test_filler (id integer primary key, b blob)');
  sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
  // The free pages go too, so only what fits in pages already used can still be written.
  for (const size of [65_536, 4096, 512, 64]) {
    try {
      for (;;) sqlite.prepare('insert into test_filler (b) values (zeroblob(?))').run(size);
    } catch (err) {
      expect((err as { code?: string }).code).toBe('SQLITE_FULL');
    }
  }
}

function freeDisk(): void {
  conn.sqlite.pragma('max_page_count = 1073741823');
  conn.sqlite.exec('drop table if exists test_filler');
}

const linesWith = (s: string) => log.filter((l) => l.includes(s));

/** Sends `attempt` until it is refused (the page it wrote to is full); the ones before it went through. */
async function untilRefused(attempt: (i: number) => Promise<request.Response>, ok: (r: request.Response) => boolean, max = 150) {
  for (let i = 0; i < max; i++) {
    const r = await attempt(i);
    if (!ok(r)) return { refused: r, before: i };
  }
  throw new Error(`still accepted after ${max} attempts: the disk is not full`);
}

async function harvestForm(agent: Agent, kg = '2,5') {
  const f = await formPage(agent, '/harvests/new');
  return {
    _csrf: f.csrf,
    form_token: f.formToken,
    commodity_id: String(TERONG),
    location_id: String(lahan),
    weight_g: kg,
    harvest_date: wibDate(new Date(Date.now() - 10 * 60_000)),
    harvest_time: wibTime(new Date(Date.now() - 10 * 60_000)),
    note: 'panen pagi',
  };
}

function expectFullPage(r: request.Response) {
  expect(r.status, r.text).toBe(507);
  expect(r.headers['content-type']).toMatch(/^text\/html/);
  expect(r.text).toMatch(FULL_PAGE);
  expect(r.text).not.toContain('Kesalahan sistem');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-full-'));
  config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'info', SESSION_SECRET: 's'.repeat(40) });
  conn = openDatabase(config.dbFile);
  await migrateToLatest(conn.db);
  app = createApp({ db: conn.db, config, logger: pino({ level: 'info' }, { write: (line: string) => void log.push(line) }) });
  const adminId = await addUser(conn.db, 'admin', ['admin']);
  await addUser(conn.db, 'petugas', ['petugas']);
  stafId = await addUser(conn.db, 'staf', ['staf']);
  lahan = await addLocation(conn.db, 'Lahan Blok A');
  await saveSettings(
    conn.db,
    fileStoreFor(conn.db, config),
    {
      unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
      unit_code: 'RTNBLORA',
      ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN',
      kanwil_line: 'KANWIL JAWA TENGAH',
      address: 'Jl. Pemuda 12, Blora',
      city: 'Blora',
      phone: null,
      email: null,
      paper_size: 'a4',
      receipts_per_page: 1,
    },
    { logo: null, removeLogo: false, effectiveFrom: '2020-01-01' },
    adminId,
  );
  await recordHarvest(conn.db, adminId, { commodity: TERONG, location: lahan, grams: 50_000 });
  petugas = await login(app, 'petugas');
  staf = await login(app, 'staf');
  admin = await login(app, 'admin');
});
afterEach(() => {
  vi.restoreAllMocks();
  freeDisk();
});
afterAll(async () => {
  await conn.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('a transaction that SQLite has already rolled back throws its own SQLITE_FULL, not a failed rollback', async () => {
    fillDisk();
    const write = conn.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('audit_log')
        .values({
          user_id: null,
          action: 'test',
          entity: 'test',
          entity_id: null,
          before_json: null,
          after_json: 'x'.repeat(20_000),
          reason: null,
          at: new Date().toISOString(),
        })
        .execute();
    });
    await expect(write).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(conn.sqlite.inTransaction).toBe(false);
    freeDisk();
    expect(await conn.db.selectFrom('users').select('id').execute()).not.toEqual([]);
  });

  it('a harvest answers the storage-full page, the log names SQLITE_FULL once per failure; after space is freed the same form saves', async () => {
    fillDisk();
    log.length = 0;
    const sent: Array<Record<string, string>> = [];
    const { refused } = await untilRefused(
      async () => {
        const form = await harvestForm(petugas);
        sent.push(form);
        return petugas.post('/harvests').type('form').send(form);
      },
      (r) => r.status === 303,
    );
    expectFullPage(refused);
    const failed = sent.at(-1)!;
    // Two more that fail the same way.
    for (let i = 0; i < 2; i++)
      expectFullPage(
        await petugas
          .post('/harvests')
          .type('form')
          .send({ ...(await harvestForm(petugas)), form_token: failed.form_token }),
      );
    expect(linesWith('SQLITE_FULL'), log.join('\n')).toHaveLength(3);
    expect(linesWith('cannot rollback')).toEqual([]);

    freeDisk();
    const again = await petugas
      .post('/harvests')
      .type('form')
      .send({ ...(await harvestForm(petugas)), form_token: failed.form_token });
    expect(again.status).toBe(303);
    // Every harvest answered as saved is there, and the refused one once, after the space came back.
    const tokens = (await conn.db.selectFrom('harvests').select('form_token').execute()).map((h) => h.form_token);
    for (const form of sent) expect(tokens).toContain(form.form_token);
    expect(tokens.filter((t) => t === failed.form_token)).toHaveLength(1);
  });

  it('a photo that cannot be written (ENOSPC) answers the same page and leaves no file; with space it is saved', async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2a7' } })
      .png()
      .toBuffer();
    const write = fs.writeFileSync;
    // As a real full disk does: the file is created, then the write fails, leaving it empty.
    vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, opts) => {
      if (String(file).startsWith(config.uploadsDir)) {
        write(file, '');
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
      return write(file, data, opts);
    });
    log.length = 0;
    const form = await harvestForm(petugas, '1,25');
    const post = () => {
      let req = petugas.post('/harvests');
      for (const [k, v] of Object.entries(form)) req = req.field(k, v);
      return req.attach('photo', png, 'foto.png');
    };
    expectFullPage(await post());
    expect(linesWith('ENOSPC')).toHaveLength(1);
    // In the folder of the unit the harvest is written to (unit 1: this app's one unit).
    const photos = path.join(config.uploadsDir, 'harvests', 'unit-1');
    expect(fs.existsSync(photos) ? fs.readdirSync(photos) : []).toEqual([]);
    expect(await conn.db.selectFrom('harvests').select('id').where('form_token', '=', form.form_token).execute()).toEqual([]);

    vi.restoreAllMocks();
    const saved = await post();
    expect(saved.status).toBe(303);
    expect(fs.readdirSync(photos)).toEqual([`${form.form_token}.jpg`]);
  });

  it('an event photo refused by a full database leaves no file behind; with space it is added', async () => {
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#27a' } })
      .png()
      .toBuffer();
    const event = await createEvent(
      conn.db,
      { name: 'Bakti Sosial', kind: 'bakti_sosial', event_date: wibDate(), place: null, note: null },
      stafId,
    );
    const photos = path.join(config.uploadsDir, 'events', 'unit-1');
    const files = () => (fs.existsSync(photos) ? fs.readdirSync(photos) : []);
    const post = async () => {
      const csrf = csrfFrom((await staf.get(`/events/${event}`)).text);
      return staf.post(`/events/${event}/photos`).field('_csrf', csrf).attach('photo', png, 'foto.png');
    };
    fillDisk();
    const { refused } = await untilRefused(post, (r) => r.status === 303);
    expectFullPage(refused);
    const rows = await conn.db.selectFrom('event_photos').select('id').where('event_id', '=', event).execute();
    // Every file there belongs to a saved row: the refused one left nothing.
    expect(files()).toHaveLength(rows.length);
    freeDisk();
    expect((await post()).status).toBe(303);
    expect(files()).toHaveLength(rows.length + 1);
  });

  it('a login answers the storage-full page, never a redirect into a session that was not kept', async () => {
    fillDisk();
    const { refused, before } = await untilRefused(
      async () => {
        const agent = request.agent(app);
        const page = await agent.get('/login');
        // The login page writes nothing (its form token is a signed cookie): the login itself is refused.
        if (page.status !== 200) return page;
        const res = await agent
          .post('/login')
          .type('form')
          .send({ username: 'staf', password: PASSWORD, _csrf: csrfFrom(page.text) });
        // A login answered as done must be a session that works.
        if (res.status === 303) expect((await agent.get('/distributions')).status).toBe(200);
        return res;
      },
      (r) => r.status === 303,
    );
    expect(before).toBeGreaterThanOrEqual(0);
    expectFullPage(refused);
    freeDisk();
    expect((await login(app, 'staf')).get).toBeDefined();
  });

  it('a reprint of a receipt answers the storage-full page; with space it prints', async () => {
    const recipient = await addRecipient(conn.db, { name: 'Siti Aminah' });
    const f = await formPage(staf, `/distributions/new?recipient=${recipient}`);
    const made = await staf
      .post('/distributions')
      .type('form')
      .send({
        _csrf: f.csrf,
        form_token: f.formToken,
        recipient_id: String(recipient),
        handed_on: wibDate(),
        officer_id: String(stafId),
        qty_1: '1',
      });
    expect(made.status, made.text.match(/flash-error[^<]*<[^<]*|field-error[^<]*</g)?.join(' ')).toBe(303);
    const id = Number(/\/distributions\/(\d+)/.exec(made.headers.location!)![1]);
    fillDisk();
    log.length = 0;
    // A print is the button on the receipt's page (a look at the PDF writes nothing).
    const press = async () => (await pressPrint(staf, `/distributions/${id}`, `/distributions/${id}/print`)).res;
    const { refused } = await untilRefused(press, (r) => r.status === 303);
    expect(refused.status).toBe(507);
    expect(refused.text).toMatch(FULL_PAGE);
    expect(linesWith('SQLITE_FULL')).toHaveLength(1);
    expect(linesWith('cannot rollback')).toEqual([]);
    freeDisk();
    expect((await press()).status).toBe(303);
  });

  it.each([
    ['SQLITE_FULL', 'database or disk is full'],
    ['ENOSPC', 'ENOSPC: no space left on device, write'],
  ])('the Cadangan page says in Indonesian that the storage is full when a backup fails on %s; later it works', async (code, message) => {
    // The fault is injected into SQLite on this thread, so the backup is made here, not in its worker.
    vi.spyOn(backupMaker, 'make').mockImplementation((j) => makeBackup(j.dbFile, j.backupsDir, j.keep, j.uploadsDir, new Date(j.at)));
    vi.spyOn(SQLite.prototype, 'backup').mockRejectedValue(Object.assign(new Error(message), { code }));
    const before = listBackups(config.backupsDir).length;
    const page = await admin.get('/backups');
    const res = await admin
      .post('/backups')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(507);
    expect(res.text).toContain('Cadangan data');
    expect(res.text).toMatch(/Cadangan tidak dapat dibuat: penyimpanan server penuh/);
    expect(res.text).not.toContain(message);
    expect(listBackups(config.backupsDir)).toHaveLength(before);
    expect(fs.readdirSync(config.backupsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    vi.restoreAllMocks();
    const ok = await admin
      .post('/backups')
      .type('form')
      .send({ _csrf: csrfFrom((await admin.get('/backups')).text) });
    expect(ok.status).toBe(303);
    expect(listBackups(config.backupsDir)).toHaveLength(before + 1);
  });
});
