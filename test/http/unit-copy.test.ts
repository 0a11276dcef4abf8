// Each UPT's own copy of its records (issue 17): Lapas Pati, beside Rutan Uji in one installation,
// exported to a standalone SQLite database that holds Lapas Pati alone, that a Lumbung of its own
// starts from, and that Lapas Pati's admin downloads from the Cadangan page.
import SQLite from 'better-sqlite3';
import JSZip from 'jszip';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ROLES } from '../../src/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { openConfigured } from '../../src/db/connect.ts';
import { fileStoreFor } from '../../src/db/file-store.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installationWide, UNIT_TABLES, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { recordAudit } from '../../src/features/audit/audit.service.ts';
import { exportUnit, LOCKED_PASSWORD } from '../../src/features/backups/backups.unit-copy.ts';
import { wibDate } from '../../src/lib/time.ts';
import { addRecipient, csrfFrom, login, PASSWORD, token, type Agent } from '../support/app.ts';
import { LETTERHEAD } from '../support/fuzz-world.ts';
import { binary } from '../support/pdf.ts';
import { makeTwoUnits, RUTAN_UJI, type TwoUnits } from '../support/two-units.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let u: TwoUnits;
let dir: string;
let file: string;
let patiDistribution: number;
const PATI_NIK = '3318010101900001';

type Fields = Record<string, string>;
async function send(agent: Agent, url: string, fields: Fields, photo?: { field: string; bytes: Buffer }) {
  const csrf = (await agent.get('/sync/session')).body.csrf as string;
  let req = agent.post(url).field('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (photo) req = req.attach(photo.field, photo.bytes, { filename: 'foto.jpg', contentType: 'image/jpeg' });
  return req;
}
const jpeg = (background: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background } })
    .jpeg()
    .toBuffer();
const savedId = (res: request.Response, re: RegExp) => {
  expect(res.status, res.text?.slice(0, 300)).toBe(303);
  return Number(re.exec(String(res.headers.location))![1]);
};

