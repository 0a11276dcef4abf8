// Lumbung's service worker: the harvest form and the kitchen/loss outflow forms open with no Wi-Fi.
// Served at /sw.js by src/features/webapp/webapp.routes.ts, which fills in the version and the two
// lists below. It keeps those three pages (network first: every load online refreshes the copy),
// the stylesheet, the scripts and the icons — nothing else: every other page, PDF, download or
// photo goes to the network untouched, as the Cache-Control: no-store on them asks.
// A kept page belongs to the user who loaded it (the X-Lumbung-User header the server sends). It
// is shown offline to whoever opens the app on that tablet until the next login or Keluar (it
// holds the form's choices, WBP names included), and is dropped at Keluar, at a login and when
// the server answers that nobody is logged in.
'use strict';

const VERSION = '__VERSION__';
const ASSETS = ['__ASSETS__'];
const PAGES = ['__PAGES__'];
const PREFIX = 'lumbung-';
const CACHE = PREFIX + VERSION;
const USER_HEADER = 'X-Lumbung-User';
/** Whose pages the cache holds: a small entry beside them. */
const USER_KEY = new URL('/__lumbung/pengguna', self.location.origin).href;

const pageUrls = new Set(PAGES.map((p) => new URL(p, self.location.origin).href));
const assetUrls = new Set(ASSETS.map((a) => new URL(a, self.location.origin).href));

async function keptUser(cache) {
  const r = await cache.match(USER_KEY);
  return r ? r.text() : null;
}

async function dropPages() {
  const cache = await caches.open(CACHE);
  await Promise.all([...pageUrls, USER_KEY].map((u) => cache.delete(u)));
}

/** Keeps a page answered whole to a logged-in user; another user's pages go first. */
async function keepPage(url, res) {
  const user = res.headers.get(USER_HEADER);
  if (res.type === 'opaqueredirect' || (res.redirected && !user)) return dropPages(); // nobody logged in
  if (!res.ok || res.type !== 'basic' || res.redirected || !user) return undefined; // a refusal or an error page
  // A page showing a one-time message ("Panen tersimpan", "Sesi berakhir") would show it again
  // offline: the copy from an earlier load is kept instead.
  if ((await res.clone().text()).includes('class="flash flash-')) return undefined;
  const cache = await caches.open(CACHE);
  if ((await keptUser(cache)) !== user) await dropPages();
  await cache.put(url, res);
  await cache.put(USER_KEY, new Response(user));
  return undefined;
}

async function keptPage(url) {
  const cache = await caches.open(CACHE);
  const [page, user] = await Promise.all([cache.match(url), keptUser(cache)]);
  return page && user && page.headers.get(USER_HEADER) === user ? page : null;
}

/**
 * A kept page loaded: the other kept pages this user has no copy of yet are fetched too (the
 * worker is often installed on the login page, when nobody could fetch them).
 */
async function keepPageAndOthers(url, res) {
  await keepPage(url, res);
  const cache = await caches.open(CACHE);
  if ((await keptUser(cache)) === null) return;
  for (const other of pageUrls) if (other !== url && !(await cache.match(other))) await fetchPage(other);
}

async function networkFirst(event, url) {
  try {
    const res = await fetch(event.request);
    if (res.type !== 'opaqueredirect') event.waitUntil(keepPageAndOthers(url, res.clone()));
    else event.waitUntil(dropPages());
    return res;
  } catch (err) {
    // No connection: the copy from the last load, or the browser's own "no internet" page.
    const page = await keptPage(url);
    if (page) return page;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request.url)) || fetch(request);
}

async function fetchPage(url) {
  try {
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
    await keepPage(url, res);
  } catch (e) {
    // Offline or refused while installing: the page is kept at its next load instead.
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(ASSETS.map((a) => new Request(a, { cache: 'reload' })));
      await Promise.all([...pageUrls].map(fetchPage));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Keluar, or someone logging in: the pages kept for the last user go.
    if (url.pathname === '/logout' || url.pathname === '/login') event.waitUntil(dropPages());
    return;
  }
  if (request.mode === 'navigate' && pageUrls.has(url.href)) event.respondWith(networkFirst(event, url.href));
  else if (assetUrls.has(url.href)) event.respondWith(cacheFirst(request));
  // Anything else is not touched: the browser asks the server as if there were no worker.
});

// A page may ask for the same as Keluar (e.g. the queue's logout warning before it posts).
self.addEventListener('message', (event) => {
  if (event.data === 'lumbung:keluar') event.waitUntil(dropPages());
});
