import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/db/database.ts';
import { canAccess, type RouteTableEntry } from '../../src/web/routes.ts';
import { addUser, csrfFrom, login, makeTestApp, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let table: RouteTableEntry[];
const agents = new Map<Role, Agent>();
let signatoryId = 0;

beforeAll(async () => {
  t = await makeTestApp();
  for (const role of ROLES) await addUser(t.db, role, [role]);
  for (const role of ROLES) agents.set(role, await login(t.app, role));
  const now = new Date().toISOString();
  signatoryId = (
    await t.db
      .insertInto('signatories')
      .values({
        position: 'kepala_rutan',
        title: 'Kepala Rutan',
        name: 'Budi',
        nip: null,
        valid_from: '2024-01-01',
        valid_to: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  table = t.app.locals.routeTable as RouteTableEntry[];
});
afterAll(() => t.close());

/** A route path with every parameter filled, so routes added later are walked without a change here. */
function concrete(path: string): string {
  const values: Record<string, string> = {
    id: path.startsWith('/settings/signatories') ? String(signatoryId) : '1',
    name: 'logo-000000000000000000000000.png',
    token: '0'.repeat(32),
    month: new Date().toISOString().slice(0, 7),
    format: 'csv',
  };
  return path.replace(/:(\w+)/g, (_m, param: string) => values[param] ?? '1');
}

describe('access control from the route table', () => {
  it('every route declares its access', () => {
    expect(table.length).toBeGreaterThan(10);
    for (const r of table) expect(r.access, `${r.method} ${r.path}`).toBeDefined();
  });

  it('anonymous users reach only public pages; the rest leads to login', async () => {
    for (const r of table.filter((x) => x.method === 'get')) {
      const res = await request(t.app).get(concrete(r.path));
      if (r.access === 'public') expect([200, 404], r.path).toContain(res.status);
      else if (r.json) {
        // A script's endpoint (the tablet queue) is told to log in, in JSON, never redirected.
        expect([res.status, res.body.status], r.path).toEqual([401, 'login']);
      } else {
        expect(res.status, r.path).toBe(303);
        expect(res.headers.location, r.path).toBe('/login');
      }
    }
  });

  it('each role gets exactly the pages it is declared for, and 403 elsewhere', async () => {
    for (const role of ROLES) {
      const agent = agents.get(role)!;
      for (const r of table.filter((x) => x.method === 'get' && x.access !== 'public')) {
        const res = await agent.get(concrete(r.path));
        const label = `${role} GET ${r.path}`;
        if (canAccess(r.access, [role])) {
          expect([200, 303, 404], label).toContain(res.status);
          // A page may send its user elsewhere (a form that needs a recipient first), never to login.
          if (res.status === 303) expect(res.headers.location, label).not.toBe('/login');
        } else {
          expect(res.status, label).toBe(403);
          expect(res.text, label).toContain('Akses ditolak');
        }
      }
    }
  });

  it('a user with two roles gets the pages of both', async () => {
    await addUser(t.db, 'ganda', ['staf', 'pimpinan']);
    const agent = await login(t.app, 'ganda');
    expect((await agent.get('/audit')).status).toBe(200);
    expect((await agent.get('/users')).status).toBe(403);
    const home = await agent.get('/');
    expect(home.text).toContain('href="/audit"');
    expect(home.text).not.toContain('href="/users"');
  });

  it('navigation shows each role only what it may use', async () => {
    const navOf = async (role: Role) => {
      const html = (await agents.get(role)!.get('/')).text;
      const nav = /<nav class="mainnav"[\s\S]*?<\/nav>/.exec(html)![0];
      return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    };
    expect(await navOf('admin')).toEqual([
      '/',
      '/dashboard',
      '/harvests',
      '/stock',
      '/distributions',
      '/recipients',
      '/inmates',
      '/users',
      '/settings',
      '/reports',
      '/audit',
      '/audit/nik',
    ]);
    expect(await navOf('pimpinan')).toEqual([
      '/',
      '/dashboard',
      '/harvests',
      '/stock',
      '/distributions',
      '/recipients',
      '/reports',
      '/audit',
    ]);
    expect(await navOf('petugas')).toEqual(['/', '/dashboard', '/harvests', '/stock']);
    expect(await navOf('staf')).toEqual(['/', '/dashboard', '/harvests', '/stock', '/distributions', '/recipients', '/inmates']);
  });
});

describe('CSRF', () => {
  it('every state-changing route refuses a request without a valid token, and changes nothing', async () => {
    const before = await t.db.selectFrom('audit_log').select('id').execute();
    const admin = agents.get('admin')!;
    for (const r of table.filter((x) => x.method === 'post')) {
      const path = concrete(r.path);
      if (r.bearer) {
        // Called by another installation: a session (and its CSRF token) is no credential at all.
        const res = await admin
          .post(path)
          .type('form')
          .send({ _csrf: 'a'.repeat(64) });
        expect([res.status, res.body.status], `POST ${path} with a session, no bearer token`).toEqual([401, 'refused']);
        continue;
      }
      const none = await admin
        .post(path)
        .type('form')
        .send({ username: 'x', full_name: 'X', roles: 'admin', password: 'aaaaaaaa1', password_confirm: 'aaaaaaaa1' });
      expect(none.status, `POST ${path} without token`).toBe(403);
      expect(none.text).toContain('kedaluwarsa atau tidak sah');
      const forged = await admin
        .post(path)
        .type('form')
        .send({ _csrf: 'a'.repeat(64), full_name: 'X' });
      expect(forged.status, `POST ${path} forged token`).toBe(403);
      const multipart = await admin.post(path).field('full_name', 'X').field('_csrf', 'b'.repeat(64));
      expect(multipart.status, `POST ${path} multipart forged`).toBe(403);
    }
    expect(await t.db.selectFrom('audit_log').select('id').execute()).toEqual(before);
    expect((await admin.get('/')).status).toBe(200); // still logged in
  });

  it("a token from another user's session is refused", async () => {
    const staf = agents.get('staf')!;
    const stafToken = csrfFrom((await staf.get('/')).text);
    const res = await agents.get('admin')!.post('/users').type('form').send({ _csrf: stafToken, username: 'baru' });
    expect(res.status).toBe(403);
  });
});

describe('every POST route × every role × anonymous × with and without a CSRF token', () => {
  const GUARD = 'Anda tidak memiliki hak akses untuk halaman ini.';
  const CSRF = 'kedaluwarsa atau tidak sah';

  /** A POST with this agent's own token (or none); logout is sent from a session of its own. */
  const tokens = new Map<Agent, string>();
  async function postAs(role: Role | null, path: string, withToken: boolean) {
    const agent = role === null ? request.agent(t.app) : path === '/logout' ? await login(t.app, role) : agents.get(role)!;
    if (withToken && !tokens.has(agent)) tokens.set(agent, csrfFrom((await agent.get(role === null ? '/login' : '/')).text));
    return agent
      .post(path)
      .type('form')
      .send(withToken ? { _csrf: tokens.get(agent) } : {});
  }

  it('gives exactly the declared outcome', async () => {
    const posts = table.filter((x) => x.method === 'post');
    expect(posts.length).toBeGreaterThan(20);
    for (const r of posts) {
      const path = concrete(r.path);
      for (const role of [...ROLES, null]) {
        const who = `${role ?? 'anonymous'} POST ${path}`;
        if (r.bearer) {
          // Only its bearer token lets it in: with or without a session or a CSRF token, 401.
          for (const withToken of [false, true]) {
            const res = await postAs(role, path, withToken);
            expect([res.status, res.body.status], `${who}, no bearer token`).toEqual([401, 'refused']);
          }
          continue;
        }
        const none = await postAs(role, path, false);
        expect(none.status, `${who} without a token`).toBe(403);
        expect(none.text, who).toContain(CSRF);
        const res = await postAs(role, path, true);
        expect(res.status, `${who}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        expect(res.text, `${who} with a token`).not.toContain(CSRF);
        if (role === null) {
          // Anonymous: public forms answer for themselves; every other route leads to login.
          if (r.access === 'public') expect(res.text, who).not.toContain(GUARD);
          else if (r.json) expect([res.status, res.body.status], who).toEqual([401, 'login']);
          else expect([res.status, res.headers.location], who).toEqual([303, '/login']);
        } else if (canAccess(r.access, [role])) {
          expect(res.text, `${who}: allowed, yet refused by the guard`).not.toContain(GUARD);
        } else {
          expect(res.status, `${who}: not allowed`).toBe(403);
          expect(res.text, who).toContain(GUARD);
        }
      }
    }
  });
});

describe('sessions', () => {
  it("a deactivated user's session can no longer post, and changes nothing", async () => {
    const id = await addUser(t.db, 'nonaktif', ['staf']);
    const agent = await login(t.app, 'nonaktif');
    const token = csrfFrom((await agent.get('/inmates/new')).text);
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', id).execute();
    const res = await agent.post('/inmates').type('form').send({ _csrf: token, name: 'Orang Baru', reg_number: 'BI.1/2026', active: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(await t.db.selectFrom('inmates').select('id').where('reg_number', '=', 'BI.1/2026').execute()).toEqual([]);
  });

  it('a role taken away ends that access at once, without a new login', async () => {
    const id = await addUser(t.db, 'dicabut', ['staf', 'pimpinan']);
    const agent = await login(t.app, 'dicabut');
    expect((await agent.get('/recipients/new')).status).toBe(200);
    await t.db.deleteFrom('user_roles').where('user_id', '=', id).where('role', '=', 'staf').execute();
    const res = await agent.get('/recipients/new');
    expect(res.status).toBe(403);
    expect((await agent.get('/recipients')).status).toBe(200);
  });
});
