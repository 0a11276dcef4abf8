// Issue 15: a harvest logged in a Wi-Fi dead spot is kept on the tablet (public/js/offline-queue.js)
// until the server confirmed it, and saved exactly once. Real server, demo data, Chromium; every
// harvest here has its own weight so the database can be asked how many of it were saved.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDate } from '../../src/lib/time.ts';
import { checkPage, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let session: DemoSession;
let page: Page;
const url = (p: string) => session.url(p);
const shots = '/tmp/queue-shots';

const withDb = <T>(fn: (db: Database.Database) => T): T => session.withDb(fn);
/** How many active harvests of exactly this weight (grams) the server holds. */
const saved = (weightG: number) =>
  withDb(
    (db) => (db.prepare("select count(*) as n from harvests where weight_g = ? and status = 'active'").get(weightG) as { n: number }).n,
  );

async function fillHarvest(p: Page, commodity: string, location: string, weight: string) {
  await p.locator('#f-commodity_id label.choice', { hasText: commodity }).click();
  await p.locator('#f-location_id label.choice', { hasText: location }).click();
  await p.fill('#f-weight_g', weight);
}
const simpan = (p: Page) => p.getByRole('button', { name: 'Simpan panen' }).click();
const notice = (p: Page) => p.locator('[data-queue-notice]');
const entry = (p: Page, label: string) => p.locator('#antrean li.queue-entry', { hasText: label });
/**
 * Saving offline shows "Mengirim…", lists the entry, then tries to send it and only then says it
 * will be sent later. Until then coming back online sends it and rightly takes the officer to the
 * record, away from this list: wait for the end of that try. The entry is listed after "Mengirim…"
 * was shown, so a "kept" notice read after the entry is seen belongs to this entry.
 */
async function keptOffline(p: Page, label: string) {
  await expect
    .poll(async () => (await entry(p, label).count()) === 1 && (await notice(p).innerText()).includes('akan dikirim otomatis'))
    .toBe(true);
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function logIn(p: Page) {
  await p.fill('#f-username', 'petugas');
  await p.fill('#f-password', 'lumbung-demo');
  await submit(p, p.getByRole('button', { name: 'Masuk', exact: true }));
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  // The worker (public/sw.js, registered on 127.0.0.1 too) would hide /sync requests from
  // page.route; opening the form offline from it is test/browser/https-offline.test.ts's part.
  session = await demoSession('petugas', { width: 768, height: 1024 }, { serviceWorkers: 'block' });
  page = session.page;
  page.on('pageerror', (e) => console.log('page error:', e.message));
}, 90_000);

afterAll(async () => {
  await session?.close();
});

describe('the offline queue on the harvest form', () => {
  it('offline at submit: the entry is kept, the count shows 1, back online exactly one harvest is saved', async () => {
    await page.goto(url('/harvests/new'));
    await fillHarvest(page, 'Terong', 'Lahan Blok A', '1,111');
    await session.context.setOffline(true);
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('Panen disimpan di tablet dan akan dikirim otomatis saat tersambung.');
    expect(new URL(page.url()).pathname).toBe('/harvests/new'); // no browser error page
    expect(await page.locator('#antrean-status').innerText()).toContain('1 panen belum terkirim');
    expect(await page.inputValue('#f-weight_g')).toBe(''); // ready for the next harvest
    expect(await entry(page, 'Terong 1,111 kg').innerText()).toContain('Menunggu');
    expect(saved(1111)).toBe(0);

    await session.context.setOffline(false); // the `online` event replays the queue
    await expect.poll(() => entry(page, 'Terong 1,111 kg').innerText(), { timeout: 15_000 }).toContain('Terkirim');
    expect(saved(1111)).toBe(1);
    await expect.poll(() => page.locator('#antrean-status').isHidden()).toBe(true);
  });

  it('online: the entry is sent at once and the officer sees the saved record', async () => {
    await page.goto(url('/harvests/new'));
    await fillHarvest(page, 'Cabai', 'Lahan Blok B', '1,222');
    await Promise.all([page.waitForURL(/\/harvests\/\d+\?saved=1$/), simpan(page)]);
    expect(saved(1222)).toBe(1);
  });

  it('the server saves but the answer is lost: the retry saves nothing new, the officer sees one record', async () => {
    await page.goto(url('/harvests/new'));
    let answered = 0;
    await page.route('**/sync/harvests', async (route) => {
      await route.fetch(); // the server saves…
      answered++;
      await route.abort(); // …and the answer never reaches the tablet
    });
    await fillHarvest(page, 'Tomat', 'Lahan Blok A', '1,333');
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('akan dikirim otomatis');
    expect(answered).toBe(1);
    expect(saved(1333)).toBe(1);
    await page.unroute('**/sync/harvests');

    await page.getByRole('button', { name: 'Kirim sekarang' }).click();
    await expect.poll(() => entry(page, 'Tomat 1,333 kg').innerText(), { timeout: 15_000 }).toContain('Terkirim');
    expect(saved(1333)).toBe(1);
    const id = withDb((db) => (db.prepare('select id from harvests where weight_g = 1333').get() as { id: number }).id);
    expect(await entry(page, 'Tomat 1,333 kg').locator('a').getAttribute('href')).toBe(`/harvests/${id}`);
  });

  it('entries made offline survive a reload and a closed and reopened tab', async () => {
    await page.goto(url('/harvests/new'));
    await session.context.setOffline(true);
    await fillHarvest(page, 'Terong', 'Lahan Blok B', '1,444');
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('akan dikirim otomatis');
    await fillHarvest(page, 'Cabai', 'Lahan Blok A', '1,555');
    await simpan(page);
    await keptOffline(page, 'Cabai 1,555 kg');
    await expect.poll(() => page.locator('#antrean-status').innerText()).toContain('2 panen belum terkirim');
    // The Wi-Fi is back for pages but the sync answers are still lost: nothing may be sent yet.
    await page.route('**/sync/**', (route) => route.abort());
    await session.context.setOffline(false);
    await page.reload();
    await expect.poll(() => page.locator('#antrean-status').innerText()).toContain('2 panen belum terkirim');
    expect(await entry(page, 'Terong 1,444 kg').innerText()).toContain('Menunggu');

    await page.close();
    page = await session.context.newPage();
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await page.route('**/sync/**', (route) => route.abort());
    await page.goto(url('/'));
    await expect.poll(() => page.locator('#antrean-status').innerText()).toContain('2 panen belum terkirim');
    await page.goto(url('/harvests/new'));
    expect(await entry(page, 'Cabai 1,555 kg').innerText()).toContain('Menunggu');
    for (const size of [
      { width: 768, height: 1024 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(shots, `queue-waiting-${size.width}x${size.height}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(saved(1444) + saved(1555)).toBe(0);

    await page.unroute('**/sync/**');
    await page.getByRole('button', { name: 'Kirim sekarang' }).click();
    await expect.poll(() => page.locator('#antrean-status').isHidden(), { timeout: 15_000 }).toBe(true);
    expect([saved(1444), saved(1555)]).toEqual([1, 1]);
  });

  it('two queued entries, one for a plot deactivated meanwhile: one saved, one in "Perlu tindakan" with the reason', async () => {
    await page.goto(url('/harvests/new'));
    await session.context.setOffline(true);
    await fillHarvest(page, 'Terong', 'Lahan Belakang Dapur', '1,666');
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('akan dikirim otomatis');
    await fillHarvest(page, 'Tomat', 'Lahan Blok A', '1,777');
    await simpan(page);
    await keptOffline(page, 'Tomat 1,777 kg');
    await expect.poll(() => page.locator('#antrean-status').innerText()).toContain('2 panen belum terkirim');
    withDb((db) => db.prepare("update locations set active = 0 where name = 'Lahan Belakang Dapur'").run());
    try {
      await session.context.setOffline(false);
      await expect.poll(() => entry(page, 'Tomat 1,777 kg').innerText(), { timeout: 15_000 }).toContain('Terkirim');
      const refused = entry(page, 'Terong 1,666 kg');
      await expect.poll(() => refused.innerText()).toContain('Perlu tindakan');
      const reason = await refused.locator('.queue-reason').innerText();
      expect(reason.trim().length).toBeGreaterThan(5);
      expect([saved(1666), saved(1777)]).toEqual([0, 1]);
      expect(await page.locator('#antrean-status').innerText()).toContain('1 perlu tindakan');
      await checkPage(page, 'offline-queue-refused');
      for (const size of [
        { width: 768, height: 1024 },
        { width: 1024, height: 768 },
      ]) {
        await page.setViewportSize(size);
        await page.screenshot({ path: path.join(shots, `queue-refused-${size.width}x${size.height}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 768, height: 1024 });

      // Buang asks first, then the entry is gone from the tablet.
      await refused.getByRole('button', { name: 'Buang' }).click();
      await refused.getByRole('button', { name: 'Ya, buang' }).click();
      await expect.poll(() => entry(page, 'Terong 1,666 kg').count()).toBe(0);
    } finally {
      withDb((db) => db.prepare("update locations set active = 1 where name = 'Lahan Belakang Dapur'").run());
    }
  });

  it('Keluar with an unsent entry warns; a session that expired offline asks for a login, then the queue is sent', async () => {
    await page.goto(url('/harvests/new'));
    await session.context.setOffline(true);
    await fillHarvest(page, 'Cabai', 'Lahan Blok B', '1,888');
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('akan dikirim otomatis');

    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    const panel = page.locator('#antrean-keluar');
    await expect.poll(() => panel.innerText()).toContain('Masih ada 1 panen di tablet ini yang belum terkirim');
    expect(new URL(page.url()).pathname).toBe('/harvests/new'); // still logged in, nothing lost
    await page.screenshot({ path: path.join(shots, 'queue-keluar-768x1024.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Kirim dulu' }).click();
    await expect.poll(() => panel.innerText()).toContain('Belum semua terkirim');

    withDb((db) => db.prepare('delete from sessions').run()); // the session expires while offline
    await session.context.setOffline(false);
    const status = page.locator('#antrean-status');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('Masuk untuk mengirim 1 panen');
    expect(saved(1888)).toBe(0);
    await submit(page, status.getByRole('link', { name: 'Masuk' }));
    expect(new URL(page.url()).pathname).toBe('/login');
    // The login page says what waits on the tablet, and whose it is.
    await expect
      .poll(() => page.locator('#antrean-status').innerText())
      .toContain('1 catatan di tablet ini belum terkirim (milik petugas)');
    await logIn(page); // the page after the login replays the queue
    await waitFor(() => saved(1888) === 1, 'the queued harvest to be saved after the login');
    await expect.poll(() => status.isHidden()).toBe(true);
  });

  it('Perbaiki of an entry whose plot was closed goes through the queue and replaces it; Keluar warns about it; a sent entry is cleared at Keluar', async () => {
    await page.goto(url('/harvests/new'));
    await session.context.setOffline(true);
    await fillHarvest(page, 'Terong', 'Lahan Belakang Dapur', '2,101');
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('akan dikirim otomatis');
    withDb((db) => db.prepare("update locations set active = 0 where name = 'Lahan Belakang Dapur'").run());
    try {
      await session.context.setOffline(false);
      await page.goto(url('/harvests/new')); // the closed plot is no longer a choice
      const refused = entry(page, 'Terong 2,101 kg');
      await expect.poll(() => refused.innerText(), { timeout: 15_000 }).toContain('Perlu tindakan');

      // Keluar with an entry that still needs action: warned, and it cannot be "sent first".
      await page.getByRole('button', { name: 'Keluar', exact: true }).click();
      const panel = page.locator('#antrean-keluar');
      await expect.poll(() => panel.innerText()).toContain('1 catatan di tablet ini perlu tindakan');
      expect(await panel.getByRole('button', { name: 'Kirim dulu' }).count()).toBe(0);
      expect(new URL(page.url()).pathname).toBe('/harvests/new');

      // Perbaiki: no plot can be ticked; saving goes through the queue and the server says what is missing.
      await refused.getByRole('button', { name: 'Perbaiki' }).click();
      await simpan(page);
      await expect.poll(() => page.locator('#f-location_id').innerText()).toMatch(/Pilih lahan atau kolam/i);
      expect(await page.locator('#antrean li.queue-entry', { hasText: '2,101 kg' }).count()).toBe(1);
      await page.locator('#f-location_id label.choice', { hasText: 'Lahan Blok A' }).click();
      await simpan(page);
      await page.waitForURL(/\/harvests\/\d+\?saved=1$/);
      expect(saved(2101)).toBe(1);
      await page.goto(url('/harvests/new'));
      // The queue list is drawn by the page's script after load, from IndexedDB: wait for it.
      const rows = page.locator('#antrean li.queue-entry', { hasText: '2,101 kg' });
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.innerText()).toContain('Terkirim');

      // Keluar with nothing unsent: the sent entries of this user leave the tablet (they are on the server).
      await submit(page, page.getByRole('button', { name: 'Keluar', exact: true }));
      await page.goto(url('/login'));
      await logIn(page);
      await page.goto(url('/harvests/new'));
      await expect.poll(() => page.locator('#antrean').innerText()).not.toContain('2,101 kg');
    } finally {
      withDb((db) => db.prepare("update locations set active = 1 where name = 'Lahan Belakang Dapur'").run());
    }
  });

  it('an answer that will not change (400) puts the entry in "Perlu tindakan" and the next one is still sent', async () => {
    await page.goto(url('/harvests/new'));
    await session.context.setOffline(true);
    await fillHarvest(page, 'Terong', 'Lahan Blok A', '2,202');
    await simpan(page);
    await expect.poll(() => notice(page).innerText()).toContain('akan dikirim otomatis');
    await fillHarvest(page, 'Tomat', 'Lahan Blok B', '2,303');
    await simpan(page);
    await keptOffline(page, 'Tomat 2,303 kg');
    expect(await entry(page, 'Tomat 2,303 kg').innerText()).toContain('Menunggu');
    await page.route('**/sync/harvests', (route) =>
      /2,202/.test(route.request().postData() ?? '')
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ status: 'error', message: 'Permintaan tidak dapat dibaca.' }),
          })
        : route.continue(),
    );
    try {
      await session.context.setOffline(false);
      await expect.poll(() => entry(page, 'Tomat 2,303 kg').innerText(), { timeout: 15_000 }).toContain('Terkirim');
      const stuck = entry(page, 'Terong 2,202 kg');
      await expect.poll(() => stuck.innerText()).toContain('Perlu tindakan');
      expect(await stuck.innerText()).toContain('kode 400');
      expect([saved(2202), saved(2303)]).toEqual([0, 1]);
      await stuck.getByRole('button', { name: 'Buang' }).click();
      await stuck.getByRole('button', { name: 'Ya, buang' }).click();
    } finally {
      await page.unroute('**/sync/harvests');
    }
  });

  it('a copy of the form loaded on an earlier day opens with the date and time of now', async () => {
    await page.route('**/harvests/new', async (route) => {
      const res = await route.fetch();
      const html = (await res.text())
        .replace(/data-rendered-at="[^"]+"/, 'data-rendered-at="2026-01-05T01:00:00.000Z"')
        .replace(/(id="f-harvest_date"[^>]*value=")[^"]*"/, '$12026-01-05"')
        .replace(/(name="harvest_date"[^>]*value=")[^"]*"/, '$12026-01-05"');
      await route.fulfill({ response: res, body: html });
    });
    try {
      await page.goto(url('/harvests/new'));
      expect(await page.inputValue('#f-harvest_date')).toBe(wibDate());
    } finally {
      await page.unroute('**/harvests/new');
    }
  });

  it('with JavaScript disabled the harvest form saves as today', async () => {
    const context = await session.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'id-ID', javaScriptEnabled: false });
    try {
      const p = await context.newPage();
      await p.goto(url('/login'));
      await logIn(p);
      await p.goto(url('/harvests/new'));
      expect(await p.locator('#antrean-status').isHidden()).toBe(true); // nothing shown without the script
      await fillHarvest(p, 'Tomat', 'Lahan Blok B', '1,999');
      await submit(p, p.getByRole('button', { name: 'Simpan panen' }));
      expect(new URL(p.url()).pathname).toMatch(/^\/harvests\/\d+$/);
      expect(saved(1999)).toBe(1);
    } finally {
      await context.close();
    }
  });
});
