// The reporting loop (issue 18) at tablet size, on the national demo (npm run seed:national): a
// Kanwil head reads the reporting rate, opens a UPT's report and returns it with a reason, downloads
// the roll-up, and drills down from the area dashboard into a UPT's own; the harvest-day board
// refreshes by itself, and by its link with JavaScript off. Every page checked at 1024x768 and 768x1024.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMonth } from '../../src/lib/format.ts';
import { shiftMonth, wibDate } from '../../src/lib/time.ts';
import { checkPage, closeAll, launchBrowser, logConsoleErrors, submit } from './support/browser.ts';
import { repoRoot, startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const url = (p: string) => server.baseUrl + p;
/** The last month the demo's UPT finalised (the one before last month, still open in most). */
const MONTH = shiftMonth(wibDate().slice(0, 7), -2);

async function login(p: Page, username: string): Promise<void> {
  await p.goto(url('/login'));
  await p.fill('#f-username', username);
  await p.fill('#f-password', 'lumbung-demo');
  await submit(p, p.getByRole('button', { name: 'Masuk', exact: true }));
  expect(new URL(p.url()).pathname).toBe('/');
}

const IMG_DIR = path.join(repoRoot, 'docs', 'panduan', 'img');

/**
 * The Kanwil guide's picture (docs/panduan/kanwil.md): the buttons and texts the guide names are
 * checked on the page first, then docs/panduan/img/<name>-<width>.png is written.
 */
async function guideShot(name: string, want: { buttons?: string[]; texts?: string[] }, size = { width: 768, height: 1024 }) {
  const main = page.locator('main');
  for (const b of want.buttons ?? []) {
    const n =
      (await main.getByRole('button', { name: b, exact: true }).count()) + (await main.getByRole('link', { name: b, exact: true }).count());
    expect(n, `${name}: button "${b}" named in the guide`).toBeGreaterThan(0);
  }
  for (const t of want.texts ?? []) expect(await main.innerText(), `${name}: text "${t}" named in the guide`).toContain(t);
  await page.setViewportSize(size);
  await page.screenshot({ path: path.join(IMG_DIR, `${name}-${size.width}.png`) });
  await page.setViewportSize({ width: 768, height: 1024 });
}

const stateOf = (code: string) => page.locator(`#upt-list tr[data-unit="${code}"]`).getAttribute('data-state');
const count = async (state: string) => Number(await page.locator(`[data-count="${state}"] .stat-value`).innerText());

beforeAll(async () => {
  server = await startServer({
    timeoutMs: 60_000,
    prepare: async (dir) => {
      const { SESSION_SECRET: _s, DATABASE_URL: _d, ...env } = process.env;
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/seed-national.ts'], {
        cwd: repoRoot,
        env: { ...env, DATA_DIR: dir, LOG_LEVEL: 'silent' },
        stdio: 'pipe',
      });
    },
  });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'id-ID', acceptDownloads: true });
  page = await context.newPage();
  logConsoleErrors(page);
}, 120_000);

afterAll(() => closeAll(context, browser, server));

