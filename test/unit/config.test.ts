import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-cfg-'));

describe('configuration', () => {
  it('has defaults that make npm start work, and keeps a generated session secret', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(3000);
    expect(c.dbFile).toBe(path.join(dir, 'lumbung.db'));
    expect(c.env).toBe('production');
    expect(fs.existsSync(path.join(dir, 'uploads'))).toBe(true);
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(c.sessionSecret);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT harus berupa angka/],
    [{ PORT: '70000' }, /PORT harus antara 1 dan 65535/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV harus/],
    [{ SESSION_SECRET: 'pendek' }, /SESSION_SECRET minimal 32 karakter/],
    [{ BACKUP_KEEP: '0' }, /BACKUP_KEEP harus antara 1 dan 1000/],
    [{ BACKUP_KEEP: 'tujuh' }, /BACKUP_KEEP harus berupa angka/],
    [{ TLS_CERT_FILE: '/etc/lumbung/server.crt' }, /TLS_CERT_FILE diisi tetapi TLS_KEY_FILE kosong/],
    [{ TLS_KEY_FILE: '/etc/lumbung/server.key' }, /TLS_KEY_FILE diisi tetapi TLS_CERT_FILE kosong/],
    [{ DATABASE_URL: 'mysql://db/lumbung' }, /DATABASE_URL harus alamat PostgreSQL/],
    [{ WORKERS: 'dua' }, /WORKERS harus berupa angka/],
    [{ WORKERS: '0' }, /WORKERS harus antara 1 dan 64/],
    [{ WORKERS: '2' }, /WORKERS=2 hanya dapat dipakai dengan PostgreSQL \(DATABASE_URL\)/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: tmp(), ...env })).toThrow(message);
  });

  it('takes PostgreSQL and several processes from DATABASE_URL and WORKERS, and never prints the URL back', () => {
    const url = 'postgres://lumbung:sandi-rahasia@db.example:5432/lumbung';
    const c = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: url, WORKERS: '4' });
    expect([c.databaseUrl, c.workers]).toEqual([url, 4]);
    expect(loadConfig({ DATA_DIR: tmp() }).databaseUrl).toBeNull();
    expect(() => loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'postgres://lumbung:sandi-rahasia@' + ' x' })).toThrow(
      /nilai DATABASE_URL: tidak ditampilkan/,
    );
  });

  it('never prints a bad SESSION_SECRET back', () => {
    const secret = 'bukan-rahasia-yang-cukup';
    let message = '';
    try {
      loadConfig({ DATA_DIR: tmp(), SESSION_SECRET: secret });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/SESSION_SECRET minimal 32 karakter/);
    expect(message).not.toContain(secret);
  });

  it('refuses a bad session-secret file naming it, and does not replace it', () => {
    const dir = tmp();
    const file = path.join(dir, 'session-secret');
    for (const bad of ['', 'pendek\n', `${'a'.repeat(40)}\n${'b'.repeat(40)}\n`]) {
      fs.writeFileSync(file, bad);
      expect(() => loadConfig({ DATA_DIR: dir }), JSON.stringify(bad)).toThrow(new RegExp(`berkas kunci sesi ${file} rusak`));
      expect(fs.readFileSync(file, 'utf8')).toBe(bad);
    }
    // One written by an admin (a passphrase of 32 characters or more) is kept as it is.
    fs.writeFileSync(file, 'kunci rahasia buatan admin sendiri 2026\n');
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe('kunci rahasia buatan admin sendiri 2026');
  });

  it('refuses a DATA_DIR that is a file', () => {
    const file = path.join(tmp(), 'berkas');
    fs.writeFileSync(file, 'x');
    expect(() => loadConfig({ DATA_DIR: file })).toThrow(ConfigError);
  });

  it('the server stops on a bad PORT or DATA_DIR with one line, not a stack trace', () => {
    const file = path.join(tmp(), 'berkas');
    fs.writeFileSync(file, 'x');
    for (const env of [{ PORT: 'abc', DATA_DIR: tmp() }, { DATA_DIR: file }]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^Lumbung tidak dapat dimulai: /);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});

describe('the generated session secret', () => {
  it('is made once, however many starts race for it: every start gets the same one', async () => {
    const { createFileOnce } = await import('../../src/lib/files.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-secret-'));
    const file = path.join(dir, 'session-secret');
    expect(createFileOnce(file, 'pertama\n', { mode: 0o600 })).toBe(true);
    expect(createFileOnce(file, 'kedua\n', { mode: 0o600 })).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('pertama\n');
    expect(fs.readdirSync(dir)).toEqual(['session-secret']);
    // Two configs over one new folder: the second reads what the first made.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbung-secret-'));
    const a = loadConfig({ DATA_DIR: other });
    const b = loadConfig({ DATA_DIR: other });
    expect(b.sessionSecret).toBe(a.sessionSecret);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  });
});
