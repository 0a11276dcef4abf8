// The screens the head reads, at tablet sizes over the demo data: the audit trail (its wide table a
// focusable region, no axe-core violation), the stock history with its balance, and the searched and
// sorted lists of receipts and harvests. Screenshots in test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let session: DemoSession;

beforeAll(async () => {
  session = await demoSession('admin', { width: 1024, height: 768 });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('screens the head reads, at tablet sizes', () => {
  it('Jejak Audit reads in Indonesian and its wide table is reached by keyboard', async () => {
    const { page } = session;
    await page.goto(session.url('/audit?entity=harvest'));
    const wrap = page.locator('.table-wrap');
    expect(await wrap.getAttribute('tabindex')).toBe('0');
    expect(await wrap.getAttribute('aria-label')).toBeTruthy();
    const text = await page.locator('table.audit').innerText();
    expect(text).toContain('Komoditas:');
    expect(text).not.toContain('weight_g');
    await checkPage(page, 'screens-audit');
  });

  it('the stock history of one commodity, with its balance', async () => {
    const { page } = session;
    await page.goto(session.url('/stock/movements?commodity=4'));
    expect(await page.locator('th', { hasText: 'Saldo' }).count()).toBe(1);
    await checkPage(page, 'screens-stock-history');
  });

  it('receipts searched and sorted by number; harvests sorted by number', async () => {
    const { page } = session;
    await page.goto(session.url('/distributions?q=siti&sort=number&dir=asc'));
    expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain('Nomor');
    await checkPage(page, 'screens-receipts-search');
    await page.goto(session.url('/harvests?sort=number'));
    expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('No.');
    await checkPage(page, 'screens-harvests-sorted');
  });
});
