// Staf Distribusi at a Bakti Sosial, on a tablet: create the event, record a batch of families
// with a package, print all receipts as one PDF (and look at a preview), and check the PDFs with poppler.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, screenshotDir, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let session: DemoSession;
let page: Page;
const url = (p: string) => session.url(p);

beforeAll(async () => {
  session = await demoSession('staf', { width: 768, height: 1024 });
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

/**
 * Presses "Cetak semua tanda terima": the print opens inline in the viewer; its bytes are fetched
 * with the page's session (opening a print again counts nothing) and saved to `file`; then Back.
 */
async function printAll(file: string): Promise<{ name: string }> {
  const [pdf] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/receipts/prints/') && r.status() === 200),
    page.getByRole('button', { name: 'Cetak semua tanda terima' }).click(),
  ]);
  const disposition = pdf.headers()['content-disposition'] ?? '';
  expect(disposition).toMatch(/^inline;/);
  fs.writeFileSync(file, await (await page.request.get(pdf.url())).body());
  await page.goBack({ waitUntil: 'load' });
  return { name: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? '' };
}

describe('a Bakti Sosial recorded by staf (768×1024)', () => {
  it('records a batch of families with a package and prints every receipt in one PDF, opened in the viewer', async () => {
    await page.goto(url('/events'));
    await submit(page, page.getByRole('link', { name: '+ Tambah kegiatan' }));
    await page.fill('#f-name', 'Bakti Sosial Uji Tablet');
    await page.locator('label.choice', { hasText: 'Bakti Sosial' }).click();
    await page.fill('#f-place', 'Ruang Kunjungan');
    await submit(page, page.getByRole('button', { name: 'Simpan kegiatan' }));
    expect(await page.locator('h1').innerText()).toBe('Bakti Sosial Uji Tablet');

    await submit(page, page.getByRole('link', { name: 'Catat penerima (massal)' }));
    await page.selectOption('#f-category', 'keluarga_wbp');
    await submit(page, page.getByRole('button', { name: 'Saring' }));
    await page.getByRole('button', { name: 'Paket sayur' }).click();
    expect(await page.inputValue('#f-qty_1')).toBe('1');
    expect(await page.inputValue('#f-qty_2')).toBe('0,5');
    await page.locator('label.check', { hasText: 'Pilih semua' }).click();
    const families = await page.locator('input[name=recipient_ids]').count();
    expect(families).toBe(8);
    expect(await page.locator('[data-picked-count]').innerText()).toContain('8 dipilih');
    await checkPage(page, 'event-batch');

    // Far more than the stock: nothing is saved, one message, the ticks and quantities stay.
    await page.fill('#f-qty_1', '5000');
    await submit(page, page.getByRole('button', { name: 'Simpan semua dan buat tanda terima' }));
    expect(await page.locator('.flash-error').first().innerText()).toContain(
      'Penyaluran untuk 8 penerima tidak dapat disimpan; tidak ada yang tersimpan.',
    );
    expect(await page.locator('.flash-error').first().innerText()).toContain('Stok Terong tidak cukup');
    expect(await page.locator('input[name=recipient_ids]:checked').count()).toBe(8);

    // Small quantities fit whatever the demo stock is today.
    await page.fill('#f-qty_1', '0,2');
    await page.fill('#f-qty_2', '0,05');
    await page.fill('#f-qty_3', '0,2');
    await submit(page, page.getByRole('button', { name: 'Simpan semua dan buat tanda terima' }));
    expect(await page.locator('.flash-success').first().innerText()).toContain('8 tanda terima tersimpan');
    expect(await page.locator('.stamp-ok').count()).toBe(8);
    await checkPage(page, 'event-show');

    await page.selectOption('#f-paper', 'f4');
    await page.selectOption('#f-per_page', '2');
    // Printing is the button (a POST that records the print); the page it returns to opens that print
    // in the browser's PDF viewer (inline), to print from; Back returns to the page.
    const file = path.join(screenshotDir, 'event-receipts-f4-2.pdf');
    const printed = await printAll(file);
    expect(printed.name).toMatch(/^Tanda-terima_Bakti-Sosial-Uji-Tablet_\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(await page.locator('.flash-success').first().innerText()).toContain('8 tanda terima dicetak: 8 asli, 0 SALINAN.');
    await checkPage(page, 'event-printed');

    // poppler: a sound PDF, F4 pages, two receipts a sheet, the numbers and names in its text; all originals.
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+4\b/);
    expect(info).toMatch(/Page size:\s+609\.4\d* x 935\.4\d* pts/);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const numbers = text.match(/TT\/RTNBLORA\/\d{4}\/\d{6}/g) ?? [];
    expect(new Set(numbers).size).toBe(8);
    expect(text).toContain('Siti Aminah');
    expect(text).toContain('TANDA TERIMA BANTUAN HASIL KETAHANAN PANGAN');
    expect(text).toContain('Sugito');
    expect(text).not.toMatch(/3316\d{12}/);
    expect(text).not.toContain('SALINAN');
    expect(text).not.toContain('PRATINJAU');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(screenshotDir, 'event-receipts-f4-2')]);
    expect(fs.existsSync(path.join(screenshotDir, 'event-receipts-f4-2-1.png'))).toBe(true);

    // A look at the same receipts is a preview: marked, and not a print (the next print says SALINAN, not ke-3).
    // It opens in the browser's PDF viewer (inline), so it is fetched with the page's own session.
    const previewHref = await page.getByRole('link', { name: 'Lihat semua (PDF pratinjau)' }).getAttribute('href');
    const preview = await page.request.get(new URL(previewHref!, page.url()).toString());
    expect(preview.headers()['content-disposition']).toMatch(/^inline;/);
    const previewFile = path.join(screenshotDir, 'event-receipts-preview.pdf');
    fs.writeFileSync(previewFile, await preview.body());
    const previewText = execFileSync('pdftotext', ['-layout', previewFile, '-']).toString();
    expect(new Set(previewText.match(/TT\/RTNBLORA\/\d{4}\/\d{6}/g) ?? []).size).toBe(8);
    expect(previewText).toContain('PRATINJAU — BUKAN CETAKAN ASLI');
    expect(previewText).not.toContain('SALINAN');
    const againFile = path.join(screenshotDir, 'event-receipts-again.pdf');
    await printAll(againFile);
    expect(await page.locator('.flash-success').first().innerText()).toContain('8 tanda terima dicetak: 0 asli, 8 SALINAN.');
    const againText = execFileSync('pdftotext', ['-layout', againFile, '-']).toString();
    expect(againText.match(/SALINAN — cetakan ke-2/g)).toHaveLength(8);
  });

  it('a receipt page, the recipient pages and the verification page read well on a tablet', async () => {
    await page.goto(url('/distributions'));
    await submit(page, page.locator('table a').first());
    await checkPage(page, 'distribution-show');
    await page.goto(url('/recipients'));
    await checkPage(page, 'recipients');
    await submit(page, page.locator('table a').first());
    await checkPage(page, 'recipient-show');
    await submit(page, page.getByRole('link', { name: 'Serahkan bantuan' }));
    await checkPage(page, 'distribution-new');
    await page.goto(url('/packages'));
    await checkPage(page, 'packages');
  });
});
