// Issue 13 on a tablet in portrait (768×1024): a new officer sets their own password, then logs
// a vegetable and a fish harvest from the home page in at most four taps plus typing; every
// tap target on the home page, the harvest and edit forms and the batch screen is at least 44 px.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, MIN_TARGET_PX, submit } from './support/browser.ts';
import { demoSession, type DemoSession } from './support/session.ts';

let s: DemoSession;
let page: Page;
const url = (p: string) => s.url(p);
const shots = process.env.GARDEN_SHOTS;

async function login(username: string, password: string) {
  await s.context.clearCookies();
  await page.goto(url('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await submit(page, page.getByRole('button', { name: 'Masuk', exact: true }));
}

/** Every tap target on the page at least 44 px tall and wide: the box itself, or its label. */
async function smallTargets(): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'main a[href], main button, main input, main select, main textarea, main label',
    )) {
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      // A visible tick box must itself be big enough (a finger aims at the box, not at its label);
      // a radio drawn as a big button (opacity 0) is measured by that button, its label.
      const drawnAsLabel =
        el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && getComputedStyle(el).opacity === '0';
      const box = drawnAsLabel ? (el.closest('label') ?? el) : el;
      if (el.tagName === 'LABEL' && !el.querySelector('input')) continue; // a field's caption, not a target
      const r = box.getBoundingClientRect();
      if (r.height < min || r.width < min)
        out.push(
          `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('name') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return out;
  }, MIN_TARGET_PX);
}

async function shot(name: string) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  for (const size of [
    { width: 768, height: 1024 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(shots, `${name}-${size.width}x${size.height}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 768, height: 1024 });
}

beforeAll(async () => {
  s = await demoSession('admin', { width: 768, height: 1024 });
  page = s.page;
  await page.goto(url('/users/new'));
  await page.fill('#f-username', 'joko');
  await page.fill('#f-full_name', 'Joko Susilo');
  await page.check('input[name=roles][value=petugas]');
  await page.fill('#f-password', 'sandi-sementara-9');
  await page.fill('#f-password_confirm', 'sandi-sementara-9');
  await submit(page, page.locator('main form').getByRole('button', { name: 'Simpan', exact: true }));
}, 180_000);

afterAll(async () => {
  await s?.close();
});

