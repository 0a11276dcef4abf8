// Uploaded files (photos, the logo) through the one file store: the same calls on both engines. On
// PostgreSQL the bytes are in the database, so a second app host — its own DATA_DIR, the same
// database — serves the photos and prints the logo too, and the database's backup holds them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { saveSettings, settingsOn } from '../../src/features/settings/settings.service.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { shiftMonth, wibDate } from '../../src/lib/time.ts';
import { withPhoto } from '../../src/web/upload.ts';
import { formPage, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/engine.ts';
import { LETTERHEAD, makeWorld, type World } from '../support/fuzz-world.ts';
import { binary } from '../support/pdf.ts';

let t: TestApp;
let w: World;
let jpeg: Buffer;
const otherDirs: string[] = [];
beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a7' } })
    .jpeg()
    .toBuffer();
}, 60_000);
afterAll(async () => {
  await t.close();
  for (const dir of otherDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Another app host over the same database, with a DATA_DIR of its own (an empty disk). */
function otherHost() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-host2-'));
  otherDirs.push(dir);
  const config = loadConfig({
    DATA_DIR: dir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 's'.repeat(40),
    DATABASE_URL: t.config.databaseUrl!,
  });
  return { dir, config, app: createApp({ db: t.db, config, logger: pino({ level: 'silent' }) }) };
}

/** Every stored name under a folder, written aside ones included: files on SQLite, rows on PostgreSQL. */
async function storedIn(folder: string): Promise<string[]> {
  if (testEngine === 'postgres')
    return (await t.db.selectFrom('stored_files').select('name').where('name', 'like', `${folder}/%`).execute()).map((r) => r.name).sort();
  const dir = path.join(t.config.uploadsDir, folder);
  return fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .map((f) => `${folder}/${f.split(path.sep).join('/')}`)
        .sort()
    : [];
}

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

describe('the file store', () => {
  it('writes, reads, renames and removes a file by the name the records hold', async () => {
    await t.files.write('tests/a.jpg', jpeg);
    expect(await t.files.exists('tests/a.jpg')).toBe(true);
    expect((await t.files.read('tests/a.jpg'))!.equals(jpeg)).toBe(true);
    await t.files.rename('tests/a.jpg', 'tests/b.jpg');
    expect([await t.files.exists('tests/a.jpg'), await t.files.read('tests/a.jpg')]).toEqual([false, null]);
    expect(fs.readFileSync((await t.files.localPath('tests/b.jpg'))!).equals(jpeg)).toBe(true);
    await t.files.remove('tests/b.jpg');
    await t.files.remove('tests/b.jpg'); // nothing there: nothing happens
    expect([await t.files.exists('tests/b.jpg'), await t.files.localPath('tests/b.jpg'), await t.files.sendable('tests/b.jpg')]).toEqual([
      false,
      null,
      testEngine === 'sqlite' ? { path: path.join(t.config.uploadsDir, 'tests', 'b.jpg') } : null,
    ]);
  });

  it('a file replaced under its name is never read from a stale copy on disk', async () => {
    const name = 'logo-cccccccccccccccccccccccc.png';
    const before = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    const after = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#00f' } })
      .png()
      .toBuffer();
    await t.files.write(name, before);
    expect(fs.readFileSync((await t.files.localPath(name))!).equals(before)).toBe(true);
    await t.files.write(name, after); // as the logo normalised at start is
    expect(fs.readFileSync((await t.files.localPath(name))!).equals(after)).toBe(true);
  });

  it('keeps the files in DATA_DIR/uploads on SQLite, in the database on PostgreSQL with owner-only copies on disk', async () => {
    await t.files.write('tests/c.jpg', jpeg);
    const onDisk = path.join(t.config.uploadsDir, 'tests', 'c.jpg');
    if (testEngine === 'sqlite') {
      expect(fs.readFileSync(onDisk).equals(jpeg)).toBe(true);
      expect([mode(path.dirname(onDisk)), mode(onDisk)]).toEqual(['700', '600']);
      return;
    }
    expect(fs.existsSync(onDisk)).toBe(false);
    const row = await t.db
      .selectFrom('stored_files')
      .select(['size', 'sha256'])
      .where('name', '=', 'tests/c.jpg')
      .executeTakeFirstOrThrow();
    expect(row.size).toBe(jpeg.length);
    const copy = (await t.files.localPath('tests/c.jpg'))!;
    expect(copy).toBe(path.join(t.config.dataDir, 'cache', 'files', `${row.sha256}.jpg`));
    expect([mode(path.dirname(copy)), mode(copy)]).toEqual(['700', '600']);
  });

  it('a photo whose record is refused leaves no file; a resend of the same form keeps the first photo', async () => {
    const name = token();
    const refused = withPhoto(t.files, 'resend', name, jpeg, async () => {
      throw new ValidationError({ weight_g: 'Isi berat panen.' });
    });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    expect(await storedIn('resend')).toEqual([]);

    const { photo } = await withPhoto(t.files, 'resend', name, jpeg, async (photo) => ({ duplicate: false, photo: photo! }));
    // In the folder of the unit it is written to (unit 1, the test's).
    expect(photo).toBe(`resend/unit-1/${name}.jpg`);
    const other = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a27' } })
      .jpeg()
      .toBuffer();
    await withPhoto(t.files, 'resend', name, other, async () => ({ duplicate: true }));
    expect(await storedIn('resend')).toEqual([photo]);
    const kept = (await t.files.read(photo))!;
    const shrunkFirst = (await sharp(kept).stats()).channels[0]!.mean;
    expect(Math.abs(shrunkFirst - 0x22)).toBeLessThan(12); // the first photo's colour, not the resend's
  });
});

describe.runIf(testEngine === 'postgres')('a second app host over the same PostgreSQL database', () => {
  it('serves a harvest photo uploaded through the first host', async () => {
    const petugas = w.agents.petugas;
    const f = await formPage(petugas, '/harvests/new');
    const fields = {
      _csrf: f.csrf,
      form_token: f.formToken,
      commodity_id: String(TERONG),
      location_id: String(w.ids.lahan),
      weight_g: '1,5',
      // Yesterday: today's 07.00 is still ahead between midnight and 7 in Jakarta.
      harvest_date: wibDate(new Date(Date.now() - 86_400_000)),
      harvest_time: '07:00',
    };
    let req = petugas.post('/harvests');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const saved = await req.attach('photo', jpeg, 'foto.jpg');
    expect(saved.status, saved.text?.slice(0, 300)).toBe(303);
    const id = /\/harvests\/(\d+)/.exec(String(saved.headers.location))![1]!;
    const sent = (await petugas.get(`/harvests/${id}/photo`).buffer(true).parse(binary)).body as Buffer;

    const host2 = otherHost();
    const cookie = (await petugas.get('/')).request.cookies;
    const res = await request(host2.app).get(`/harvests/${id}/photo`).set('Cookie', cookie).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, max-age=604800');
    expect((res.body as Buffer).equals(sent)).toBe(true);
    // Neither host kept it on its own disk.
    expect(fs.existsSync(path.join(t.config.uploadsDir, 'harvests'))).toBe(false);
    expect(fs.existsSync(path.join(host2.dir, 'uploads', 'harvests'))).toBe(false);
  }, 60_000);

  it('prints the logo stored through the first host in its receipts and monthly report, and serves it', async () => {
    const logo = await sharp({ create: { width: 120, height: 60, channels: 3, background: '#c22' } })
      .png()
      .toBuffer();
    await saveSettings(
      t.db,
      t.files,
      LETTERHEAD,
      { logo: { buffer: logo, type: 'png' }, removeLogo: false, effectiveFrom: '2020-01-02' },
      w.ids.admin,
    );
    const name = (await settingsOn(t.db))!.logo_file!;

    const host2 = otherHost();
    const cookie = (await w.agents.admin.get('/')).request.cookies;
    const get = (url: string) => request(host2.app).get(url).set('Cookie', cookie).buffer(true).parse(binary);
    const receipt = await get(`/distributions/${w.ids.distribution}/receipt.pdf`);
    expect(receipt.status).toBe(200);
    expect((receipt.body as Buffer).toString('latin1')).toContain('/Subtype /Image');
    const report = await get(`/reports/${shiftMonth(wibDate().slice(0, 7), -1)}/report.pdf`);
    expect(report.status).toBe(200);
    expect((report.body as Buffer).toString('latin1')).toContain('/Subtype /Image');
    const served = await get(`/settings/logo/${name}`);
    expect([served.status, served.headers['content-type']]).toEqual([200, 'image/png']);
    expect((served.body as Buffer).equals(logo)).toBe(true);
    // PDFKit read it from the second host's own cache.
    expect(fs.readdirSync(path.join(host2.dir, 'cache', 'files'))).toHaveLength(1);
  }, 60_000);
});
