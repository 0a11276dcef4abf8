// `npm start` as a new user runs it: the build (prestart), then the compiled server with plain node —
// no tsx loader in the process that answers — over an empty DATA_DIR (first run: to /setup).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from '../support/app-process.ts';
import { login } from '../../scripts/large/bench-http.ts';
import { freePort } from '../support/ports.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-compiled-'));
let stop: () => Promise<void> = async () => {};
let serverPid = 0;
afterAll(async () => {
  await stop();
  // npm may exit before the server has closed its files: wait for the server itself to be gone.
  for (let i = 0; i < 100 && serverPid && fs.existsSync(`/proc/${serverPid}`); i++) await new Promise((r) => setTimeout(r, 100));
  fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

test(
  'npm start builds and runs the bundled server with node alone: /healthz ok, first run leads to /setup, idle memory ≤ 100 MB, ≤ 115 MB after logins, pages and report files served',
  { timeout: 180_000 },
  async () => {
    const port = await freePort();
    const { SESSION_SECRET: _unused, NODE_OPTIONS: _none, ...inherited } = process.env;
    // Its own process group: npm, its shell and the server are stopped together.
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...inherited, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'info', TRUST_PROXY: '0' },
    });
    const exited = new Promise((r) => npm.once('exit', r));
    stop = async () => {
      try {
        process.kill(-npm.pid!, 'SIGTERM');
      } catch {
        return; // already gone
      }
      await exited;
    };
    let log = '';
    npm.stdout.on('data', (d: Buffer) => (log += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (log += d.toString()));

    // The server says where it listens in one JSON line that carries its pid.
    const started = Date.now();
    let pid = 0;
    while (!pid) {
      if (npm.exitCode !== null) throw new Error(`npm start berhenti (kode ${npm.exitCode}):\n${log}`);
      if (Date.now() - started > 170_000) throw new Error(`server tidak siap:\n${log}`);
      const line = log.split('\n').find((l) => l.includes('Lumbung berjalan di'));
      if (line) serverPid = pid = (JSON.parse(line) as { pid: number }).pid;
      else await new Promise((r) => setTimeout(r, 100));
    }

    const readyAt = Date.now();
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    expect(home.headers.get('location')).toBe('/setup');

    // The process that answered: node running dist/server.js, with no tsx hook anywhere.
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(path.basename(argv[0]!)).toMatch(/^node/);
    expect(argv.slice(1)).toContain('dist/server.js');
    expect(argv.join(' ')).not.toMatch(/tsx/);
    expect(env.find((e) => e.startsWith('NODE_OPTIONS=')) ?? '').not.toMatch(/tsx/);

    // Idle once the start is over (the daily backup's catch-up, the first checks): ≤ 100 MB.
    await new Promise((r) => setTimeout(r, Math.max(0, readyAt + 5000 - Date.now())));
    const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    expect(rssMb()).toBeLessThanOrEqual(100);

    // Each password check (scrypt, 16 MB outside the JS heap) gives its memory back: the first admin
    // and four logins leave the server within 115 MB (glibc used to keep ≈ 17 MB a check).
    const setup = await fetch(`${base}/setup`);
    const created = await fetch(`${base}/setup`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: setup.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(await setup.text())![1]!,
        unit_name: 'Rutan Kelas IIB Blora',
        unit_code: 'RTNBLORA',
        username: 'admin',
        full_name: 'Admin Rutan',
        password: 'kata-sandi-kuat',
        password_confirm: 'kata-sandi-kuat',
      }),
    });
    expect(created.status).toBe(303);
    let session = await login(base, 'admin', 'kata-sandi-kuat', '/');
    for (let i = 0; i < 3; i++) session = await login(base, 'admin', 'kata-sandi-kuat', '/');
    expect(rssMb()).toBeLessThanOrEqual(115);

    // The bundle (scripts/build.js) draws pages, PDFs and spreadsheets as the source does: a
    // package that finds its files or modules at run time would fail here, and only here.
    for (const page of ['/', '/settings', '/users', '/harvests/new', '/stock', '/dashboard', '/reports', '/backups']) {
      const r = await fetch(base + page, { headers: { cookie: session.cookie }, redirect: 'manual' });
      expect(`${page} ${r.status}`).toBe(`${page} 200`);
      expect(await r.text()).toContain('</html>');
    }
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit' }).format(new Date());
    const magic = { pdf: '%PDF-', xlsx: 'PK', csv: 'Laporan' } as const;
    for (const [format, start] of Object.entries(magic)) {
      const r = await fetch(`${base}/reports/${month}/report.${format}`, { headers: { cookie: session.cookie } });
      expect(`${format} ${r.status}`).toBe(`${format} 200`);
      expect(Buffer.from(await r.arrayBuffer()).toString('latin1')).toMatch(new RegExp(`^(\\ufeff|ï»¿)?${start}`));
    }
  },
);