describe('the garden on a tablet (768×1024)', () => {
  it('a new officer must choose their own password first; after Keluar the login page says so', async () => {
    await login('joko', 'sandi-sementara-9');
    expect(new URL(page.url()).pathname).toBe('/account/password');
    await page.goto(url('/harvests/new'));
    expect(new URL(page.url()).pathname).toBe('/account/password');
    await page.fill('#f-current_password', 'sandi-sementara-9');
    await page.fill('#f-password', 'kebun-joko-sendiri');
    await page.fill('#f-password_confirm', 'kebun-joko-sendiri');
    await submit(page, page.getByRole('button', { name: 'Simpan kata sandi baru' }));
    expect(new URL(page.url()).pathname).toBe('/');
    await submit(page, page.locator('header').getByRole('button', { name: 'Keluar' }));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('.flash').first().innerText()).toContain('Anda telah keluar.');
    await shot('logged-out');
    await login('joko', 'kebun-joko-sendiri');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('home → Terong → plot → weight → Simpan: at most 4 taps, the weight typed without a tap', async () => {
    await page.goto(url('/'));
    expect(await smallTargets(), 'home').toEqual([]);
    await checkPage(page, 'garden-home');
    await shot('home');
    await page.setViewportSize({ width: 768, height: 1024 });
    let taps = 0;
    const tap = async (action: () => Promise<void>) => {
      taps++;
      await action();
    };
    await tap(() => submit(page, page.locator('main a.quick', { hasText: 'Terong' })));
    expect(await page.locator('#heads-field').isVisible()).toBe(false);
    await tap(() => page.locator('label.choice', { hasText: 'Lahan Blok A' }).first().click());
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-weight_g');
    await page.keyboard.type('2,5');
    expect(await smallTargets(), 'harvest form').toEqual([]);
    await checkPage(page, 'garden-harvest-terong');
    await shot('harvest-terong');
    await page.setViewportSize({ width: 768, height: 1024 });
    await tap(() => submit(page, page.getByRole('button', { name: 'Simpan panen' })));
    expect(taps).toBeLessThanOrEqual(4);
    expect(await page.locator('main').first().innerText()).toContain('2,5 kg');
  });

  it('home → Lele → pond → kg, then the ekor box → Simpan: at most 4 taps; without ekor it is refused', async () => {
    await page.goto(url('/'));
    let taps = 0;
    const tap = async (action: () => Promise<void>) => {
      taps++;
      await action();
    };
    await tap(() => submit(page, page.locator('main a.quick', { hasText: 'Lele' })));
    expect(await page.locator('#heads-field').isVisible()).toBe(true);
    await tap(() => page.locator('label.choice', { hasText: 'Kolam' }).first().click());
    await page.keyboard.type('12,5');
    await page.keyboard.press('Enter'); // the keyboard's "next" key: to the ekor box, the form is not sent
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-heads');
    await page.keyboard.type('80');
    await shot('harvest-lele');
    await tap(() => submit(page, page.getByRole('button', { name: 'Simpan panen' })));
    expect(taps).toBeLessThanOrEqual(4);
    const saved = await page.locator('main').first().innerText();
    expect(saved).toContain('12,5 kg');
    expect(saved).toContain('80 ekor');

    // switching to a commodity without heads hides the box; back to Lele shows it
    await page.goto(url('/harvests/new'));
    await page.locator('label.choice', { hasText: 'Cabai' }).first().click();
    expect(await page.locator('#heads-field').isVisible()).toBe(false);
    await page.locator('label.choice', { hasText: 'Lele' }).first().click();
    expect(await page.locator('#heads-field').isVisible()).toBe(true);
    await page.locator('label.choice', { hasText: 'Kolam' }).first().click();
    await page.keyboard.type('3');
    // The queue sends it; the server's refusal comes back beside the field, on the same page.
    await page.getByRole('button', { name: 'Simpan panen' }).click();
    await expect.poll(() => page.locator('#f-heads-err').innerText()).toContain('Isi jumlah ekor Lele.');
    // The officer adds the ekor and saves: the draft kept since the refusal is done with.
    await page.fill('#f-heads', '20');
    await submit(page, page.getByRole('button', { name: 'Simpan panen' }));
    expect(await page.locator('main').first().innerText()).toContain('20 ekor');
  });

  it("correcting one's own harvest: a reason in one tap", async () => {
    await page.goto(url('/'));
    await submit(page, page.locator('main a.quick', { hasText: 'Terong' }));
    // The page's script gives the weight field the focus after load: type once it has it (CI once
    // typed before, so the form went to the server with no weight and was refused).
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-weight_g');
    await page.keyboard.type('1');
    // Saved through the page's queue (a fetch, then the page goes to the record): wait for that page
    // itself, not for the first navigation, before tapping on it (CI once tapped the form instead).
    await Promise.all([page.waitForURL(/\/harvests\/\d+\?saved=1$/), page.getByRole('button', { name: 'Simpan panen' }).click()]);
    await submit(page, page.getByRole('link', { name: 'Ubah' }));
    await page.fill('#f-weight_g', '1,5');
    await page.locator('label.chip', { hasText: 'salah ketik' }).click();
    expect(await smallTargets(), 'edit form').toEqual([]);
    await shot('harvest-edit');
    await submit(page, page.getByRole('button', { name: 'Simpan perubahan' }));
    expect(await page.locator('.flash-success').first().innerText()).toContain('1,5 kg');
  });

  it('the batch screen: every box to tick is at least 44 px', async () => {
    await login('staf', 'lumbung-demo');
    await page.goto(url('/events'));
    await submit(page, page.getByRole('link', { name: '+ Tambah kegiatan' }));
    await page.fill('#f-name', 'Bakti Sosial Kebun');
    await page.locator('label.choice', { hasText: 'Bakti Sosial' }).click();
    await page.fill('#f-place', 'Aula');
    await submit(page, page.getByRole('button', { name: 'Simpan kegiatan' }));
    await submit(page, page.getByRole('link', { name: 'Catat penerima (massal)' }));
    expect(await page.locator('input[name=recipient_ids]').count()).toBeGreaterThan(0);
    expect(await smallTargets(), 'batch').toEqual([]);
    await checkPage(page, 'garden-batch');
    await shot('batch');
  });
});
