// The head of the unit on a tablet: the dashboard, then the monthly report downloaded as PDF
// (checked with poppler) and as XLSX (read back), then the month finalised.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, screenshotDir, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

// The demo's Bakti Sosial month: a head in office (Sugito), events, a voided and replaced receipt.
const MONTH = '2025-10';
let session: DemoSession;
let page: Page;

beforeAll(async () => {
  session = await demoSession('pimpinan', { width: 1024, height: 768 });
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
});

async function download(name: string, click: () => Promise<void>) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(screenshotDir, name);
  fs.mkdirSync(screenshotDir, { recursive: true });
  await d.saveAs(file);
  return { file, suggested: d.suggestedFilename() };
}

describe('pimpinan reads the dashboard and downloads the monthly report (1024×768)', () => {
  it('opens the dashboard from the menu and sees both charts', async () => {
    await submit(page, page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }));
    expect(await page.locator('h1').innerText()).toContain('Dasbor');
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(2);
  });

  it('downloads the PDF and the XLSX of October 2025', async () => {
    await submit(page, page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }));
    await page.selectOption('#f-month', MONTH);
    await submit(page, page.getByRole('button', { name: 'Tampilkan' }));
    expect(await page.locator('#report-title').innerText()).toBe('Oktober 2025');
    await checkPage(page, 'monthly-report');

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.selectOption('#f-paper', 'a4');
    const pdf = await download('laporan-bulanan-2025-10.pdf', () => page.getByRole('button', { name: 'Unduh PDF' }).click());
    expect(pdf.suggested).toBe('laporan-bulanan_2025-10_konsep.pdf');
    const info = execFileSync('pdfinfo', [pdf.file]).toString();
    expect(info).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = execFileSync('pdftotext', ['-layout', pdf.file, '-']).toString();
    expect(text).toContain('LAPORAN BULANAN PROGRAM KETAHANAN PANGAN');
    expect(text).toContain('Bulan Oktober 2025');
    // Sugito, the head in office, draws it up himself: one signature block, not two.
    expect(text).toContain('Sugito');
    expect(text.match(/NIP 197505052000031002/g)).toHaveLength(1);
    expect(text).not.toContain('Mengetahui,');
    expect(text).toContain('KONSEP');
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    expect(text).toMatch(/\d+ paket kepada \d+ KK dalam 1 kegiatan/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf.file, path.join(screenshotDir, 'laporan-bulanan-2025-10')]);

    const xlsx = await download('laporan-bulanan-2025-10.xlsx', () => page.getByRole('link', { name: 'Unduh Excel (XLSX)' }).click());
    expect(xlsx.suggested).toBe('laporan-bulanan_2025-10_konsep.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.file);
    const production = wb.getWorksheet('Produksi')!;
    const terong = production.getRows(3, 6)!.find((r) => r.getCell(1).value === 'Terong')!;
    expect(typeof terong.getCell(3).value).toBe('number');
    expect(terong.getCell(3).value as number).toBeGreaterThan(0);
  });

  it('finalises the month after ticking the check; the page then says FINAL', async () => {
    await page.getByRole('button', { name: 'Finalkan laporan Oktober 2025' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error').first().innerText()).toContain('Centang pernyataan');
    await page.locator('label.check', { hasText: 'Saya sudah memeriksa' }).click();
    await submit(page, page.getByRole('button', { name: 'Finalkan laporan Oktober 2025' }));
    expect(await page.locator('.flash-success').first().innerText()).toContain('sudah final');
    expect(await page.locator('.stamp-ok').innerText()).toBe('FINAL');
    const pdf = await download('laporan-bulanan-2025-10-final.pdf', () => page.getByRole('button', { name: 'Unduh PDF' }).click());
    expect(pdf.suggested).toBe('laporan-bulanan_2025-10_final.pdf');
    expect(execFileSync('pdftotext', [pdf.file, '-']).toString()).toContain('FINAL — difinalkan');
  });
});
