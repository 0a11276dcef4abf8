// The officer's most used screen, on a tablet in portrait: a harvest in at most four taps plus
// the weight, what was saved, "Catat lagi", and the stock page showing it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchBrowser, submit } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const url = (p: string) => server.baseUrl + p;

async function login(username: string, password: string) {
  await context.clearCookies();
  await page.goto(url('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
}

/** A user an admin created chooses their own password at the first login. */
async function chooseOwnPassword(current: string, own: string) {
  expect(new URL(page.url()).pathname).toBe('/account/password');
  await page.fill('#f-current_password', current);
  await page.fill('#f-password', own);
  await page.fill('#f-password_confirm', own);
  await submit(page, page.getByRole('button', { name: 'Simpan kata sandi baru' }));
}

async function addLocation(name: string, kind: 'lahan' | 'kolam') {
  await page.goto(url('/locations/new'));
  await page.fill('#f-name', name);
  await page.selectOption('#f-kind', kind);
  await submit(page, page.getByRole('button', { name: 'Simpan' }));
  expect(await page.locator('.flash-success').first().innerText()).toContain(name);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'id-ID' });
  page = await context.newPage();
  await page.goto(url('/setup'));
  await page.fill('#f-unit_name', 'Rutan Kelas IIB Blora');
  await page.fill('#f-unit_code', 'RTNBLORA');
  await page.fill('#f-username', 'admin');
  await page.fill('#f-full_name', 'Admin Rutan');
  await page.fill('#f-password', 'kata-sandi-admin');
  await page.fill('#f-password_confirm', 'kata-sandi-admin');
  await submit(page, page.getByRole('button', { name: 'Buat akun admin' }));
  expect(new URL(page.url()).pathname).toBe('/'); // the new admin is logged in
  await addLocation('Lahan Blok A', 'lahan');
  await addLocation('Kolam 1', 'kolam');
  await page.goto(url('/users/new'));
  await page.fill('#f-username', 'slamet');
  await page.fill('#f-full_name', 'Slamet Riyadi');
  await page.check('input[name=roles][value=petugas]');
  await page.fill('#f-password', 'sandi-petugas-1');
  await page.fill('#f-password_confirm', 'sandi-petugas-1');
  await submit(page, page.getByRole('button', { name: 'Simpan' }));
  await login('slamet', 'sandi-petugas-1');
  await chooseOwnPassword('sandi-petugas-1', 'sandi-slamet-sendiri');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('harvest entry on a tablet (768×1024)', () => {
  it('a petugas logs a harvest in at most 4 taps plus the weight, and the stock shows it', async () => {
    await page.goto(url('/'));
    // every tap from the home page counts, the first one included
    let taps = 0;
    const tap = async (action: () => Promise<void>) => {
      taps++;
      await action();
    };
    await tap(() => submit(page, page.getByRole('link', { name: /Catat Panen/ }).first()));
    expect(new URL(page.url()).pathname).toBe('/harvests/new');
    await checkPage(page, 'harvest-new');
    await page.setViewportSize({ width: 768, height: 1024 });

    await tap(() => page.locator('label.choice', { hasText: 'Terong' }).click());
    await tap(() => page.locator('label.choice', { hasText: 'Lahan Blok A' }).click());
    // the weight field has the focus once both are chosen: typed without a tap
    await page.keyboard.type('2,5');
    await checkPage(page, 'harvest-new-chosen');
    await page.setViewportSize({ width: 768, height: 1024 });
    await tap(() => submit(page, page.getByRole('button', { name: 'Simpan panen' })));
    expect(taps).toBeLessThanOrEqual(4);

    expect(await page.locator('main').first().innerText()).toContain('Tersimpan.');
    expect(await page.locator('main').first().innerText()).toContain('2,5 kg');
    await checkPage(page, 'harvest-saved');
    await page.setViewportSize({ width: 768, height: 1024 });

    await submit(page, page.getByRole('link', { name: 'Catat lagi' }));
    expect(await page.locator('input[name=commodity_id]:checked').evaluate((el) => el.parentElement!.textContent)).toContain('Terong');
    expect(await page.locator('input[name=location_id]:checked').evaluate((el) => el.parentElement!.textContent)).toContain('Lahan Blok A');

    await page.goto(url('/stock'));
    expect(await page.locator('tr', { hasText: 'Terong' }).first().innerText()).toContain('2,5 kg');
    await checkPage(page, 'stock');
  });

  it('a bad weight is refused beside the field, keeps what was typed and saves nothing', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(url('/harvests/new'));
    await page.locator('label.choice', { hasText: 'Terong' }).click();
    await page.locator('label.choice', { hasText: 'Lahan Blok A' }).click();
    await page.fill('#f-weight_g', '2,5,5');
    // The offline queue (public/js/offline-queue.js) sends it and puts the server's refusal back
    // in the form without a page load; without JavaScript the server's page shows the same.
    await page.getByRole('button', { name: 'Simpan panen' }).click();
    await page.locator('#f-weight_g-err').waitFor();
    expect((await page.locator('#f-weight_g-err').innerText()).trim()).toBe('Berat harus berupa angka, misalnya 2,5.');
    expect(await page.inputValue('#f-weight_g')).toBe('2,5,5');
    expect(await page.locator('input[name=commodity_id]:checked').count()).toBe(1);
    await checkPage(page, 'harvest-error');
    await page.goto(url('/stock'));
    expect(await page.locator('tr', { hasText: 'Terong' }).first().innerText()).toContain('2,5 kg');
    await page.goto(url('/harvests'));
    expect(await page.locator('.totals').first().innerText()).toContain('1 catatan');
    await checkPage(page, 'harvest-list');
  });
});
