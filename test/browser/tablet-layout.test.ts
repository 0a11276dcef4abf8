// The tablet trial's layout items in a real browser at 768 px: the recipient list shows every column
// or says that it scrolls, the event page's buttons sit under its tab bar, and the harvest form's
// "more" section looks openable (a marker beside its title) and holds the photo field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let s: DemoSession;
beforeAll(async () => {
  s = await demoSession('admin', { width: 768, height: 1024 });
}, 90_000);
afterAll(async () => s?.close());

describe('at 768 px', () => {
  it('the recipient list shows every column, or shows that the table scrolls', async () => {
    const { page } = s;
    await page.goto(s.url('/recipients'));
    const state = await page.evaluate(() => {
      const wrap = document.querySelector<HTMLElement>('.table-wrap')!;
      const right = wrap.getBoundingClientRect().right;
      const cut = [...wrap.querySelectorAll('th')]
        .filter((th) => th.getBoundingClientRect().right > right + 0.5)
        .map((th) => th.textContent);
      const hint = wrap.parentElement!.querySelector<HTMLElement>('.table-scroll-hint');
      const hintShown = !!hint && !hint.hidden && hint.getBoundingClientRect().height > 0;
      return { cut, hintShown, hintText: hint?.textContent ?? '' };
    });
    expect(state.cut.length === 0 || state.hintShown, `columns cut off (${state.cut.join(', ')}) and no scroll hint`).toBe(true);
    if (state.hintShown) expect(state.hintText).toMatch(/geser/i);
    await checkPage(page, 'recipients-768');
  });

  it("the event page's buttons sit under its tab bar", async () => {
    const { page } = s;
    await page.goto(s.url('/events'));
    await page.locator('main table a[href^="/events/"]').first().click();
    await page.waitForLoadState('load');
    const tabsBottom = (await page.locator('nav.tabs').boundingBox())!;
    const button = (await page.getByRole('link', { name: 'Catat penerima (massal)' }).boundingBox())!;
    expect(button.y).toBeGreaterThanOrEqual(tabsBottom.y + tabsBottom.height);
    await checkPage(page, 'event-768');
  });

  it('the harvest form\'s "more" section looks openable and holds the photo field', async () => {
    const { page } = s;
    await page.goto(s.url('/harvests/new'));
    const summary = page.locator('details.more summary');
    const marker = await summary.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(marker, 'a marker that says the section opens').not.toMatch(/^(none|normal|"")$/);
    await expect.poll(() => page.locator('#f-photo').isVisible()).toBe(false);
    await summary.click();
    expect(await page.locator('details.more #f-photo').isVisible()).toBe(true);
    await checkPage(page, 'harvest-more-768');
  });
});
