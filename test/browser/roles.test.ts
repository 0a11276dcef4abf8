// First run to daily use in a real browser: setup, login, users by role, and what each role's
// menu shows — every page screenshotted and checked at 1024x768 and 768x1024.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, closeAll, launchBrowser, logConsoleErrors, submit } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

interface Account {
  username: string;
  fullName: string;
  password: string;
  roles: string[];
  /** The labels nav.mainnav must show, in order, and nothing else. */
  nav: string[];
  shot: string;
}

const admin: Account = {
  username: 'admin.blora',
  fullName: 'Admin Rutan Blora',
  password: 'kata-sandi-admin',
  roles: ['admin'],
  nav: [
    'Beranda',
    'Dasbor',
    'Panen',
    'Stok',
    'Penyaluran',
    'Penerima',
    'WBP',
    'Pengguna',
    'Pengaturan',
    'Laporan',
    'Jejak Audit',
    'Akses NIK',
  ],
  shot: 'home-admin',
};
const others: Account[] = [
  {
    username: 'petugas.kebun',
    fullName: 'Sri Wahyuni',
    password: 'sandi-petugas-1',
    roles: ['petugas'],
    nav: ['Beranda', 'Dasbor', 'Panen', 'Stok'],
    shot: 'home-petugas',
  },
  {
    username: 'staf.distribusi',
    fullName: 'Budi Santoso',
    password: 'sandi-staf-1',
    roles: ['staf'],
    nav: ['Beranda', 'Dasbor', 'Panen', 'Stok', 'Penyaluran', 'Penerima', 'WBP'],
    shot: 'home-staf',
  },
  {
    username: 'kepala.rutan',
    fullName: 'Agus Prasetyo',
    password: 'sandi-pimpinan-1',
    roles: ['pimpinan'],
    nav: ['Beranda', 'Dasbor', 'Panen', 'Stok', 'Penyaluran', 'Penerima', 'Laporan', 'Jejak Audit'],
    shot: 'home-pimpinan',
  },
  {
    username: 'kasubsi.ganda',
    fullName: 'Dewi Lestari',
    password: 'sandi-ganda-1',
    roles: ['staf', 'pimpinan'],
    nav: ['Beranda', 'Dasbor', 'Panen', 'Stok', 'Penyaluran', 'Penerima', 'WBP', 'Laporan', 'Jejak Audit'],
    shot: 'home-staf-pimpinan',
  },
];

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const url = (p: string) => server.baseUrl + p;

/** Logs in from a fresh session, so one failed test does not leave the next one logged in. */
async function login(account: Pick<Account, 'username' | 'password'>): Promise<void> {
  await context.clearCookies();
  await page.goto(url('/login'));
  await page.fill('#f-username', account.username);
  await page.fill('#f-password', account.password);
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
  // A user an admin created chooses their own password at the first login (kept for the next logins).
  if (new URL(page.url()).pathname === '/account/password') {
    const own = `${account.password}-sendiri`;
    await page.fill('#f-current_password', account.password);
    await page.fill('#f-password', own);
    await page.fill('#f-password_confirm', own);
    await submit(page, page.getByRole('button', { name: 'Simpan kata sandi baru' }));
    account.password = own;
  }
}

async function logout(): Promise<void> {
  await submit(page, page.locator('header').getByRole('button', { name: 'Keluar' }));
  expect(new URL(page.url()).pathname).toBe('/login');
}

async function navLabels(): Promise<string[]> {
  return (await page.locator('nav.mainnav a').allInnerTexts()).map((s) => s.trim());
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'id-ID' });
  page = await context.newPage();
  // A missing stylesheet or a refused script shows up here; the pages' own 401/403 are expected.
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      console.log(`subresource ${res.status()} ${res.url()} (page ${page.url()})`);
    }
  });
  logConsoleErrors(page);
});

afterAll(() => closeAll(context, browser, server));

describe('Lumbung in a browser, from first run to each role', () => {
  it('first visit to / leads to setup, and setup creates the admin and logs them in', async () => {
    await page.goto(url('/'));
    expect(new URL(page.url()).pathname).toBe('/setup');
    await checkPage(page, 'setup');

    await page.fill('#f-unit_name', 'Rutan Kelas IIB Blora');
    await page.fill('#f-unit_code', 'RTNBLORA');
    await page.fill('#f-username', admin.username);
    await page.fill('#f-full_name', admin.fullName);
    await page.fill('#f-password', admin.password);
    await page.fill('#f-password_confirm', admin.password);
    await submit(page, page.getByRole('button', { name: 'Buat akun admin' }));
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.soft(page.locator('.flash-success').innerText()).resolves.toContain(admin.username);
    await logout();
    await expect(page.locator('.flash').first().innerText()).resolves.toContain('Anda telah keluar.');
  });

  it('login page is usable at tablet sizes', async () => {
    await page.goto(url('/login'));
    await expect(page.locator('h1').innerText()).resolves.toBe('Masuk ke Lumbung');
    await checkPage(page, 'login');
  });

  it('a wrong password is refused with a clear message', async () => {
    await login({ username: admin.username, password: 'bukan-sandinya' });
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Nama pengguna atau kata sandi salah.');
    await expect(page.locator('#f-username').inputValue()).resolves.toBe(admin.username);
    await checkPage(page, 'login-error');
  });

  it('admin logs in, sees the whole menu, and adds one user per role plus one with two roles', async () => {
    await login(admin);
    expect(new URL(page.url()).pathname).toBe('/');
    expect.soft(await navLabels(), 'admin menu').toEqual(admin.nav);
    await checkPage(page, admin.shot);

    for (const [i, u] of others.entries()) {
      await page.goto(url('/users/new'));
      if (i === 0) await checkPage(page, 'users-new');
      await page.fill('#f-username', u.username);
      await page.fill('#f-full_name', u.fullName);
      for (const role of u.roles) await page.check(`input[name="roles"][value="${role}"]`);
      await page.fill('#f-password', u.password);
      await page.fill('#f-password_confirm', u.password);
      await submit(page, page.locator('main form').getByRole('button', { name: 'Simpan', exact: true }));
      expect(new URL(page.url()).pathname, `creating ${u.username}`).toBe('/users');
      await expect(page.locator('.flash-success').innerText()).resolves.toContain(u.username);
    }

    const rows = await page.locator('main table tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1 + others.length);
    expect(rows.find((r) => r.includes('kasubsi.ganda'))).toContain('Staf Distribusi, Pimpinan');
    await checkPage(page, 'users');

    await page.goto(url('/settings'));
    await expect(page.locator('h1').innerText()).resolves.toBe('Pengaturan');
    await checkPage(page, 'settings');

    await logout();
  });

  for (const account of others) {
    it(`${account.roles.join(' + ')} sees only ${account.nav.join(', ')} in the menu`, async () => {
      await login(account);
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.locator('h1').innerText()).resolves.toContain(account.fullName);
      expect.soft(await navLabels(), `${account.username} menu`).toEqual(account.nav);
      await checkPage(page, account.shot);

      if (account.roles.join() === 'petugas') {
        const res = await page.goto(url('/users'));
        expect(res?.status()).toBe(403);
        await expect(page.locator('h1').innerText()).resolves.toBe('Akses ditolak');
        await checkPage(page, 'forbidden-petugas');
      }
      await logout();
    });
  }
});