/** Lapas Pati's rows in the source, per unit table. */
async function patiCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await installationWide(async () => {
    for (const t of UNIT_TABLES) {
      const r = await u.t.db
        .selectFrom(t as 'harvests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('unit_id', '=', u.pati)
        .executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
  });
  return out;
}

beforeAll(async () => {
  u = await makeTwoUnits();
  const { t, w, agents, pati, patiPlot, patiTerong } = u;
  // Lapas Pati's records: a letterhead with a logo, a harvest with a photo, a recipient with a NIK, a handover with a photo.
  const letterhead: Fields = Object.fromEntries(Object.entries(LETTERHEAD).map(([k, v]) => [k, String(v ?? '')]));
  Object.assign(letterhead, {
    unit_name: 'LEMBAGA PEMASYARAKATAN KELAS IIB PATI',
    unit_code: 'LPSPATI',
    address: 'Jl. Kol. Sunandar, Pati',
    city: 'Pati',
  });
  expect((await send(agents.admin, '/settings', letterhead, { field: 'logo', bytes: await jpeg('#3a3') })).status).toBe(303);
  const harvest = {
    form_token: token(),
    commodity_id: String(patiTerong),
    location_id: String(patiPlot),
    weight_g: '12,5',
    harvest_date: wibDate(),
    harvest_time: '00:00',
  };
  savedId(await send(agents.petugas, '/harvests', harvest, { field: 'photo', bytes: await jpeg('#33a') }), /\/harvests\/(\d+)/);
  const recipient = await withUnitScope(unitScope(pati), () => addRecipient(t.db, { name: 'Warga Pati', nik: PATI_NIK }));
  const staf = (await t.db.selectFrom('users').select('id').where('username', '=', 'pati.staf').executeTakeFirstOrThrow()).id;
  const handover = {
    form_token: token(),
    recipient_id: String(recipient),
    handed_on: wibDate(),
    officer_id: String(staf),
    [`qty_${patiTerong}`]: '2',
  };
  patiDistribution = savedId(
    await send(agents.staf, '/distributions', handover, { field: 'photo', bytes: await jpeg('#a3a') }),
    /\/distributions\/(\d+)/,
  );
  // Someone from Rutan Uji named in Lapas Pati's records (an installation admin's change).
  await withUnitScope(unitScope(pati), () => recordAudit(t.db, { userId: w.ids.admin, action: 'update', entity: 'unit', entityId: pati }));

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-unit-copy-'));
  file = path.join(dir, 'lumbung.db');
  const copy = await exportUnit(t.db, t.files, pati, file);
  expect(copy.missingFiles).toEqual([]);
  expect(copy.files).toBe(3);
});
afterAll(async () => {
  await u?.t.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a unit's own copy", () => {
  it("holds Lapas Pati's rows alone, as many as the installation holds of it, and no word of Rutan Uji", async () => {
    const out = new SQLite(file, { readonly: true });
    try {
      expect(out.prepare('select id, parent_id, code from units').all()).toEqual([{ id: u.pati, parent_id: null, code: 'LPSPATI' }]);
      const source = await patiCounts();
      const copied: Record<string, number> = {};
      for (const t of UNIT_TABLES) {
        copied[t] = out.prepare(`select count(*) from "${t}"`).pluck().get() as number;
        expect(out.prepare(`select count(*) from "${t}" where unit_id <> ?`).pluck().get(u.pati), t).toBe(0);
      }
      expect(copied).toEqual(source);
      for (const t of ['harvests', 'distributions', 'recipients', 'site_settings', 'user_roles', 'audit_log'])
        expect(copied[t], t).toBeGreaterThan(0);
      expect(out.pragma('foreign_key_check')).toEqual([]);
      expect(out.pragma('integrity_check', { simple: true })).toBe('ok');
      // The next id continues after the unit's highest.
      const seq = out.prepare("select seq from sqlite_sequence where name = 'harvests'").pluck().get();
      expect(seq).toBe(out.prepare('select max(id) from harvests').pluck().get());
    } finally {
      out.close();
    }
    const bytes = fs.readFileSync(file).toString('latin1');
    expect(bytes).toContain(PATI_NIK);
    expect([...RUTAN_UJI, 'Rutan Uji', 'RTNUJI', 'BLORA'].filter((s) => bytes.includes(s))).toEqual([]);
  });

  it("keeps Lapas Pati's users as they are, and anyone else its records name inactive with a password that never matches", async () => {
    const out = new SQLite(file, { readonly: true });
    try {
      const users = out.prepare('select id, username, active, password_hash from users order by id').all() as Array<{
        id: number;
        username: string;
        active: number;
        password_hash: string;
      }>;
      const source = await u.t.db.selectFrom('users').select(['id', 'username', 'password_hash']).execute();
      const pati = users.filter((x) => x.username.startsWith('pati.'));
      expect(pati).toHaveLength(ROLES.length);
      for (const p of pati) {
        expect(p.active).toBe(1);
        expect(p.password_hash).toBe(source.find((s) => s.id === p.id)!.password_hash);
      }
      const others = users.filter((x) => !x.username.startsWith('pati.'));
      expect(others.map((x) => x.id)).toContain(u.w.ids.admin);
      for (const o of others) expect(o, o.username).toMatchObject({ active: 0, password_hash: LOCKED_PASSWORD });
      // Users neither holding a role in Lapas Pati nor named by its records are not there.
      expect(users.map((x) => x.id)).not.toContain(u.w.ids.staf);
    } finally {
      out.close();
    }
  });

  it('holds the photos and the logo its records name, byte for byte', async () => {
    const out = new SQLite(file, { readonly: true });
    const names = out
      .prepare(
        `select photo_file from harvests where photo_file is not null union select photo_file from distributions where photo_file is not null
         union select logo_file from site_settings where logo_file is not null`,
      )
      .pluck()
      .all() as string[];
    out.close();
    expect(names).toHaveLength(3);
    for (const name of names) {
      const copied = fs.readFileSync(path.join(dir, 'uploads', ...name.split('/')));
      expect(copied.equals((await u.t.files.read(name))!), name).toBe(true);
    }
  });

  it("is a Lumbung of its own: Lapas Pati's admin signs in, lists its harvests and prints a receipt", async () => {
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent', SESSION_SECRET: 's'.repeat(40) });
    const conn = await openConfigured(config);
    try {
      await migrateToLatest(conn.db);
      const app = createApp({ db: conn.db, config, files: fileStoreFor(conn.db, config), logger: pino({ level: 'silent' }) });
      const admin = await login(app, 'pati.admin');
      const list = await admin.get('/harvests');
      expect(list.status).toBe(200);
      expect(list.text).toContain('12,5');
      const pdf = await admin.get(`/distributions/${patiDistribution}/receipt.pdf`).buffer(true).parse(binary);
      expect(pdf.status).toBe(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      // Rutan Uji's admin, named in the records, cannot sign in to it.
      const stranger = request.agent(app);
      const form = await stranger.get('/login');
      const res = await stranger
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), username: 'admin', password: PASSWORD });
      expect(res.status).not.toBe(303);
    } finally {
      await conn.close();
    }
  });
});

