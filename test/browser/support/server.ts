// Starts the real server (tsx src/server.ts) as a child process on a free port over a fresh DATA_DIR.
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/ports.ts';
import { repoRoot, spawnApp } from '../../support/app-process.ts';
import type { TestCert } from '../../support/tls-cert.ts';

export { repoRoot };

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** GET /healthz's status; over HTTPS trusting only the test certificate. */
function healthStatus(url: string, cert?: TestCert): Promise<number> {
  if (!cert) return fetch(url).then((r) => r.status);
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: cert.cert }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/**
 * `demo`: fill the data folder with `npm run seed:demo` first (users with the password lumbung-demo).
 * `prepare`: fill the fresh data folder some other way before the server opens it (e.g. several units).
 * `tls`: serve HTTPS with this certificate (TLS_CERT_FILE, TLS_KEY_FILE) at https://localhost:port.
 */
export async function startServer({
  timeoutMs = 30_000,
  demo = false,
  prepare,
  tls,
}: { timeoutMs?: number; demo?: boolean; prepare?: (dataDir: string) => Promise<void>; tls?: TestCert } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-e2e-'));
  const baseUrl = tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  const { SESSION_SECRET: _unused, ...inherited } = process.env;
  if (demo) {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/seed-demo.ts'], {
      cwd: repoRoot,
      env: { ...inherited, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: 'pipe',
    });
  }
  if (prepare) {
    try {
      await prepare(dataDir);
    } catch (err) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
  const app = spawnApp(dataDir, port, tls ? { TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile } : {});
  const { child } = app;

  const stop = async () => {
    app.release();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited with code ${child.exitCode} before it was ready:\n${app.output()}`);
    }
    try {
      if ((await healthStatus(`${baseUrl}/healthz`, tls)) === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer GET /healthz with 200 within ${timeoutMs} ms:\n${app.output()}`);
    }
    await sleep(200);
  }
  return { baseUrl, dataDir, output: app.output, stop };
}
