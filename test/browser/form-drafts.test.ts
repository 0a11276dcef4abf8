// Issue 13 on a tablet: choices are never thrown away. A package tap keeps the ticked recipients and
// the link to the voided receipt (with and without JavaScript), typed quantities survive Back after a
// refused save, and a session that ended while a form was open leads back to it with the values.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let session: DemoSession;
let page: Page;
const url = (p: string) => session.url(p);
const shots = '/tmp/forms-shots';

async function shot(p: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  for (const size of [
    { width: 768, height: 1024 },
    { width: 1024, height: 768 },
  ]) {
    await p.setViewportSize(size);
    await p.screenshot({ path: path.join(shots, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
}

const withDb = <T>(fn: (db: Database.Database) => T): T => session.withDb(fn);

async function logIn(p: Page, username: string) {
  await p.fill('#f-username', username);
  await p.fill('#f-password', 'lumbung-demo');
  await submit(p, p.getByRole('button', { name: 'Masuk', exact: true }));
}

/** A new Bakti Sosial (the demo's own have served every family), as a path to its batch screen for families. */
let batch = '';
async function batchPath(): Promise<string> {
  if (batch) return batch;
  await page.goto(url('/events/new'));
  await page.fill('#f-name', 'Bakti Sosial Uji Draf');
  await page.locator('label.choice', { hasText: 'Bakti Sosial' }).click();
  await page.fill('#f-place', 'Ruang Kunjungan');
  await submit(page, page.getByRole('button', { name: 'Simpan kegiatan' }));
  batch = `${new URL(page.url()).pathname}/batch?category=keluarga_wbp`;
  return batch;
}

beforeAll(async () => {
  session = await demoSession('staf', { width: 768, height: 1024 });
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('a package tap keeps every other choice', () => {
  it('on the batch screen (JavaScript): 4 ticked stay ticked, the date and officer stay, the quantities are the package', async () => {
    await page.goto(url(await batchPath()));
    for (let i = 0; i < 4; i++) await page.locator('label.pick').nth(i).click();
    await page.fill('#f-handed_on', '2026-11-01');
    const officer = await page.locator('#f-officer_id option').nth(1).getAttribute('value');
    await page.selectOption('#f-officer_id', officer!);
    const before = page.url();
    await page.getByRole('button', { name: 'Paket lengkap' }).click();
    expect(page.url()).toBe(before);
    expect(await page.locator('input[name=recipient_ids]:checked').count()).toBe(4);
    expect(await page.inputValue('#f-handed_on')).toBe('2026-11-01');
    expect(await page.inputValue('#f-officer_id')).toBe(officer);
    expect(await page.inputValue('#f-qty_2')).toBe('0,5');
    expect(await page.inputValue('#f-heads_4')).toBe('7');
    expect(await page.locator('[data-package-status]').innerText()).toContain('Paket lengkap');
    await shot(page, 'batch-package-js');
    await checkPage(page, 'form-drafts-batch');
  });

  it('on the batch screen without JavaScript: the button sends the form back filled, the ticks kept', async () => {
    const context: BrowserContext = await session.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: 'id-ID',
      javaScriptEnabled: false,
    });
    const p = await context.newPage();
    await p.goto(url('/login'));
    await logIn(p, 'staf');
    await p.goto(url(await batchPath()));
    for (let i = 0; i < 4; i++) await p.locator('label.pick').nth(i).click();
    await submit(p, p.getByRole('button', { name: 'Paket lengkap' }));
    expect(await p.locator('input[name=recipient_ids]:checked').count()).toBe(4);
    expect(await p.inputValue('#f-qty_1')).toBe('1');
    expect(await p.inputValue('#f-heads_4')).toBe('7');
    // Enter in a quantity saves (the form's first button), it does not apply a package.
    await p.fill('#f-qty_1', '5000');
    await Promise.all([p.waitForNavigation(), p.press('#f-qty_1', 'Enter')]);
    expect(await p.locator('.flash-error').first().innerText()).toContain('tidak dapat disimpan');
    await shot(p, 'batch-package-nojs');
    await context.close();
  });

  it('on a replacement: the package tap keeps the link to the voided receipt, and the save carries it', async () => {
    await page.goto(url('/distributions?status=active'));
    await submit(page, page.locator('table tbody a').first());
    const title = await page.title();
    const receipt = /TT\/[^\s·]+/.exec(title)?.[0];
    expect(receipt, `${title} at ${page.url()}`).toBeTruthy();
    await page.fill('#f-reason', 'Salah paket');
    await page.locator('label', { hasText: 'Lanjut membuat tanda terima pengganti' }).click();
    await submit(page, page.getByRole('button', { name: 'Batalkan tanda terima' }));
    expect(page.url()).toContain('/distributions/new?replaces=');
    const eventValue = await page.locator('#f-event_id option', { hasText: 'Bakti Sosial Uji Draf' }).getAttribute('value');
    await page.selectOption('#f-event_id', eventValue!);
    await page.getByRole('button', { name: 'Paket sayur' }).click();
    expect(await page.locator('.flash-info').first().innerText()).toContain(receipt);
    expect(await page.inputValue('#f-event_id')).toBe(eventValue);
    expect(await page.inputValue('#f-qty_3')).toBe('1');
    // Small quantities fit whatever the demo stock is today.
    for (const [f, v] of [
      ['qty_1', '0,1'],
      ['qty_2', '0,05'],
      ['qty_3', '0,1'],
    ] as const)
      await page.fill(`#f-${f}`, v);
    await shot(page, 'replacement-package');
    await submit(page, page.getByRole('button', { name: 'Simpan dan buat tanda terima' }));
    expect(page.url(), await page.locator('main').innerText()).toContain('saved=1');
    expect(await page.locator('main').innerText()).toContain(`Pengganti tanda terima ${receipt}`);
    const id = Number(/\/distributions\/(\d+)/.exec(page.url())![1]);
    const row = withDb((db) =>
      db
        .prepare('SELECT d.event_id, r.receipt_no FROM distributions d JOIN distributions r ON r.id = d.replaces_id WHERE d.id = ?')
        .get(id),
    ) as { event_id: number; receipt_no: string };
    expect(row).toEqual({ event_id: Number(eventValue), receipt_no: receipt });
  });
});

describe('typed values survive Back and a session that ended', () => {
  it('Back after a refused save brings the form back with the typed quantities', async () => {
    await page.goto(url(await batchPath()));
    // The ticks and package of the first test are still this tab's draft of the form: start afresh.
    if (await page.locator('[data-draft-notice]').count()) {
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kosongkan isian' }).click()]);
    }
    expect(await page.locator('input[name=recipient_ids]:checked').count()).toBe(0);
    await page.fill('#f-qty_1', '0,3');
    await page.fill('#f-qty_2', '0,2');
    await submit(page, page.getByRole('button', { name: 'Simpan semua dan buat tanda terima' }));
    expect(await page.locator('.flash-error').first().innerText()).toContain('Periksa kembali');
    await page.goBack({ waitUntil: 'load' });
    expect(await page.inputValue('#f-qty_1')).toBe('0,3');
    expect(await page.inputValue('#f-qty_2')).toBe('0,2');
    expect(await page.locator('[data-draft-notice]').innerText()).toContain('Isian yang belum disimpan dipulihkan.');
    await shot(page, 'batch-back');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kosongkan isian' }).click()]);
    expect(await page.inputValue('#f-qty_1')).toBe('');
  });

  it('Back after a refused harvest brings the weight back (petugas)', async () => {
    const context = await session.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'id-ID' });
    const p = await context.newPage();
    await p.goto(url('/login'));
    await logIn(p, 'petugas');
    await p.goto(url('/harvests/new'));
    await p.fill('#f-weight_g', '2,5');
    await submit(p, p.getByRole('button', { name: 'Simpan panen' }));
    expect(await p.locator('.flash-error').count()).toBeGreaterThan(0);
    await p.goBack({ waitUntil: 'load' });
    expect(await p.inputValue('#f-weight_g')).toBe('2,5');
    await shot(p, 'harvest-back');
    // Opened afresh from the home page for another commodity, the form is what the server chose:
    // the typing that was left (never sent) does not come back over it.
    await p.goto(url('/'));
    await submit(p, p.locator('main a.quick', { hasText: 'Lele' }));
    expect(await p.locator('input[name=commodity_id][value="4"]').isChecked()).toBe(true);
    expect(await p.inputValue('#f-weight_g')).toBe('');
    expect(await p.locator('[data-draft-notice]').count()).toBe(0);
    await context.close();
  });

  it('a session that ended: the save leads to login, then back to the form with the values and why; saved once', async () => {
    const recipient = withDb(
      (db) => (db.prepare("SELECT id FROM recipients WHERE category = 'lembaga' ORDER BY id LIMIT 1").get() as { id: number }).id,
    );
    const form = `/distributions/new?recipient=${recipient}`;
    await page.goto(url(form));
    await page.fill('#f-qty_1', '0,1');
    await page.fill('#f-qty_2', '0,05');
    const before = withDb((db) => (db.prepare('SELECT count(*) AS n FROM distributions').get() as { n: number }).n);
    withDb((db) => db.prepare('DELETE FROM sessions').run());
    await submit(page, page.getByRole('button', { name: 'Simpan dan buat tanda terima' }));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('main').innerText()).toContain('Sesi Anda telah berakhir');
    await shot(page, 'expired-login');
    await logIn(page, 'staf');
    expect(page.url()).toBe(url(form));
    expect(await page.inputValue('#f-qty_1')).toBe('0,1');
    expect(await page.inputValue('#f-qty_2')).toBe('0,05');
    expect(await page.locator('[data-draft-notice]').innerText()).toContain(
      'Sesi Anda telah berakhir. Isian Anda dipulihkan; periksa lalu simpan lagi.',
    );
    await shot(page, 'expired-restored');
    await checkPage(page, 'form-drafts-restored');
    await submit(page, page.getByRole('button', { name: 'Simpan dan buat tanda terima' }));
    expect(page.url()).toContain('saved=1');
    expect(withDb((db) => (db.prepare('SELECT count(*) AS n FROM distributions').get() as { n: number }).n)).toBe(before + 1);
    // Saved and confirmed: the draft is gone, and the form is empty next time.
    await page.goto(url(form));
    expect(await page.inputValue('#f-qty_1')).toBe('');
    expect(await page.locator('[data-draft-notice]').count()).toBe(0);

    // Keluar on a shared tablet drops this officer's drafts.
    await page.fill('#f-qty_1', '0,2');
    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    await logIn(page, 'staf');
    await page.goto(url(form));
    expect(await page.inputValue('#f-qty_1')).toBe('');
  });
});
