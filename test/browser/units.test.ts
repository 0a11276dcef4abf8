// Many units in one installation (issue 17) at tablet size: a Kanwil user reads two UPT's pages, one
// at a time and only reading; an officer of one UPT cannot reach the other's records by their URLs.
// Every page checked and screenshotted at 1024x768 and 768x1024.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, closeAll, launchBrowser, logConsoleErrors, submit } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { shiftMonth, wibDate } from '../../src/lib/time.ts';
import { seedUnitsWorld, WORLD_PASSWORD, type UnitsWorld, type UptRecords } from './support/units-world.ts';

let server: RunningServer;
let world: UnitsWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const url = (p: string) => server.baseUrl + p;

/** Every word of a unit's records, none of which may reach a page of the other unit. */
const marksOf = (u: UptRecords) => [...Object.values(u.marks), u.receiptNo];

async function login(username: string): Promise<void> {
  await context.clearCookies();
  await page.goto(url('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', WORLD_PASSWORD);
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
  expect(new URL(page.url()).pathname, `login as ${username}`).toBe('/');
}

/** The page's visible text (header, menu and main). */
const text = () => page.locator('body').innerText();

/** The words of `other` on this page (none expected). */
async function leaksOf(other: UptRecords): Promise<string[]> {
  const body = await page.content();
  return marksOf(other).filter((m) => body.includes(m));
}

/** The header's unit link: its text, or null when there is none. */
async function headerUnit(): Promise<string | null> {
  const link = page.locator('header a[href="/unit"]');
  return (await link.count()) ? (await link.innerText()).trim() : null;
}

async function chooseUnit(name: string): Promise<void> {
  await page.goto(url('/unit'));
  await submit(page, page.locator('main').getByRole('button', { name: new RegExp(`^${name}`) }));
  expect(new URL(page.url()).pathname).toBe('/');
  await expect(page.locator('.flash-success').innerText()).resolves.toContain(`Sekarang Anda di ${name} (hanya membaca).`);
  expect(await headerUnit()).toBe(`${name} (membaca)`);
}

/** The Kanwil user's read of one UPT: its harvest list, stock and dashboard, none of the other's records. */
async function readUnit(own: UptRecords, other: UptRecords, shot: string): Promise<void> {
  const pages = [
    { path: '/harvests', name: 'harvests', expects: [own.marks.commodity, own.marks.plot, own.marks.weight, own.marks.officer] },
    { path: '/stock', name: 'stock', expects: [own.marks.commodity] },
    { path: '/dashboard', name: 'dashboard', expects: [own.marks.commodity] },
  ];
  for (const p of pages) {
    const res = await page.goto(url(p.path));
    expect(res?.status(), `${own.name} ${p.path}`).toBe(200);
    const shown = await text();
    for (const word of p.expects) expect.soft(shown, `${own.name} ${p.path} shows ${word}`).toContain(word);
    expect.soft(await leaksOf(other), `${own.name} ${p.path} shows ${other.name}'s records`).toEqual([]);
    expect(await headerUnit()).toBe(`${own.name} (membaca)`);
    await checkPage(page, `units-${shot}-${p.name}`);
  }
  // Reading only: the harvest list offers no way to record one.
  await page.goto(url('/harvests'));
  await expect(page.getByRole('link', { name: /Catat panen/ }).count()).resolves.toBe(0);
}

beforeAll(async () => {
  server = await startServer({
    prepare: async (dir) => {
      world = await seedUnitsWorld(dir);
    },
  });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'id-ID', acceptDownloads: true });
  page = await context.newPage();
  logConsoleErrors(page);
});

afterAll(() => closeAll(context, browser, server));

