// No link, button or form a role is shown leads to a route that role may not use: for every role,
// every page it can open (the route table's, and the pages they link to) is read, and every href,
// form action and formaction on it is matched against the route table.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES, type Role } from '../../src/db/database.ts';
import { canAccess, type RouteTableEntry } from '../../src/web/routes.ts';
import { makeTestApp, type Agent, type TestApp } from '../support/app.ts';
import { concretePath, makeWorld, type World } from '../support/fuzz-world.ts';
import { repoRoot } from '../support/app-process.ts';

vi.setConfig({ testTimeout: 180_000 });

let t: TestApp;
let w: World;
let table: RouteTableEntry[];

beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  table = t.app.locals.routeTable as RouteTableEntry[];
});
afterAll(() => t.close());

function routeOf(method: 'get' | 'post', pathname: string): RouteTableEntry | undefined {
  const matches = (r: RouteTableEntry) => r.method === method && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(pathname);
  // A literal route (/distributions/new) wins over a parameter one (/distributions/:id).
  return table.filter(matches).sort((a, b) => a.path.split(':').length - b.path.split(':').length)[0];
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#34;/g, '"').replace(/&#39;/g, "'");

/** Every target on a page: links (GET), forms (their method), and buttons with a formaction. */
function targetsOf(html: string): Array<{ method: 'get' | 'post'; url: string; what: string }> {
  const out: Array<{ method: 'get' | 'post'; url: string; what: string }> = [];
  const body = html.slice(html.indexOf('<body'));
  for (const m of body.matchAll(/<a\b[^>]*\shref="([^"#][^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    out.push({
      method: 'get',
      url: decode(m[1]!),
      what: `link "${m[2]!
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()}"`,
    });
  }
  for (const m of body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    const method = /method="post"/i.test(attrs) ? 'post' : 'get';
    const action = /action="([^"]*)"/.exec(attrs)?.[1];
    if (action) out.push({ method, url: decode(action), what: `form ${method.toUpperCase()}` });
    for (const b of m[2]!.matchAll(/<button\b[^>]*formaction="([^"]+)"[^>]*>([\s\S]*?)<\/button>/g)) {
      out.push({ method, url: decode(b[1]!), what: `button "${b[2]!.replace(/<[^>]+>/g, '').trim()}"` });
    }
  }
  return out.filter((x) => x.url.startsWith('/') && !x.url.startsWith('//'));
}

const isStatic = (pathname: string) => fs.existsSync(path.join(repoRoot, 'public', pathname)) && pathname !== '/';

/**
 * Reads every page the role can open, breadth first from the route table's GET routes, following
 * the GET links it finds (a few URLs per route, so pagers and filters do not multiply the walk).
 */
async function walk(role: Role, agent: Agent): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  const perRoute = new Map<string, number>();
  const queue = table
    .filter((r) => r.method === 'get' && r.access !== 'public' && canAccess(r.access, [role]))
    .map((r) => concretePath(r.path, w));
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await agent.get(url);
    if (res.status !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
    // Each form that posts carries the page's token once (a partial adds it: a second is a slip).
    for (const f of res.text.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
      const tokens = f[2]!.match(/name="_csrf"/g)?.length ?? 0;
      if (/method="post"/i.test(f[1]!) && tokens !== 1)
        problems.push(`${role}: ${url} has a form (${f[1]!.trim()}) with ${tokens} CSRF fields`);
    }
    for (const target of targetsOf(res.text)) {
      const pathname = target.url.split(/[?#]/)[0]!;
      if (target.method === 'get' && isStatic(pathname)) continue;
      const route = routeOf(target.method, pathname);
      if (!route) {
        problems.push(`${role}: ${url} shows ${target.what} → ${target.method.toUpperCase()} ${target.url}, which no route answers`);
        continue;
      }
      if (!canAccess(route.access, [role])) {
        problems.push(
          `${role}: ${url} shows ${target.what} → ${target.method.toUpperCase()} ${target.url} (${route.path} is for ${JSON.stringify(route.access)})`,
        );
        continue;
      }
      if (target.method === 'get' && !target.url.includes('/export') && !seen.has(target.url)) {
        const n = perRoute.get(route.path) ?? 0;
        if (n < 3) {
          perRoute.set(route.path, n + 1);
          queue.push(target.url);
        }
      }
    }
  }
  expect(seen.size, `${role} read some pages`).toBeGreaterThan(5);
  return problems;
}

describe('links, buttons and forms a role is shown', () => {
  for (const role of ROLES) {
    it(`${role}: every one leads to a route ${role} may use`, async () => {
      expect(await walk(role, w.agents[role])).toEqual([]);
    });
  }
});
