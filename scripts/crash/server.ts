// The real server as a child process: node itself (tsx as an --import hook, no wrapper process),
// so SIGKILL hits the very process that holds the database open.
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../test/support/ports.ts';
import { repoRoot, spawnApp } from '../../test/support/app-process.ts';

export { freePort, repoRoot };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  output(): string;
  /** False when the process has exited (on its own, or killed). */
  alive(): boolean;
  /** kill -9 and wait until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop) and wait. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * Ports a server of this run has used. A restart never gets one again: fetch keeps a pool of
 * connections per origin, and one left from the killed server would fail the next request.
 */

/** `env`: on PostgreSQL, DATABASE_URL and WORKERS (kill -9 then hits every process of the server). */
export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
  attempt = 1,
): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = spawnApp(dataDir, port, env);
  const { child } = app;
  const log = () => app.output();
  const kill = async (signal: NodeJS.Signals) => {
    app.release();
    if (child.exitCode === null && child.signalCode === null) app.kill(signal);
    await exited(child);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      app.release();
      if (log().includes('sudah dipakai') && attempt < 3) return startServer(dataDir, env, timeoutMs, attempt + 1);
      throw new Error(`server exited with code ${child.exitCode} before it was ready:\n${log()}`);
    }
    try {
      // A 200 counts only while our child is alive: another program may have taken the port
      // between freePort() and the child's listen (then the child exits with EADDRINUSE).
      if ((await fetch(`${baseUrl}/healthz`)).status === 200) {
        await sleep(200);
        if (child.exitCode === null) break;
        continue;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${log()}`);
    }
    await sleep(100);
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  return { baseUrl, pid: child.pid!, output: log, alive, kill9: () => kill('SIGKILL'), stop: () => kill('SIGTERM') };
}
