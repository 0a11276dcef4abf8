// After Keluar, the browser's Back must not show the page of a recipient: personal pages are sent
// no-store, so Back asks the server again, which now sends the login page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let s: DemoSession;
beforeAll(async () => {
  s = await demoSession('staf', { width: 768, height: 1024 });
});
afterAll(() => s?.close());

it('Back after Keluar shows the login page, not the recipient staf had open', async () => {
  const { page } = s;
  await page.goto(s.url('/recipients'));
  const first = page.locator('main table a[href^="/recipients/"]').first();
  const name = (await first.innerText()).trim();
  expect(name.length).toBeGreaterThan(2);
  await submit(page, first);
  expect(new URL(page.url()).pathname).toMatch(/^\/recipients\/\d+$/);
  await expect.poll(() => page.locator('main').innerText()).toContain(name);

  await submit(page, page.locator('header').getByRole('button', { name: 'Keluar' }));
  expect(new URL(page.url()).pathname).toBe('/login');

  await page.goBack({ waitUntil: 'load' });
  const shown = await page.locator('body').innerText();
  expect(shown, `after Back the page at ${page.url()} still shows ${name}`).not.toContain(name);
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(await page.locator('#f-username').isVisible()).toBe(true);
});
