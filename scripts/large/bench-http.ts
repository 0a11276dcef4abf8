// The benchmark's HTTP side: start a server as a child and time its cold start, log in like a
// browser (cookie + CSRF token), drive autocannon, time PDF downloads, sample the server's memory.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from '../../test/support/ports.ts';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export { freePort };

const running = new Set<ChildProcess>();

/** Ends every server this process started (on a failure half-way). */
export function killStarted(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface Started {
  child: ChildProcess;
  base: string;
  /** spawn → first 200 from `healthPath` */
  coldStartMs: number;
}

/** Spawns `node args…` with `env`, its output into `logFile`, and waits for a 200 on healthPath. */
export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  port: number,
  healthPath: string,
  logFile: string,
): Promise<Started> {
  const out = fs.openSync(logFile, 'a');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const base = `http://127.0.0.1:${port}`;
  let exited: string | null = null;
  child.once('exit', (code, signal) => void (exited = `kode ${code ?? signal}`));
  for (;;) {
    if (exited) throw new Error(`server berhenti sebelum siap (${exited}); lihat ${logFile}`);
    try {
      const r = await fetch(base + healthPath);
      await r.arrayBuffer();
      if (r.status === 200) return { child, base, coldStartMs: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 60_000) throw new Error(`server tidak siap dalam 60 s; lihat ${logFile}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Waits until the server answers /healthz at once: requests still queued from a finished run
 * (autocannon stops sending, the server keeps working) must not slow the next one down.
 * Returns how long that took, or -1 when the server still looked busy after `limitMs`.
 */
export async function waitIdle(base: string, limitMs = 120_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    const t = performance.now();
    const r = await fetch(`${base}/healthz`).catch(() => null);
    await r?.arrayBuffer();
    if (performance.now() - t < 50) return performance.now() - t0;
    await new Promise((res) => setTimeout(res, 100));
  }
  return -1;
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await done;
  clearTimeout(timer);
}

/** Peak resident memory of a process: VmRSS sampled every 100 ms, and the kernel's VmHWM. */
export class MemorySampler {
  peakKb = 0;
  private timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
  }
  private read(field: 'VmRSS' | 'VmHWM'): number {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  }
  sample(): number {
    const kb = this.read('VmRSS');
    this.peakKb = Math.max(this.peakKb, kb);
    return kb;
  }
  stop(): { peakMb: number; hwmMb: number; nowMb: number } {
    clearInterval(this.timer);
    const nowMb = this.sample() / 1024;
    return { peakMb: this.peakKb / 1024, hwmMb: this.read('VmHWM') / 1024, nowMb };
  }
}

export interface Session {
  cookie: string;
  csrf: string;
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (r: Response, fallback = '') =>
  r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('lumbung.sid=')) ?? fallback;
/** Every cookie a response sets (the login page's CSRF cookie: a visitor has no session yet). */
const allCookiesOf = (r: Response) =>
  r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

/** Logs in as a browser does and reads the session's CSRF token from `formPage`. */
export async function login(base: string, username: string, password: string, formPage: string): Promise<Session> {
  const page = await fetch(`${base}/login`);
  const r = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: allCookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrfOf(await page.text()) }),
  });
  await r.arrayBuffer();
  if (r.status !== 303) throw new Error(`masuk sebagai ${username} gagal (status ${r.status})`);
  const cookie = cookieOf(r);
  const form = await fetch(base + formPage, { headers: { cookie } });
  const csrf = csrfOf(await form.text());
  if (form.status !== 200 || !csrf)
    throw new Error(`${formPage} sebagai ${username}: status ${form.status}, token CSRF ${csrf ? 'ada' : 'tidak ada'}`);
  return { cookie, csrf };
}

/** A multipart/form-data body as a browser sends a form with an empty file input. */
export function multipart(fields: Array<[string, string]>, fileField: string | null): { body: string; contentType: string } {
  const boundary = `----LumbungBench${Math.random().toString(16).slice(2)}`;
  let body = '';
  for (const [k, v] of fields) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  if (fileField)
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`;
  body += `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface LoadResult {
  rps: number;
  /** responses with `okStatus` per second */
  okPerSec: number;
  ok: number;
  total: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** a new body (and its content type) for each request */
  body?: () => { body: string; contentType: string };
  okStatus: number;
}

export async function load(spec: LoadSpec, connections: number, seconds: number): Promise<LoadResult> {
  const u = new URL(spec.url);
  const request = spec.body
    ? {
        method: spec.method ?? 'POST',
        path: u.pathname + u.search,
        setupRequest: (req: autocannon.Request) => {
          const { body, contentType } = spec.body!();
          return { ...req, body, headers: { ...spec.headers, 'content-type': contentType } };
        },
      }
    : { method: spec.method ?? 'GET', path: u.pathname + u.search, headers: spec.headers };
  const r = await autocannon({ url: u.origin, connections, duration: seconds, requests: [request as autocannon.Request], timeout: 30 });
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = s.count ?? 0;
  const ok = statuses[String(spec.okStatus)] ?? 0;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: total / seconds,
    okPerSec: ok / seconds,
    ok,
    total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    statuses,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

export interface DownloadTiming {
  times: number[];
  /** request → first byte of the body */
  firstByteMs: number[];
  bytes: number;
  /** the longest a /healthz request took while the download ran (each run's worst) */
  worstWaitMs: number[];
  /** the server's resident memory during a download above what it held just before (each run's) */
  rssGrowthMb: number[];
}

/**
 * Downloads `url` `runs` times after `warmups`, one at a time, checking the file's first bytes;
 * meanwhile another client asks `${base}/healthz` again and again (a few ms apart) and the server's
 * memory is read every 10 ms: how long any other request had to wait while the file was made, and
 * whether the server held the whole document.
 */
export async function timeDownload(
  url: string,
  cookie: string,
  warmups: number,
  runs: number,
  opts: { pid: number; magic: string },
): Promise<DownloadTiming> {
  const out: DownloadTiming = { times: [], firstByteMs: [], bytes: 0, worstWaitMs: [], rssGrowthMb: [] };
  const base = new URL(url).origin;
  const rss = () => {
    try {
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${opts.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  for (let i = 0; i < warmups + runs; i++) {
    let done = false;
    let worst = 0;
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10);
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        // A kept-alive connection the server closed meanwhile is reset: asked again, the wait counts whole.
        for (let tries = 0; ; tries++) {
          try {
            const r = await fetch(`${base}/healthz`);
            await r.arrayBuffer();
            break;
          } catch (err) {
            if (tries >= 2) throw err;
          }
        }
        worst = Math.max(worst, performance.now() - t);
        await new Promise((res) => setTimeout(res, 5));
      }
    })();
    const t0 = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    if (!r.body) throw new Error(`${url}: tanpa isi`);
    const chunks: Buffer[] = [];
    let first = 0;
    for await (const chunk of r.body) {
      if (!first) first = performance.now() - t0;
      chunks.push(Buffer.from(chunk));
    }
    const ms = performance.now() - t0;
    done = true;
    await probe;
    clearInterval(sampler);
    const buf = Buffer.concat(chunks);
    if (r.status !== 200 || buf.subarray(0, opts.magic.length).toString('latin1') !== opts.magic)
      throw new Error(`${url}: status ${r.status}, ${r.headers.get('content-type')}`);
    out.bytes = buf.length;
    if (i < warmups) continue;
    out.times.push(ms);
    out.firstByteMs.push(first);
    out.worstWaitMs.push(worst);
    out.rssGrowthMb.push(peak - before);
  }
  return out;
}

/** Downloads a PDF `runs` times after `warmups`, one at a time; checks it is a PDF; times in ms. */
export async function timePdf(url: string, cookie: string, warmups: number, runs: number): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < warmups + runs; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    const buf = Buffer.from(await r.arrayBuffer());
    const ms = performance.now() - t0;
    if (r.status !== 200 || buf.subarray(0, 5).toString() !== '%PDF-')
      throw new Error(`${url}: status ${r.status}, ${r.headers.get('content-type')}`);
    bytes = buf.length;
    if (i >= warmups) times.push(ms);
  }
  return { times, bytes };
}
