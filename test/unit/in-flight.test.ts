// A stop waits for the requests still running, even those whose client hung up (src/web/in-flight.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/web/in-flight.ts';
import { buildRouter } from '../../src/web/routes.ts';

describe('requests in flight', () => {
  it('settled waits for every piece of work, and an end called twice counts once', async () => {
    const inFlight = new InFlight();
    const a = inFlight.begin();
    const b = inFlight.begin();
    a();
    a();
    expect(inFlight.count).toBe(1);
    let settled = false;
    const waiting = inFlight.settled(5000).then((ok) => (settled = ok));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    b();
    await waiting;
    expect(settled).toBe(true);
  });

  it('settled gives up after its time with work still running', async () => {
    const inFlight = new InFlight();
    inFlight.begin();
    expect(await inFlight.settled(30)).toBe(false);
  });

  it('a route handler whose client hung up is still counted until it returns', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const entered = new Promise<void>((r) => (started = r));
    const inFlight = new InFlight();
    const app = express();
    app.locals.inFlight = inFlight;
    app.use(inFlight.middleware());
    const { router } = buildRouter([
      {
        method: 'get',
        path: '/slow',
        access: 'public',
        handler: async (_req, res) => {
          started();
          await gate;
          res.send('ok');
        },
      },
    ]);
    app.use(router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const req = http.get({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => {});
    await entered;
    req.destroy();
    // The server has seen the client go: the socket is closed, the handler still waits.
    await new Promise((r) => setTimeout(r, 50));
    const closed = new Promise<void>((r) => server.close(() => r()));
    await closed;
    expect(inFlight.count).toBe(1);
    const settled = inFlight.settled(5000);
    release();
    expect(await settled).toBe(true);
    expect(inFlight.count).toBe(0);
  });
});
