// Over HTTPS (a certificate made in the test, trusted by Chromium through its public-key hash), the
// service worker keeps the harvest form for the officer who loaded it: with the network gone the
// form still opens; a page it does not keep (the harvest list) does not; after Keluar nothing is left.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, submit } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { makeTestCert } from '../support/tls-cert.ts';

const shots = '/tmp/https-shots';
let certDir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const url = (p: string) => server.baseUrl + p;

beforeAll(async () => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-cert-'));
  const cert = await makeTestCert(certDir);
  server = await startServer({ demo: true, tls: cert });
  // Service workers refuse an origin with a certificate error (ignoring errors is not enough):
  // Chromium trusts this one certificate by the SHA-256 of its public key instead.
  browser = await launchBrowser([`--ignore-certificate-errors-spki-list=${cert.spkiHash}`]);
  context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'id-ID' });
  page = await context.newPage();
  fs.mkdirSync(shots, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(certDir, { recursive: true, force: true });
});

// A failed test must not leave the next one offline.
afterEach(() => context.setOffline(false));

async function loginAs(username: string): Promise<void> {
  await page.goto(url('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', 'lumbung-demo');
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
}

/** The worker controls the page and holds this page's copy. */
async function keptOffline(pagePath: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  await page.waitForFunction(async (p) => Boolean(await caches.match(p)), pagePath, { timeout: 20_000 });
}

describe('HTTPS and the service worker', () => {
  it('the harvest form opens offline from the worker; the harvest list does not', async () => {
    await loginAs('petugas');
    await page.goto(url('/harvests/new'));
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await keptOffline('/harvests/new');
    await keptOffline('/stock/outflows/new?kind=kitchen');

    await context.setOffline(true);
    const res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    expect(await page.title()).toBe('Catat Panen · Lumbung');
    await expect.poll(() => page.locator('#f-weight_g').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'offline-harvest-form-768x1024.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(shots, 'offline-harvest-form-1024x768.png'), fullPage: true });

    // The kitchen outflow form was kept beside the harvest form, without being opened.
    const kitchen = await page.goto(url('/stock/outflows/new?kind=kitchen'));
    expect(kitchen?.fromServiceWorker()).toBe(true);
    expect(await page.locator('h1').first().textContent()).toMatch(/dapur/i);

    // Not kept: the list (personal data, no-store) is asked of the network, which is gone.
    const list = await page.goto(url('/harvests')).then(
      (r) => r,
      (err: Error) => err,
    );
    expect(list).toBeInstanceOf(Error);
    expect(String(list)).toMatch(/ERR_INTERNET_DISCONNECTED|ERR_FAILED/);
    expect(await page.locator('#f-weight_g').count()).toBe(0);
    // From the browser's "no internet" page, back to the form: the kept copy again.
    await page.waitForURL('chrome-error://chromewebdata/');
    const back = await page.goto(url('/harvests/new'));
    expect(back?.fromServiceWorker()).toBe(true);
  });

  it('another user logging in on the tablet: the form kept for the first user is not shown offline', async () => {
    await page.goto(url('/harvests/new'));
    await keptOffline('/harvests/new');
    // petugas's session ends without Keluar (expired, cookies cleared); staf logs in.
    await context.clearCookies();
    await loginAs('staf');
    await page.goto(url('/'));
    await expect.poll(() => page.evaluate(async () => Boolean(await caches.match('/harvests/new')))).toBe(false);
    await context.setOffline(true);
    const res = await page.goto(url('/harvests/new')).then(
      (r) => r,
      (err: Error) => err,
    );
    expect(res).toBeInstanceOf(Error);
    await context.setOffline(false);
    // Back online, staf's own copy is kept at the next load.
    await page.goto(url('/harvests/new'));
    await keptOffline('/harvests/new');
  });

  it('after Keluar the kept form is gone: offline, nothing is shown', async () => {
    await page.goto(url('/harvests/new'));
    await keptOffline('/harvests/new');
    await submit(page, page.getByRole('button', { name: 'Keluar' }));
    await expect.poll(() => page.evaluate(async () => Boolean(await caches.match('/harvests/new')))).toBe(false);

    await context.setOffline(true);
    const again = await page.goto(url('/harvests/new')).then(
      (r) => r,
      (err: Error) => err,
    );
    expect(again).toBeInstanceOf(Error);
    expect(await page.locator('#f-weight_g').count()).toBe(0);
    await context.setOffline(false);
  });
});
