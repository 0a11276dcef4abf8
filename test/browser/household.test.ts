// One package per household at an event, on a tablet: two families on one No. KK; when one has
// received, the batch screen shows the other as not tickable, with why (both tablet sizes).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, screenshotDir, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let session: DemoSession;
let page: Page;
const url = (p: string) => session.url(p);
const KK = '3316010203045555';

beforeAll(async () => {
  session = await demoSession('staf', { width: 1024, height: 768 });
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

async function giveKk(name: string) {
  await page.goto(url('/recipients'));
  await submit(page, page.getByRole('link', { name, exact: true }).first());
  await submit(page, page.getByRole('link', { name: 'Ubah' }));
  await page.fill('#f-kk_number', KK);
  await submit(page, page.getByRole('button', { name: 'Simpan' }));
  expect(await page.locator('.facts').innerText()).toContain('3316••••••••5555');
}

describe('one household, one package per event (staf on a tablet)', () => {
  it('marks the other family of a served household as not tickable, with why', async () => {
    await giveKk('Siti Aminah');
    await giveKk('Sumiyati');

    await page.goto(url('/events/new'));
    await page.fill('#f-name', 'Bakti Sosial Satu KK');
    await page.locator('label.choice', { hasText: 'Bakti Sosial' }).click();
    await submit(page, page.getByRole('button', { name: 'Simpan kegiatan' }));
    await submit(page, page.getByRole('link', { name: 'Catat penerima (massal)' }));
    await page.selectOption('#f-category', 'keluarga_wbp');
    await submit(page, page.getByRole('button', { name: 'Saring' }));
    await page.fill('#f-qty_1', '0,2');

    // Both of one KK ticked, no reason: refused, ticks kept.
    await page.getByLabel('Pilih Siti Aminah').check();
    await page.getByLabel('Pilih Sumiyati').check();
    await submit(page, page.getByRole('button', { name: 'Simpan semua dan buat tanda terima' }));
    expect(await page.locator('.flash-error').first().innerText()).toContain('Satu KK mendapat satu paket per kegiatan');
    await checkPage(page, 'batch-household-refused');

    await page.getByLabel('Pilih Sumiyati').uncheck();
    await submit(page, page.getByRole('button', { name: 'Simpan semua dan buat tanda terima' }));
    expect(await page.locator('.flash-success').first().innerText()).toContain('1 tanda terima tersimpan');

    await submit(page, page.getByRole('link', { name: 'Catat penerima (massal)' }));
    const row = page.locator('tr', { hasText: 'Sumiyati' });
    expect(await row.innerText()).toContain('KK ini sudah menerima: Siti Aminah');
    expect(await row.locator('input[name=recipient_ids]').count()).toBe(0);
    expect(await page.locator('tr', { hasText: 'Siti Aminah' }).first().innerText()).toContain('Sudah menerima');
    await row.scrollIntoViewIfNeeded();
    await checkPage(page, 'batch-household');
    fs.mkdirSync('/tmp/people-shots', { recursive: true });
    for (const size of [
      { width: 768, height: 1024 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await row.scrollIntoViewIfNeeded();
      await page
        .locator('#f-recipient_ids')
        .screenshot({ path: `/tmp/people-shots/batch-household-list-${size.width}x${size.height}.png` });
    }

    // The household's second package, with the reason, through the single handover form.
    await submit(page, row.getByRole('link', { name: 'Serahkan dengan alasan' }));
    await page.fill('#f-qty_1', '0,2');
    await submit(page, page.getByRole('button', { name: 'Simpan dan buat tanda terima' }));
    expect(await page.locator('.flash-error').first().innerText()).toContain('Satu KK mendapat satu paket per kegiatan: Sumiyati');
    await page.fill('#f-household_reason', 'Dua keluarga dalam satu KK, rumah terpisah');
    await checkPage(page, 'batch-household-handover');
    await submit(page, page.getByRole('button', { name: 'Simpan dan buat tanda terima' }));
    expect(await page.locator('h1').innerText()).toContain('TT/');
    for (const f of fs.readdirSync(screenshotDir).filter((n) => n.startsWith('batch-household'))) {
      fs.copyFileSync(path.join(screenshotDir, f), path.join('/tmp/people-shots', f));
    }
  });

  it("the recipient form with the No. KK, and the admin's merge page, fit both tablet sizes", async () => {
    await page.goto(url('/recipients'));
    await submit(page, page.getByRole('link', { name: 'Sumiyati', exact: true }).first());
    await submit(page, page.getByRole('link', { name: 'Ubah' }));
    expect(await page.locator('#kk-stored').innerText()).toContain('3316••••••••5555');
    await checkPage(page, 'recipient-form-kk');

    const context = await session.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'id-ID' });
    const admin = await context.newPage();
    await admin.goto(url('/login'));
    await admin.fill('#f-username', 'admin');
    await admin.fill('#f-password', 'lumbung-demo');
    await submit(admin, admin.getByRole('button', { name: 'Masuk', exact: true }));
    await admin.goto(url('/recipients'));
    await submit(admin, admin.getByRole('link', { name: 'Sumiyati', exact: true }).first());
    await submit(admin, admin.getByRole('link', { name: 'Gabungkan dengan…' }));
    await admin.fill('#f-q', 'Siti');
    await submit(admin, admin.getByRole('button', { name: 'Cari' }));
    await checkPage(admin, 'recipient-merge-pick');
    await submit(admin, admin.getByRole('link', { name: 'Pilih' }).first());
    expect(await admin.locator('h1').innerText()).toBe('Gabungkan data penerima');
    await checkPage(admin, 'recipient-merge-confirm');
    for (const f of fs.readdirSync(screenshotDir).filter((n) => n.startsWith('recipient-'))) {
      fs.copyFileSync(path.join(screenshotDir, f), path.join('/tmp/people-shots', f));
    }
    await context.close();
  });
});
