// WORKERS=2 on PostgreSQL: two processes answer on one port; one killed is replaced while the other
// keeps answering; SIGTERM stops them all. (Needs PostgreSQL: runs in `npm run test:pg`.)
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnApp } from '../support/app-process.ts';
import { freshPgDatabase, testEngine } from '../support/engine.ts';
import { freePort } from '../support/ports.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The server's worker processes: the primary's children. */
const workersOf = (pid: number) =>
  fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-workers-'));
let dropDb: (() => Promise<void>) | null = null;
afterAll(async () => {
  await dropDb?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(testEngine === 'postgres')('several server processes', () => {
  it('answer on one port, a killed one is replaced, SIGTERM stops them all', { timeout: 90_000 }, async () => {
    const db = await freshPgDatabase();
    dropDb = db.drop;
    const port = await freePort();
    // LOG_LEVEL=info: each worker says when it answers ("Lumbung berjalan"), with its pid.
    const app = spawnApp(dir, port, { DATABASE_URL: db.url, WORKERS: '2', LOG_LEVEL: 'info' });
    const primary = app.child.pid!;
    const answering = () =>
      new Set(
        app
          .output()
          .split('\n')
          .filter((l) => l.includes('Lumbung berjalan'))
          .map((l) => JSON.parse(l).pid as number),
      );
    // A new connection each time (no keep-alive): a kept connection belongs to the worker that took it.
    const health = () =>
      new Promise<number>((resolve) => {
        http
          .get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', () => resolve(0));
      });
    // Both must answer before one is killed: with none left answering, node's cluster closes the port
    // until the replacement is up (refused connections, as CI saw when the other was still starting).
    for (let i = 0; i < 300 && answering().size < 2; i++) await sleep(100);
    const [first, second] = workersOf(primary);
    expect([...answering()].sort(), app.output()).toEqual([first, second].sort());
    expect(await health()).toBe(200);

    process.kill(first!, 'SIGKILL');
    // A connection handed to the dying worker before the primary has seen it die fails, as on a real
    // server; being reaped is not enough, the cluster module drops it from its round robin in the exit
    // handler, and the primary's own line about the death comes after that: wait for it.
    const died = `proses server ${first} berhenti`;
    for (let i = 0; i < 400 && !app.output().includes(died); i++) await sleep(25);
    expect(app.output()).toContain(died);
    expect(workersOf(primary)).not.toContain(first);
    for (let i = 0; i < 50; i++) expect(await health(), app.output()).toBe(200);
    for (let i = 0; i < 100 && !(workersOf(primary).length === 2 && !workersOf(primary).includes(first!)); i++) await sleep(100);
    expect(workersOf(primary)).toHaveLength(2);
    expect(workersOf(primary)).not.toContain(first);
    expect(app.output()).toContain('diganti dengan yang baru');

    const children = workersOf(primary);
    app.release();
    app.child.kill('SIGTERM');
    await new Promise((r) => app.child.once('exit', r));
    for (const pid of children)
      expect(fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')).toBe(false);
  });
  it('a start that fails in every worker (the port taken) stops the server with its message', { timeout: 60_000 }, async () => {
    const db = await freshPgDatabase();
    const port = await freePort();
    const taken = net.createServer().listen(port, '0.0.0.0');
    await new Promise((r) => taken.once('listening', r));
    try {
      const app = spawnApp(dir, port, { DATABASE_URL: db.url, WORKERS: '2' });
      const code = await new Promise((r) => app.child.once('exit', r));
      app.release();
      expect(code).toBe(1);
      expect(app.output()).toContain(`Port ${port} sudah dipakai program lain`);
      expect(app.output()).not.toContain('diganti dengan yang baru');
    } finally {
      taken.close();
      await db.drop();
    }
  });
});