describe('a Kanwil head, in a browser at tablet size', () => {
  it('opens the reporting rate from the menu: who is final, on time, accepted, returned, missing', async () => {
    await login(page, 'kanwil.jateng');
    await submit(page, page.locator('nav.mainnav').getByRole('link', { name: 'Wilayah' }));
    expect(new URL(page.url()).pathname).toBe('/oversight');
    await page.selectOption('#f-month', MONTH);
    await submit(page, page.getByRole('button', { name: 'Tampilkan' }));
    await expect(page.locator('[data-rate]').innerText()).resolves.toMatch(
      new RegExp(`\\d+ dari 5 UPT final untuk ${formatMonth(MONTH)}, \\d+ tepat waktu`),
    );
    expect(await stateOf('LPSPATI')).toBe('returned');
    expect(await stateOf('LPTKENDAL')).toBe('final');
    await expect(page.locator('#upt-list tr[data-unit="LPTKENDAL"]').innerText()).resolves.toContain('dari instalasi sendiri');
    await checkPage(page, 'loop-rate');
    await guideShot('kanwil-pelaporan', {
      buttons: [
        'Pelaporan',
        'Dasbor wilayah',
        'Hari panen nasional',
        'Impor laporan',
        'Tampilkan',
        'Unduh rekap PDF',
        'Unduh rekap Excel (XLSX)',
        'Unduh rekap CSV',
      ],
      texts: ['Final', 'Diterima', 'Dikembalikan', 'Belum final', 'Dari instalasi sendiri', 'Sertakan konsep UPT yang belum final'],
    });
  });

  it("opens Purwodadi's report from the list and returns it with a reason; the list says so", async () => {
    const returnedBefore = await count('returned');
    await submit(page, page.getByRole('button', { name: 'Laporan Rutan Kelas IIB Purwodadi' }));
    expect(new URL(page.url()).pathname).toBe('/reports');
    await expect(page.locator('header a[href="/unit"]').innerText()).resolves.toContain('Rutan Kelas IIB Purwodadi (membaca)');
    // Returning needs a reason: without one it is refused beside the field, nothing changed.
    await submit(page, page.getByRole('button', { name: 'Kembalikan kepada unit' }));
    await expect(page.locator('#f-reason-err').innerText()).resolves.toContain('Tulis alasan');
    await page.fill('#f-reason', 'Hasil panen tomat tanggal 12 tercatat dua kali.');
    await submit(page, page.getByRole('button', { name: 'Kembalikan kepada unit' }));
    await expect(page.locator('[data-review="returned"]').innerText()).resolves.toContain('tercatat dua kali');
    await checkPage(page, 'loop-returned');
    await guideShot('kanwil-dikembalikan', {
      buttons: ['Terima laporan', 'Kembali ke pelaporan wilayah'],
      texts: ['Terima atau kembalikan laporan ini'],
    });
    await page.goto(url(`/oversight?month=${MONTH}`));
    expect(await stateOf('RTNPURWODADI')).toBe('returned');
    expect(await count('returned')).toBe(returnedBefore + 1);
  });

  it('downloads the roll-up as a PDF on F4 and as a spreadsheet', async () => {
    await page.selectOption('#f-paper', 'f4');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh rekap PDF' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(new RegExp(`^rekap_\\d+_${MONTH}_final\\.pdf$`));
    const pdfBytes = fs.readFileSync((await pdf.path())!);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh rekap Excel (XLSX)' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      fs
        .readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it("goes from the area dashboard into one UPT's own dashboard", async () => {
    await submit(page, page.getByRole('link', { name: 'Dasbor wilayah' }));
    expect(new URL(page.url()).pathname).toBe('/oversight/dashboard');
    await expect(page.locator('[data-card="harvest-total"] .stat-value').innerText()).resolves.toMatch(/^[1-9][\d.,]* kg$/);
    await checkPage(page, 'loop-dashboard');
    await guideShot('kanwil-dasbor', { buttons: ['Tampilkan'], texts: ['Per UPT', 'Stok saat ini'] });
    await submit(page, page.getByRole('button', { name: 'Dasbor Lapas Kelas IIB Pati' }));
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect(page.locator('header a[href="/unit"]').innerText()).resolves.toContain('Lapas Kelas IIB Pati (membaca)');
  });

  it('the harvest-day board fetches fresh figures by itself, with no reload', async () => {
    await page.goto(url('/harvest-days?area='));
    await checkPage(page, 'loop-days');
    await submit(page, page.getByRole('link', { name: 'Buka papan' }).first());
    await expect(page.locator('[data-card="harvest"] .stat-value').innerText()).resolves.toMatch(/^[1-9][\d.,]* kg$/);
    await checkPage(page, 'loop-board');
    await guideShot(
      'kanwil-papan',
      { buttons: ['Perbarui sekarang', 'Unduh PDF', 'Unduh Excel'], texts: ['UPT sudah panen', 'diperbarui sendiri setiap 30 detik'] },
      { width: 1024, height: 768 },
    );
    await page.goto(page.url() + '&every=5');
    const marker = await page.evaluate(() => {
      (window as unknown as { keep: number }).keep = 1; // gone if the page reloads
      return document.querySelector('#papan')!.innerHTML.length;
    });
    expect(marker).toBeGreaterThan(0);
    const refreshed = await page.waitForResponse((r) => r.url().includes('/harvest-days/') && r.request().resourceType() === 'fetch', {
      timeout: 15_000,
    });
    expect(refreshed.status()).toBe(200);
    expect(await page.evaluate(() => (window as unknown as { keep?: number }).keep)).toBe(1);
  });

  it('with JavaScript off the board is whole, and its link refreshes it', async () => {
    const off = await browser.newContext({ viewport: { width: 1024, height: 768 }, javaScriptEnabled: false, locale: 'id-ID' });
    const p = await off.newPage();
    try {
      await login(p, 'ditjenpas');
      await p.goto(url('/harvest-days/1'));
      await expect(p.locator('[data-card="reporting"] .stat-value').innerText()).resolves.toMatch(/\d+ dari 8/);
      await submit(p, p.getByRole('link', { name: 'Perbarui sekarang' }));
      expect(new URL(p.url()).pathname).toBe('/harvest-days/1');
      await expect(p.locator('#board-kanwil').innerText()).resolves.toContain('Kanwil Jawa Tengah');
    } finally {
      await off.close();
    }
  });
});