describe('two UPT under one Kanwil, in a browser at tablet size', () => {
  it('the Kanwil user is offered both UPT to read', async () => {
    await login(world.kanwil.username);
    expect(await headerUnit()).not.toBeNull();
    await checkPage(page, 'units-kanwil-home');
    await page.goto(url('/unit'));
    const choices = (await page.locator('main .unit-list button').allInnerTexts()).map((s) => s.trim());
    expect(choices.find((c) => c.startsWith(world.blora.name))).toContain('hanya membaca');
    expect(choices.find((c) => c.startsWith(world.pati.name))).toContain('hanya membaca');
    await checkPage(page, 'units-kanwil-choose');
  });

  it("the Kanwil user reads Blora's harvest list, stock and dashboard, and none of Pati's records", async () => {
    await chooseUnit(world.blora.name);
    await readUnit(world.blora, world.pati, 'kanwil-blora');
  });

  it("switching to Pati from the header, the Kanwil user reads Pati's pages, and none of Blora's records", async () => {
    await page.goto(url('/harvests'));
    await submit(page, page.locator('header a[href="/unit"]'));
    expect(new URL(page.url()).pathname).toBe('/unit');
    await chooseUnit(world.pati.name);
    await readUnit(world.pati, world.blora, 'kanwil-pati');
  });

  it('the Kanwil user finds no way to write: the harvest form and a posted form are refused in Indonesian', async () => {
    const form = await page.goto(url('/harvests/new'));
    expect(form?.status()).toBe(403);
    await expect(page.locator('h1').innerText()).resolves.toBe('Akses ditolak');
    await checkPage(page, 'units-kanwil-harvest-form');

    // The month waiting to be finalised: the page says the unit finalises it itself, and offers no button.
    await page.goto(url('/reports'));
    await expect(page.locator('main').innerText()).resolves.toContain('Anda hanya membaca data unit ini');
    await expect(page.getByRole('button', { name: /Finalkan/ }).count()).resolves.toBe(0);
    await checkPage(page, 'units-kanwil-reports');

    // The finalise form sent all the same (a form a pimpinan sends in its own unit): refused, 403.
    const month = shiftMonth(wibDate().slice(0, 7), -1);
    const [res] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(
        ({ month, maker }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = `/reports/${month}/finalise`;
          const fields = { _csrf: document.querySelector<HTMLInputElement>('input[name="_csrf"]')!.value, confirm: '1', maker };
          for (const [name, value] of Object.entries(fields))
            form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
          document.body.append(form);
          form.submit();
        },
        { month, maker: `u${world.pati.stafId}` },
      ),
    ]);
    expect(res?.status()).toBe(403);
    await expect(page.locator('h1').innerText()).resolves.toBe('Akses ditolak');
    await expect(page.locator('main').innerText()).resolves.toContain('Anda hanya dapat membaca data unit ini, tidak mengubahnya.');
    await checkPage(page, 'units-kanwil-finalise-refused');
    // Nothing was finalised, and reading goes on: the month is still a draft, whose PDF downloads.
    await page.goto(url(`/reports?month=${month}`));
    await expect(page.locator('main').innerText()).resolves.toContain('KONSEP');
    const pdf = await page.request.get(url(`/reports/${month}/report.pdf`));
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
  });

  it("a Blora petugas sees no unit picker, and Pati's harvest by its URL is not found", async () => {
    await login(world.blora.petugas);
    expect(await headerUnit()).toBeNull();
    const res = await page.goto(url(`/harvests/${world.pati.harvestId}`));
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').innerText()).resolves.toBe('Tidak ditemukan');
    expect(await leaksOf(world.pati)).toEqual([]);
    await checkPage(page, 'units-petugas-other-harvest');
    // Recipients and receipts are not the petugas's pages at all, in any unit.
    for (const path of [`/recipients/${world.pati.recipientId}`, `/distributions/${world.pati.distributionId}`]) {
      const other = await page.goto(url(path));
      expect(other?.status(), path).toBe(403);
      expect(await leaksOf(world.pati), path).toEqual([]);
    }
    // Its own harvest opens, for comparison.
    expect((await page.goto(url(`/harvests/${world.blora.harvestId}`)))?.status()).toBe(200);
    await expect(text()).resolves.toContain(world.blora.marks.plot);
  });

  it("a Blora staf typing Pati's recipient, receipt and receipt PDF URLs gets 'tidak ditemukan', never Pati's data", async () => {
    await login(world.blora.staf);
    expect(await headerUnit()).toBeNull();
    for (const path of [
      `/harvests/${world.pati.harvestId}`,
      `/recipients/${world.pati.recipientId}`,
      `/distributions/${world.pati.distributionId}`,
    ]) {
      const res = await page.goto(url(path));
      expect(res?.status(), path).toBe(404);
      await expect(text(), path).resolves.toContain('tidak ditemukan');
      expect(await leaksOf(world.pati), path).toEqual([]);
    }
    await checkPage(page, 'units-staf-other-receipt');
    const pdf = await page.request.get(url(`/distributions/${world.pati.distributionId}/receipt.pdf`));
    expect(pdf.status()).toBe(404);
    expect(pdf.headers()['content-type']).not.toContain('pdf');
    expect(await pdf.text()).not.toContain(world.pati.marks.recipient);
    // Its own receipt PDF is there, for comparison.
    const own = await page.request.get(url(`/distributions/${world.blora.distributionId}/receipt.pdf`));
    expect(own.status()).toBe(200);
    expect(own.headers()['content-type']).toContain('application/pdf');
  });
});
