// Pages and files with personal data are never kept by the browser or a proxy (Cache-Control:
// no-store), so after Keluar the browser has nothing to show; photos may be kept, privately, for a
// while; the stylesheet and scripts under /static keep their caching.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteTableEntry } from '../../src/web/routes.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { concretePath, makeWorld, type World } from '../support/fuzz-world.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  // The world's harvest gets a photo, so its photo route answers 200.
  const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
  await t.files.write('harvests/h.jpg', jpeg);
  await t.db.updateTable('harvests').set({ photo_file: 'harvests/h.jpg' }).where('id', '=', w.ids.harvest).execute();
}, 60_000);
afterAll(() => t.close());

const isPhoto = (p: string) => /\/photos?(\/|$)|\/logo\//.test(p);

describe('Cache-Control', () => {
  it('every GET route, for a user holding every role, is sent no-store (photos: private)', async () => {
    const table = t.app.locals.routeTable as RouteTableEntry[];
    const gets = table.filter((r) => r.method === 'get');
    expect(gets.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const r of gets) {
      const url = concretePath(r.path, w);
      const res = await w.all.get(url);
      const cc = String(res.headers['cache-control'] ?? '');
      if (isPhoto(r.path) && res.status === 200) {
        if (!/^private, max-age=\d+/.test(cc)) wrong.push(`${url} (${res.status}): "${cc}"`);
      } else if (cc !== 'no-store') {
        wrong.push(`${url} (${res.status}): "${cc}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a recipient's page, a receipt PDF and an export are no-store; a photo is private", async () => {
    const staf = w.agents.staf;
    for (const url of [
      `/recipients/${w.ids.family}`,
      `/distributions/${w.ids.distribution}/receipt.pdf`,
      '/recipients/export.csv',
      '/distributions',
    ]) {
      const res = await staf.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const photo = await w.all.get(`/harvests/${w.ids.harvest}/photo`);
    expect(photo.status).toBe(200);
    expect(photo.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    // A kept photo is asked again with its ETag and not sent twice; pages carry none (no-store).
    expect(photo.headers.etag).toMatch(/^W\/"/);
    const again = await w.all.get(`/harvests/${w.ids.harvest}/photo`).set('If-None-Match', photo.headers.etag!);
    expect(again.status).toBe(304);
    expect((await staf.get('/distributions')).headers.etag).toBeUndefined();
    expect((await w.agents.admin.get('/audit')).headers['cache-control']).toBe('no-store');
  });

  it('the login page and a page that sends the visitor to log in are no-store too', async () => {
    const anon = (await import('supertest')).default(t.app);
    const res = await anon.get(`/recipients/${w.ids.family}`);
    expect(res.status).toBe(303);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await anon.get('/login')).headers['cache-control']).toBe('no-store');
  });

  it('static assets keep their own caching', async () => {
    const anon = (await import('supertest')).default(t.app);
    const css = await anon.get('/static/css/app.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
  });
});
