// TLS_CERT_FILE and TLS_KEY_FILE: the real server (child process) speaks HTTPS itself on PORT, its
// cookies are Secure, and a wrong pair stops the start with one Indonesian line naming the files.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnApp, type AppProcess } from '../support/app-process.ts';
import { freePort } from '../support/ports.ts';
import { makeTestCert } from '../support/tls-cert.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-https-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, ca: Buffer, urlPath: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: urlPath, ca, servername: 'localhost' }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function exited(app: AppProcess): Promise<number> {
  const { child } = app;
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
}

async function stop(app: AppProcess): Promise<void> {
  app.release();
  if (app.child.exitCode === null && app.child.signalCode === null) {
    app.child.kill('SIGTERM');
    await exited(app);
  }
}

describe('HTTPS served by Lumbung itself', () => {
  it('starts over HTTPS with TLS_CERT_FILE and TLS_KEY_FILE: /healthz answers, cookies are Secure', { timeout: 60_000 }, async () => {
    const certDir = tmp();
    const cert = await makeTestCert(certDir);
    const port = await freePort();
    const app = spawnApp(tmp(), port, { TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile });
    try {
      let health: Answer | null = null;
      for (let i = 0; i < 150 && !health; i++) {
        if (app.child.exitCode !== null) throw new Error(`server stopped:\n${app.output()}`);
        health = await get(port, cert.cert, '/healthz').catch(() => null);
        if (!health) await new Promise((r) => setTimeout(r, 200));
      }
      expect(health?.status, app.output()).toBe(200);
      // A fresh DATA_DIR leads to the first-run setup; its form cookie is marked Secure.
      const setup = await get(port, cert.cert, '/setup');
      expect(setup.status).toBe(200);
      const cookies = [setup.headers['set-cookie'] ?? []].flat();
      expect(cookies.length).toBeGreaterThan(0);
      for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
    } finally {
      await stop(app);
    }
  });

  it('refuses a certificate and a key that are not a pair, naming both files, without a stack trace', { timeout: 30_000 }, async () => {
    const dir = tmp();
    const a = await makeTestCert(dir, 'a');
    const b = await makeTestCert(dir, 'b');
    const app = spawnApp(tmp(), await freePort(), { TLS_CERT_FILE: a.certFile, TLS_KEY_FILE: b.keyFile });
    expect(await exited(app)).toBe(1);
    const out = app.output().trim();
    expect(out).toBe(
      `Lumbung tidak dapat dimulai: sertifikat TLS_CERT_FILE "${a.certFile}" dan kunci TLS_KEY_FILE "${b.keyFile}" bukan pasangan. ` +
        'Pakai kunci yang dipakai saat sertifikat itu dibuat.',
    );
    app.release();
  });

  it('refuses a missing or unreadable file, and a file that is no certificate, naming it', { timeout: 30_000 }, async () => {
    const dir = tmp();
    const cert = await makeTestCert(dir);
    const missing = path.join(dir, 'tidak-ada.crt');
    const one = spawnApp(tmp(), await freePort(), { TLS_CERT_FILE: missing, TLS_KEY_FILE: cert.keyFile });
    expect(await exited(one)).toBe(1);
    expect(one.output().trim()).toBe(`Lumbung tidak dapat dimulai: TLS_CERT_FILE "${missing}" tidak dapat dibaca (berkas tidak ada).`);
    one.release();

    // The key given as the certificate: a PEM file, but no certificate.
    const two = spawnApp(tmp(), await freePort(), { TLS_CERT_FILE: cert.keyFile, TLS_KEY_FILE: cert.keyFile });
    expect(await exited(two)).toBe(1);
    expect(two.output().trim()).toMatch(new RegExp(`^Lumbung tidak dapat dimulai: TLS_CERT_FILE "${cert.keyFile}" bukan sertifikat PEM`));
    two.release();
  });
});
