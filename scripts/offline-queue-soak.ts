// Issue 15's closing check: 200 harvests entered on the form through public/js/offline-queue.js
// with the connection cut at random moments (offline at the tap, cut a few ms after it, the
// request lost before the server, the answer lost after the server saved), then the queue
// flushed. Prints entered / saved / duplicates (must be 0) / lost (must be 0).
//   npx tsx scripts/offline-queue-soak.ts [count] [seed]
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page, Route } from 'playwright-core';
import { demoSession } from '../test/browser/support/session.ts';

const COUNT = Number(process.argv[2] ?? 200);
let seed = Number(process.argv[3] ?? 15);
/** A small seeded generator (mulberry32): the same run again with the same seed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASE_G = 40_000; // weights 40,001 kg … so these harvests are found among the demo's

const modes = ['online', 'offline', 'cut-after-tap', 'request-lost', 'answer-lost'] as const;
type Mode = (typeof modes)[number];

// The service worker would hide the cut requests from page.route: blocked here (the queue is what is tested).
const s = await demoSession('petugas', { width: 768, height: 1024 }, { serviceWorkers: 'block' });
const db = () => {
  const d = new Database(path.join(s.server.dataDir, 'lumbung.db'), { readonly: true });
  d.pragma('busy_timeout = 5000');
  return d;
};
const page: Page = s.page;
const modeOf = new Map<number, Mode>();
const entered = new Set<number>();
const used: Record<Mode, number> = { online: 0, offline: 0, 'cut-after-tap': 0, 'request-lost': 0, 'answer-lost': 0 };

async function openForm() {
  for (let i = 0; ; i++) {
    try {
      await page.goto(s.url('/harvests/new'), { waitUntil: 'load' });
      return;
    } catch (e) {
      if (i > 5) throw e;
      await sleep(300);
    }
  }
}

try {
  for (let i = 1; i <= COUNT; i++) {
    try {
      await s.context.setOffline(false);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await openForm();
      const grams = BASE_G + i;
      await page.locator('#f-commodity_id label.choice', { hasText: ['Terong', 'Tomat', 'Cabai'][i % 3] }).click();
      await page.locator('#f-location_id label.choice', { hasText: ['Lahan Blok A', 'Lahan Blok B'][i % 2] }).click();
      await page.fill('#f-weight_g', (grams / 1000).toFixed(3).replace('.', ','));
      const mode: Mode = modes[Math.floor(random() * modes.length)] ?? 'online';
      used[mode]++;
      modeOf.set(grams, mode);
      if (mode === 'offline') await s.context.setOffline(true);
      if (mode === 'request-lost') await page.route('**/sync/harvests', (r: Route) => r.abort());
      if (mode === 'answer-lost')
        await page.route('**/sync/harvests', async (r: Route) => {
          await r.fetch().catch(() => null);
          await r.abort();
        });
      const tapped = page.getByRole('button', { name: 'Simpan panen' }).click();
      if (mode === 'cut-after-tap') {
        await sleep(Math.floor(random() * 120));
        await s.context.setOffline(true);
      }
      await tapped;
      entered.add(grams);
      // Saved and shown, or kept on the tablet with the message.
      await Promise.race([
        page.waitForURL(/\/harvests\/\d+\?saved=1$/, { timeout: 25_000 }),
        // the final word, not "Mengirim ke server…" (moving on then would race the page's own navigation)
        page.waitForFunction(
          () => {
            const n = document.querySelector('[data-queue-notice]');
            return !!n && !/Mengirim/.test(n.textContent ?? '');
          },
          null,
          { timeout: 25_000 },
        ),
      ]).catch(async () => {
        const state = await page
          .evaluate(() => ({
            weight: (document.getElementById('f-weight_g') as HTMLInputElement | null)?.value,
            disabled: (document.querySelector('form[data-queue] button[type=submit]') as HTMLButtonElement | null)?.disabled,
            notices: document.querySelectorAll('[data-queue-notice]').length,
            badge: document.getElementById('antrean-status')?.innerText,
          }))
          .catch(() => null);
        console.log(`entry ${i} (${mode}): neither saved nor kept within 25 s, at ${page.url()}: ${JSON.stringify(state)}`);
      });
    } catch (e) {
      // A harness step failed (not the app): say so; the entry counts as entered only once tapped.
      console.log(`entry ${i}: harness step failed at ${page.url()}: ${(e as Error).message.split('\n').slice(0, 6).join(' | ')}`);
    }
  }
  await s.context.setOffline(false);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await openForm();
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const left = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('lumbung-antrean', 1);
          open.onsuccess = () => {
            const get = open.result.transaction('entries').objectStore('entries').getAll();
            get.onsuccess = () => resolve((get.result as { state: string }[]).filter((e) => e.state === 'pending').length);
          };
        }),
    );
    if (left === 0) break;
    await page
      .getByRole('button', { name: 'Kirim sekarang' })
      .click({ timeout: 2_000 })
      .catch(() => null);
    await sleep(1_000);
  }
  const tablet = await page.evaluate(
    () =>
      new Promise<{ state: string }[]>((resolve) => {
        const open = indexedDB.open('lumbung-antrean', 1);
        open.onsuccess = () => {
          const get = open.result.transaction('entries').objectStore('entries').getAll();
          get.onsuccess = () => resolve(get.result as { state: string }[]);
        };
      }),
  );
  const d = db();
  const rows = d
    .prepare(
      "select weight_g as w, count(*) as n from harvests where weight_g > ? and weight_g <= ? and status = 'active' group by weight_g",
    )
    .all(BASE_G, BASE_G + COUNT) as { w: number; n: number }[];
  d.close();
  const savedOnce = rows.length;
  const duplicates = rows.reduce((sum, r) => sum + r.n - 1, 0);
  const onTablet = (state: string) => tablet.filter((e) => e.state === state).length;
  const waiting = onTablet('pending');
  const refused = onTablet('refused') + onTablet('forbidden');
  const lost = entered.size - savedOnce - waiting - refused;
  console.log(`modes: ${JSON.stringify(used)}`);
  const found = new Set(rows.map((r) => r.w));
  const waitingWeights = new Set(
    (tablet as unknown as { state: string; fields: [string, string][] }[]).map((e) =>
      Math.round(Number((e.fields.find((f) => f[0] === 'weight_g')?.[1] ?? '0').replace(',', '.')) * 1000),
    ),
  );
  for (const [g, m] of modeOf)
    if (entered.has(g) && !found.has(g)) console.log(`not on the server: ${g} g (${m}), on the tablet: ${waitingWeights.has(g)}`);
  console.log(
    `entered ${entered.size}, saved ${savedOnce}, duplicates ${duplicates}, lost ${lost}, still waiting ${waiting}, refused ${refused}`,
  );
  process.exitCode = duplicates === 0 && lost === 0 && waiting === 0 ? 0 : 1;
} finally {
  await s.close();
}
