// Debian's Chromium through playwright-core, and the checks every page gets at tablet sizes:
// screenshot, no horizontal overflow, 44 px touch targets, no serious axe-core violation.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot, type RunningServer } from './server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SIZES = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
] as const;
export const MIN_TARGET_PX = 44;
export const screenshotDir = path.join(repoRoot, 'test-results');

/** `extraArgs`: more Chromium switches (e.g. trusting a test certificate). */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with "apt-get update && apt-get install -y chromium" (never download a browser)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Clicks a submit button and waits until the page it leads to (after redirects) has loaded. */
export async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

const axeSource = fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');

/**
 * The app's CSP (script-src 'self') blocks an injected inline <script>, so axe is evaluated
 * through the DevTools protocol instead, which the page's CSP does not govern.
 */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `[${v.impact}] ${v.id} at ${n.target.join(' ')}: ${v.help} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    );
}

/** Elements wider than the viewport when the page scrolls sideways (empty when it does not). */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth) return [];
    const culprits = [...document.body.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`,
      );
    return [`scrollWidth ${doc.scrollWidth}px > innerWidth ${window.innerWidth}px`, ...culprits];
  });
}

/**
 * Visible links, buttons and form controls in <header> and <main> shorter than 44 px. A checkbox
 * or radio inside a <label> is measured by its label, which is what a finger actually hits.
 */
async function smallTouchTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((minPx) => {
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        let part = e.tagName.toLowerCase();
        if (e.id) part += `#${e.id}`;
        else if (e.classList.length) part += '.' + [...e.classList].join('.');
        parts.unshift(part);
        if (e.tagName === 'MAIN' || e.tagName === 'HEADER') break;
      }
      return parts.join(' > ');
    };
    const selector = ['a[href]', 'button', 'input', 'select', 'textarea'].flatMap((s) => [`header ${s}`, `main ${s}`]).join(', ');
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      const label = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') : null;
      const rect = (label ?? el).getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.height < minPx) {
        const text = (el.innerText || el.getAttribute('value') || el.getAttribute('name') || '').trim().slice(0, 40);
        out.push(`${describe(el)} "${text}" is ${Math.round(rect.height * 10) / 10}px tall`);
      }
    }
    return out;
  }, min);
}

/**
 * At each tablet size: a full-page screenshot test-results/<name>-<w>x<h>.png, then soft
 * assertions, so one run lists every problem on every page.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const label = `${name} at ${size.width}x${size.height}`;
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.width}x${size.height}.png`), fullPage: true });

    expect.soft(await horizontalOverflow(page), `${label}: page scrolls sideways`).toEqual([]);

    // APP PROBLEM when this fails: a control in views/ or public/css/app.css is too small to tap.
    const small = await smallTouchTargets(page, MIN_TARGET_PX);
    if (small.length) console.log(`touch targets under ${MIN_TARGET_PX}px on ${label}:\n  ${small.join('\n  ')}`);
    expect.soft(small, `${label}: touch targets under ${MIN_TARGET_PX}px`).toEqual([]);

    // APP PROBLEM when this fails: an accessibility fault in views/ or public/css/app.css.
    const violations = await axeViolations(page);
    if (violations.length) console.log(`axe-core serious/critical violations on ${label}:\n  ${violations.join('\n  ')}`);
    expect.soft(violations, `${label}: axe-core serious/critical violations`).toEqual([]);
  }
}

/** The page's script errors in the test's output (a failed subresource is reported by its own check). */
export function logConsoleErrors(page: Page): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      console.log(`browser console error on ${page.url()}: ${msg.text()}`);
    }
  });
}

/** Closes the browser and stops the server, printing what the server logged (LOG_LEVEL=warn). */
export async function closeAll(context: BrowserContext | undefined, browser: Browser | undefined, server: RunningServer | undefined) {
  await context?.close();
  await browser?.close();
  const log = server?.output().trim();
  if (log) console.log(`server output (LOG_LEVEL=warn):\n${log}`);
  await server?.stop();
}
