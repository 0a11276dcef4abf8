// Harvests entered while the connection comes and goes at random moments, as at the far plots:
// offline at the tap, the answer lost after the server saved, the Wi-Fi dropping mid-send, a reload
// with entries waiting. Then the connection comes back and the queue drains. Counted from the
// database by a marker in each entry's note: saved, duplicates (must be 0), lost (must be 0).
import SQLite from 'better-sqlite3';
import path from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';

export interface ChaosCounts {
  entered: number;
  saved: number;
  duplicates: number;
  lost: number;
  /** How many entries met each trouble. */
  troubles: Record<Trouble, number>;
  seconds: number;
}

type Trouble = 'none' | 'offline_at_tap' | 'answer_lost' | 'drop_mid_send' | 'reload_waiting';
const TROUBLES: Trouble[] = ['none', 'offline_at_tap', 'answer_lost', 'drop_mid_send', 'reload_waiting'];

/** A small seeded generator, so a failing run can be repeated with its seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countsIn(dataDir: string, marker: string) {
  const db = new SQLite(path.join(dataDir, 'lumbung.db'), { readonly: true });
  try {
    return db.prepare("select note, count(*) as n from harvests where note like ? || '%' group by note").all(marker) as Array<{
      note: string;
      n: number;
    }>;
  } finally {
    db.close();
  }
}

/** Fills the harvest form with a weight and a marked note; a plot commodity on a plot. */
async function fillHarvest(page: Page, note: string, kg: string): Promise<void> {
  await page.evaluate(
    ({ note, kg }) => {
      const form = document.querySelector<HTMLFormElement>('form[action="/harvests"]')!;
      const pick = (name: string, ok: (el: HTMLInputElement) => boolean) => {
        const radios = [...form.querySelectorAll<HTMLInputElement>(`input[type=radio][name=${name}]`)];
        const el = radios.find(ok) ?? radios[0]!;
        el.checked = true;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      };
      pick('commodity_id', (el) => el.dataset.heads !== '1' && !/lele|ikan/i.test(el.parentElement?.textContent ?? ''));
      pick('location_id', (el) => !/kolam/i.test(el.parentElement?.textContent ?? ''));
      (form.elements.namedItem('weight_g') as HTMLInputElement).value = kg;
      (form.elements.namedItem('note') as HTMLInputElement).value = note;
    },
    { note, kg },
  );
}

/** The form taken by the queue: the page went to the saved record, or the form was emptied for the next. */
async function accepted(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      if (!/\/harvests\/new$/.test(location.pathname)) return true;
      const w = document.querySelector<HTMLInputElement>('form[action="/harvests"] [name=weight_g]');
      return Boolean(w && w.value === '');
    },
    undefined,
    { timeout: 30_000 },
  );
}

export async function runChaos(o: {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  dataDir: string;
  entries: number;
  seed?: number;
  log?: (s: string) => void;
}): Promise<ChaosCounts> {
  const { page, context } = o;
  const random = rng(o.seed ?? 20261130);
  const marker = `uji-${Date.now().toString(36)}-`;
  const troubles = Object.fromEntries(TROUBLES.map((t) => [t, 0])) as Record<Trouble, number>;
  const started = Date.now();
  let offline = false;
  const setOffline = async (v: boolean) => {
    offline = v;
    await context.setOffline(v);
  };
  const onForm = async () => {
    if (/\/harvests\/new$/.test(new URL(page.url()).pathname)) return;
    if (offline) await setOffline(false);
    await page.goto(`${o.baseUrl}/harvests/new`);
  };

  for (let i = 0; i < o.entries; i++) {
    await onForm();
    const trouble = TROUBLES[Math.floor(random() * TROUBLES.length)]!;
    troubles[trouble]++;
    await fillHarvest(page, `${marker}${i}`, `${1 + Math.floor(random() * 40)},${Math.floor(random() * 10)}`);
    const button = page.locator('form[action="/harvests"] button[type=submit]');
    if (trouble === 'offline_at_tap' || trouble === 'reload_waiting') {
      if (!offline) await setOffline(true);
      await button.click();
      await accepted(page);
      if (trouble === 'reload_waiting') {
        // The page is reloaded with entries waiting (a closed tab opened again): they must still be there.
        await setOffline(false);
        await page.goto(`${o.baseUrl}/harvests/new`);
      } else if (random() < 0.4) await setOffline(false);
    } else if (trouble === 'answer_lost') {
      if (offline) await setOffline(false);
      // The server saves, the answer never reaches the tablet.
      let once = false;
      const handler = async (route: Route) => {
        if (once) return route.continue();
        once = true;
        await route.fetch();
        await route.abort('connectionreset');
      };
      await page.route('**/sync/harvests', handler);
      await button.click();
      await accepted(page);
      await sleep(50);
      await page.unroute('**/sync/harvests', handler);
    } else if (trouble === 'drop_mid_send') {
      if (offline) await setOffline(false);
      await button.click();
      await sleep(Math.floor(random() * 40));
      await setOffline(true);
      await accepted(page).catch(() => undefined);
      if (random() < 0.5) await setOffline(false);
    } else {
      if (offline) await setOffline(false);
      await button.click();
      await accepted(page);
    }
    if (i % 20 === 19) o.log?.(`${i + 1} dicatat`);
  }

  // The Wi-Fi is back: the page sends what waits (on load, on "online", and every 30 s).
  await setOffline(false);
  await page.goto(`${o.baseUrl}/harvests/new`);
  const deadline = Date.now() + 180_000;
  let rows = countsIn(o.dataDir, marker);
  while (rows.length < o.entries && Date.now() < deadline) {
    await sleep(1000);
    rows = countsIn(o.dataDir, marker);
  }
  // Give the queue a little longer to show a second copy, if it were to send one.
  await page.reload();
  await sleep(3000);
  rows = countsIn(o.dataDir, marker);
  const saved = rows.length;
  const duplicates = rows.reduce((n, r) => n + (r.n - 1), 0);
  return { entered: o.entries, saved, duplicates, lost: o.entries - saved, troubles, seconds: Math.round((Date.now() - started) / 1000) };
}