describe('the Cadangan page', () => {
  it("gives Lapas Pati's admin the unit's copy as a zip, audited, and keeps the installation's backups from it", async () => {
    const { agents, t, pati, w } = u;
    const page = await agents.admin.get('/backups');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Salinan data unit ini');
    expect(page.text).not.toContain('Cadangan harian otomatis');
    const res = await agents.admin
      .post('/backups/unit-copy')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="?lumbung-LPSPATI-\d{8}-\d{6}\.zip"?$/);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const entries = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    expect(entries).toContain('lumbung.db');
    expect(entries.filter((n) => n.startsWith('uploads/'))).toHaveLength(3);
    const db = await zip.file('lumbung.db')!.async('nodebuffer');
    expect(db.subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(db.toString('latin1')).not.toContain('Rutan Uji');
    const audit = await withUnitScope(unitScope(pati), () =>
      t.db.selectFrom('audit_log').selectAll().where('action', '=', 'download').where('entity', '=', 'backup').execute(),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toMatch(/^lumbung-LPSPATI-/);

    const csrf = csrfFrom(page.text);
    expect((await agents.admin.post('/backups').type('form').send({ _csrf: csrf })).status).toBe(403);
    expect((await agents.admin.post('/backups/schedule').type('form').send({ _csrf: csrf, daily_time: '17:30' })).status).toBe(403);
    expect((await agents.admin.get('/backups/lumbung-20260101-000000.db')).status).toBe(403);
    // Other roles of Lapas Pati take no copy.
    const staf = await agents.staf.get('/harvests');
    expect(
      (
        await agents.staf
          .post('/backups/unit-copy')
          .type('form')
          .send({ _csrf: csrfFrom(staf.text) })
      ).status,
    ).toBe(403);
    // The installation's admin still has the installation's backups.
    const inst = await w.agents.admin.get('/backups');
    expect(inst.status).toBe(200);
    expect(inst.text).toContain('Cadangan harian otomatis');
    expect(inst.text).not.toContain('Salinan data unit ini');
    // …and takes a UPT's copy from Pengaturan → Unit, recorded in that unit's trail; the unit's own
    // admin may not take it that way.
    const units = await w.agents.admin.get('/units');
    expect(units.text).toContain(`action="/units/${pati}/copy"`);
    const taken = await w.agents.admin
      .post(`/units/${pati}/copy`)
      .type('form')
      .send({ _csrf: csrfFrom(units.text) })
      .buffer(true)
      .parse(binary);
    expect(taken.status).toBe(200);
    expect(String(taken.headers['content-disposition'])).toMatch(/lumbung-LPSPATI-\d{8}-\d{6}\.zip/);
    const trail = await withUnitScope(unitScope(pati), () =>
      t.db
        .selectFrom('audit_log')
        .select('user_id')
        .where('action', '=', 'download')
        .where('entity', '=', 'backup')
        .orderBy('id')
        .execute(),
    );
    expect(trail.map((a) => a.user_id)).toEqual([audit[0]!.user_id, w.ids.admin]);
    expect((await agents.admin.post(`/units/${pati}/copy`).type('form').send({ _csrf: csrf })).status).toBe(403);
  });
});
