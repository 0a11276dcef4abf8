// One browser test's world: the real server over the demo data, Chromium, and one demo user logged in.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, submit } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

export interface DemoSession {
  server: RunningServer;
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
