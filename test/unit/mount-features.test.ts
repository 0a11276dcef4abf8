// The features' routers are entered by the first segment of the path (src/web/routes.ts
// mountFeatures): the same answers as mounting every router at `/`, in the same order.
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { expect, it } from 'vitest';
import { buildRouter, mountFeatures, type RouteSpec } from '../../src/web/routes.ts';

const route = (method: 'get' | 'post', path: string, answer: string): RouteSpec => ({
  method,
  path,
  access: 'public',
  handler: (_req, res) => void res.send(answer),
});

function appWith(features: ReturnType<typeof buildRouter>[]) {
  const app = express();
  app.use(mountFeatures(features));
  app.use((_req: Request, res: Response) => void res.status(404).send('tidak ada'));
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).send(err.message));
  return { app };
}

it('answers as routers mounted at / would: first match wins, across features and cases', async () => {
  const { app } = appWith([
    buildRouter([route('get', '/harvests/new', 'form'), route('get', '/', 'home')]),
    buildRouter([route('get', '/harvests/:id', 'one'), route('post', '/harvests', 'saved')]),
    buildRouter([route('get', '/stock', 'stock')]),
  ]);
  const get = async (p: string) => (await request(app).get(p)).text;
  expect(await get('/harvests/new')).toBe('form');
  expect(await get('/harvests/12')).toBe('one');
  // Express matches routes without regard to case, and with or without a last slash.
  expect(await get('/Harvests/New')).toBe('form');
  expect(await get('/stock/')).toBe('stock');
  expect(await get('/')).toBe('home');
  expect(await get('/stock?x=1')).toBe('stock');
  expect((await request(app).post('/harvests')).text).toBe('saved');
  expect((await request(app).get('/nothing-here')).status).toBe(404);
  expect((await request(app).get('/stock/extra')).status).toBe(404);
});

it('a feature with a route under a parameter is entered for every path, in its place', async () => {
  const { app } = appWith([
    buildRouter([route('get', '/harvests', 'list')]),
    buildRouter([route('get', '/:code', 'short link')]),
    buildRouter([route('get', '/stock', 'stock')]),
  ]);
  expect((await request(app).get('/harvests')).text).toBe('list');
  expect((await request(app).get('/abc')).text).toBe('short link');
  // Mounted at /, the parameter route comes first for /stock too.
  expect((await request(app).get('/stock')).text).toBe('short link');
});

it('an error goes to the error handler, past the other routers', async () => {
  const failing: RouteSpec = {
    method: 'get',
    path: '/harvests',
    access: 'public',
    handler: () => {
      throw new Error('gagal');
    },
  };
  const { app } = appWith([buildRouter([failing]), buildRouter([route('get', '/harvests', 'second')])]);
  const r = await request(app).get('/harvests');
  expect(r.status).toBe(500);
  expect(r.text).toBe('gagal');
});
