// The web app manifest, its icons and the service worker script: what a tablet needs to put the
// harvest form on its home screen and open it offline (over HTTPS). Served without a login.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, login, makeTestApp, PASSWORD, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'petugas', ['petugas']);
});
afterAll(() => t.close());

const css = fs.readFileSync(path.join(import.meta.dirname, '../../public/css/app.css'), 'utf8');
const cssVar = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)![1];

describe('web app manifest', () => {
  it('names the harvest form in Indonesian, opens it standalone, with the app colours and two PNG icons', async () => {
    const res = await request(t.app).get('/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const m = JSON.parse(res.text) as Record<string, unknown> & { icons: { src: string; sizes: string; type: string }[] };
    expect(m).toMatchObject({
      name: 'Lumbung — Catat Panen',
      short_name: 'Lumbung',
      start_url: '/harvests/new',
      scope: '/',
      display: 'standalone',
      lang: 'id',
      theme_color: cssVar('green'),
      background_color: cssVar('bg'),
    });
    expect(m.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const icon of m.icons) {
      const png = await request(t.app).get(icon.src).buffer(true);
      expect(png.status, icon.src).toBe(200);
      const meta = await sharp(png.body as Buffer).metadata();
      expect(meta.format).toBe('png');
      expect(`${meta.width}x${meta.height}`).toBe(icon.sizes);
    }
  });

  it('is linked from every page, and the CSP allows the manifest and the worker from this server without loosening scripts', async () => {
    const page = await request(t.app).get('/login');
    expect(page.text).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    expect(page.text).toContain('<script src="/static/js/sw-register.js" defer></script>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/manifest-src 'self'(;|$)/);
    expect(csp).toMatch(/worker-src 'self'(;|$)/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });
});

describe('service worker script', () => {
  it('is served at /sw.js (scope /) with its version and the exact pages and files it keeps', async () => {
    const res = await request(t.app).get('/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.text).not.toMatch(/__(VERSION|ASSETS|PAGES)__/);
    expect(res.text).toMatch(/const VERSION = "[0-9a-f]{12}";/);
    const pages = JSON.parse(/const PAGES = (\[.*\]);/.exec(res.text)![1]!) as string[];
    expect(pages).toEqual(['/harvests/new', '/stock/outflows/new?kind=kitchen', '/stock/outflows/new?kind=loss']);
    const assets = JSON.parse(/const ASSETS = (\[.*\]);/.exec(res.text)![1]!) as string[];
    const scripts = fs.readdirSync(path.join(import.meta.dirname, '../../public/js')).filter((f) => f.endsWith('.js'));
    expect(assets).toEqual(
      expect.arrayContaining(['/static/css/app.css', '/static/icons/icon-192.png', ...scripts.map((s) => `/static/js/${s}`)]),
    );
    // Only static files: no page, PDF, download or photo is ever precached.
    for (const a of assets) expect(a).toMatch(/^\/static\/[\w/.-]+\.(css|js|png|svg)$/);
    for (const a of assets) expect((await request(t.app).get(a)).status, a).toBe(200);
  });

  it('a page tells whose it is (X-Lumbung-User) only to a logged-in user', async () => {
    const petugas = await login(t.app, 'petugas');
    const page = await petugas.get('/harvests/new');
    expect(page.status).toBe(200);
    const me = await t.db.selectFrom('users').select('id').where('username', '=', 'petugas').executeTakeFirstOrThrow();
    expect(page.headers['x-lumbung-user']).toBe(String(me.id));
    const anonymous = await request(t.app).get('/login');
    expect(anonymous.headers['x-lumbung-user']).toBeUndefined();
  });
});

describe('the page to return to after login', () => {
  async function loginLeadsTo(fetchMode: string | null): Promise<string> {
    const agent = request.agent(t.app);
    const get = agent.get('/stock/outflows/new?kind=loss');
    const first = await (fetchMode ? get.set('Sec-Fetch-Mode', fetchMode) : get);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/login');
    const page = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await agent.post('/login').type('form').send({ username: 'petugas', password: PASSWORD, _csrf: token });
    expect(res.status).toBe(303);
    return String(res.headers.location);
  }

  it('is a page the officer opened, never one the service worker fetched in the background', async () => {
    // Opened by the officer (a navigation, or a browser that sends no Sec-Fetch-Mode): back there.
    expect(await loginLeadsTo('navigate')).toBe('/stock/outflows/new?kind=loss');
    expect(await loginLeadsTo(null)).toBe('/stock/outflows/new?kind=loss');
    // Fetched by the worker while nobody was logged in (installing on the login page): not remembered.
    expect(await loginLeadsTo('same-origin')).toBe('/');
    expect(await loginLeadsTo('cors')).toBe('/');
  });
});
