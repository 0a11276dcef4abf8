// The dashboard's layout at tablet sizes, over the demo data: cards and the two SVG charts fit
// the screen, are big enough to read and tap, and pass axe-core.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, screenshotDir, SIZES, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let session: DemoSession;
let page: Page;

beforeAll(async () => {
  session = await demoSession('pimpinan', { width: 1024, height: 768 });
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('dashboard for pimpinan at tablet sizes', () => {
  it('opens from the menu, fits the screen, and shows both charts at a readable size', async () => {
    await submit(page, page.locator('nav.mainnav').getByRole('link', { name: 'Dasbor' }));
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await page.locator('h1').innerText()).toBe('Dasbor');
    await checkPage(page, 'dashboard-pimpinan');

    for (const size of SIZES) {
      await page.setViewportSize(size);
      const charts = page.locator('svg.chart');
      expect(await charts.count()).toBe(2);
      for (const [i, chart] of (await charts.all()).entries()) {
        await chart.scrollIntoViewIfNeeded();
        // At full size, to see whether the labels are readable.
        await chart.screenshot({ path: path.join(screenshotDir, `dashboard-chart-${i + 1}-${size.width}x${size.height}.png`) });
        expect(await chart.isVisible()).toBe(true);
        const box = (await chart.boundingBox())!;
        expect(box.x, `chart inside the screen at ${size.width}`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        // Drawn 720 units wide with 14-unit labels: at least 0.9 scale keeps them ≥ 12.6 px.
        expect(box.width, `chart width at ${size.width}`).toBeGreaterThanOrEqual(648);
        expect(await chart.locator('rect.bar').count(), 'the demo data draws bars').toBeGreaterThan(0);
      }
      const labelPx = await page
        .locator('svg.chart text')
        .first()
        .evaluate((el) => el.getBoundingClientRect().height);
      expect(labelPx, `chart text height at ${size.width}`).toBeGreaterThanOrEqual(12);
      // The figures are cards that link to their lists.
      expect(await page.locator('a.stat').count()).toBeGreaterThan(8);
    }

    // The numbers behind each chart, opened: the tables scroll inside their box, not the page.
    for (const summary of await page.locator('details.more summary').all()) await summary.click();
    expect(await page.locator('details.more[open] table').count()).toBe(2);
    await checkPage(page, 'dashboard-pimpinan-tables');
  });
});
