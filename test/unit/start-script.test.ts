// The server as production runs it: package.json's start script (npm start, the bench) and the
// systemd unit in docs/operasional.md, which runs node without npm, say the same thing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, it } from 'vitest';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string; prestart?: string; prepare?: string } };

it('npm start execs node on the compiled server, built at install and before each start', () => {
  expect(pkg.scripts.start).toMatch(/^(\w+=\S+ )*exec node (--\S+ )*dist\/server\.js$/);
  expect(pkg.scripts.prestart).toBe('node scripts/build.js');
  expect(pkg.scripts.prepare).toBe('npm run build');
});

it('the systemd unit in the operations guide runs node with the start script’s settings', () => {
  const words = pkg.scripts.start.split(' ');
  const env = words.filter((w) => /^\w+=/.test(w));
  const args = words.slice(words.indexOf('node') + 1).join(' ');
  const unit = fs.readFileSync('docs/operasional.md', 'utf8');
  expect(unit).toContain(`ExecStart=/usr/bin/node ${args}\n`);
  for (const e of env) expect(unit).toContain(`Environment=${e}\n`);
});

it('a new build keeps the chunks a running server may still load, and drops those unused for a week', () => {
  execFileSync(process.execPath, ['scripts/build.js']);
  const chunks = 'dist/chunks';
  const recent = `${chunks}/old-recent.js`;
  const stale = `${chunks}/old-stale.js`;
  fs.writeFileSync(recent, '');
  fs.writeFileSync(stale, '');
  const weekAgo = new Date(Date.now() - 8 * 24 * 3_600_000);
  fs.utimesSync(stale, weekAgo, weekAgo);
  const before = fs.readdirSync(chunks).filter((f) => !f.startsWith('old-'));
  execFileSync(process.execPath, ['scripts/build.js']);
  expect(fs.existsSync(recent)).toBe(true);
  expect(fs.existsSync(stale)).toBe(false);
  expect(fs.readdirSync(chunks)).toEqual(expect.arrayContaining(before));
  expect(fs.existsSync('dist/server.js')).toBe(true);
  fs.rmSync(recent);
});
