// The letterhead logo is shrunk (600 px at most) and flattened onto white when it is stored, so a
// receipt never decodes a huge picture or an alpha channel; a logo stored before that is made so
// once, at start, keeping its name.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReceipt } from '../../src/features/receipts/receipts.sample.ts';
import { normaliseStoredLogos, settingsOn } from '../../src/features/settings/settings.service.ts';
import { nowIso } from '../../src/lib/time.ts';
import { csrfFrom, makeTestApp, type TestApp } from '../support/app.ts';
import { LETTERHEAD, makeWorld, type World } from '../support/fuzz-world.ts';
import { binary } from '../support/pdf.ts';

let t: TestApp;
let w: World;
let huge: Buffer;
beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  huge = await hugeTransparentPng();
}, 60_000);
afterAll(() => t.close());

/** 7000 × 7000 px (49 MP), transparent but for a red square in the middle: a 190 KB file like the one reported. */
async function hugeTransparentPng(): Promise<Buffer> {
  const square = await sharp({ create: { width: 3000, height: 3000, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 1 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 7000, height: 7000, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: square, left: 2000, top: 2000 }])
    .png()
    .toBuffer();
}

/** A stored logo is at most 600 px, without alpha, transparent parts white, the middle still red. */
async function expectNormalised(name: string) {
  const file = (await t.files.read(name))!;
  const meta = await sharp(file).metadata();
  expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(600);
  expect(meta.hasAlpha).toBe(false);
  expect(meta.depth).toBe('uchar');
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
  expect(px(2, 2)).toEqual([255, 255, 255]);
  const [r, g, b] = px(info.width >> 1, info.height >> 1);
  expect(r).toBeGreaterThan(180);
  expect(g! + b!).toBeLessThan(80);
}

describe('a logo uploaded on the settings page', () => {
  it('a 7000 px transparent PNG is stored at most 600 px on white, and a receipt with it prints in well under a second', async () => {
    expect(huge.length).toBeLessThan(1024 * 1024);
    const receipt = `/distributions/${w.ids.distribution}/receipt.pdf`;
    expect((await w.all.get(receipt)).status).toBe(200); // the PDF code loaded, fonts parsed

    const admin = w.agents.admin;
    let req = admin.post('/settings').field('_csrf', csrfFrom((await admin.get('/settings')).text));
    for (const [k, v] of Object.entries({ ...LETTERHEAD, phone: '', email: '', receipts_per_page: '1' })) req = req.field(k, String(v));
    const res = await req.attach('logo', huge, { filename: 'logo.png', contentType: 'image/png' });
    expect(res.status, res.text?.slice(0, 300)).toBe(303);
    const logo = (await settingsOn(t.db))!.logo_file!;
    await expectNormalised(logo);

    const started = performance.now();
    const pdf = await w.all.get(receipt).buffer(true).parse(binary);
    const ms = performance.now() - started;
    expect(pdf.status).toBe(200);
    const bytes = (pdf.body as Buffer).toString('latin1');
    expect(bytes).toContain('/Subtype /Image');
    expect(bytes).not.toContain('/SMask');
    expect(ms, `receipt took ${Math.round(ms)} ms`).toBeLessThan(700);
  }, 60_000);
});

describe('a logo stored before logos were normalised', () => {
  it('is shrunk and flattened once at start under the same name; a missing or unreadable file is only reported', async () => {
    const name = 'logo-0123456789abcdef01234567.png';
    // As an older version stored them (through the store: files on SQLite, rows on PostgreSQL).
    await t.files.write(name, huge);
    await t.files.write('logo-bbbbbbbbbbbbbbbbbbbbbbbb.png', Buffer.from('bukan gambar'));
    const row = { ...LETTERHEAD, created_at: nowIso(), created_by: w.ids.admin };
    for (const [from, logo] of [
      ['2021-01-01', name],
      ['2022-01-01', 'logo-aaaaaaaaaaaaaaaaaaaaaaaa.png'],
      ['2023-01-01', 'logo-bbbbbbbbbbbbbbbbbbbbbbbb.png'],
    ] as const) {
      await t.db
        .insertInto('site_settings')
        .values({ ...row, effective_from: from, logo_file: logo })
        .execute();
    }

    const first = await normaliseStoredLogos(t.db, t.files);
    expect(first.normalised).toEqual([name]);
    expect(first.unreadable.sort()).toEqual(['logo-aaaaaaaaaaaaaaaaaaaaaaaa.png', 'logo-bbbbbbbbbbbbbbbbbbbbbbbb.png']);
    await expectNormalised(name);

    // Once: the next start finds nothing to do and leaves the file alone.
    const normalised = await t.files.read(name);
    const second = await normaliseStoredLogos(t.db, t.files);
    expect(second.normalised).toEqual([]);
    expect((await t.files.read(name))!.equals(normalised!)).toBe(true);

    // A receipt dated in 2021 draws that logo, quickly.
    const { renderReceipts } = await import('../../src/features/receipts/receipts.pdf.ts');
    const started = performance.now();
    const pdf = await renderReceipts([sampleReceipt((await t.files.localPath(name))!)], { paper: 'a4', perPage: 1 });
    expect(performance.now() - started).toBeLessThan(700);
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');
  }, 60_000);
});
