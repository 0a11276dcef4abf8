// One browser test's world: the real server over the demo data, Chromium, and one demo user logged in.
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, submit } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

export interface DemoSession {
  server: RunningServer;
  /** The server's database opened beside it (WAL), for a test to look or to change what a user could not. */
  withDb<T>(fn: (db: Database.Database) => T): T;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Starts the server with demo data and logs `username` in (password lumbung-demo) at the given size.
 * `options` go to the browser context, e.g. `serviceWorkers: 'block'` for a test that cuts requests
 * with `page.route` (Playwright does not see requests that go through a service worker).
 */
export async function demoSession(
  username: string,
  viewport: { width: number; height: number },
  options: BrowserContextOptions = {},
): Promise<DemoSession> {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport, locale: 'id-ID', acceptDownloads: true, ...options });
  const page = await context.newPage();
  const url = (p: string) => server.baseUrl + p;
  await page.goto(url('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', 'lumbung-demo');
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
  return {
    server,
    withDb(fn) {
      const db = new Database(path.join(server.dataDir, 'lumbung.db'));
      try {
        db.pragma('busy_timeout = 5000');
        return fn(db);
      } finally {
        db.close();
      }
    },
    browser,
    context,
    page,
    url,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
