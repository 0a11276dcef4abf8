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
  signatoryId = (await t.db.insertInto('signatories').values({
    position: 'kepala_rutan', title: 'Kepala Rutan', name: 'Budi', nip: null, valid_from: '2024-01-01', valid_to: null, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow()).id;
  table = t.app.locals.routeTable as RouteTableEntry[];
});
afterAll(() => t.close());

function concrete(path: string): string {
  return path.replace(':id', path.startsWith('/settings/signatories') ? String(signatoryId) : '1').replace(':name', 'logo-000000000000000000000000.png');
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
      else {
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
    expect(await navOf('admin')).toEqual(['/', '/dashboard', '/harvests', '/stock', '/distributions', '/recipients', '/inmates', '/users', '/settings', '/reports', '/audit']);
    expect(await navOf('pimpinan')).toEqual(['/', '/dashboard', '/harvests', '/stock', '/distributions', '/recipients', '/reports', '/audit']);
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
      const none = await admin.post(path).type('form').send({ username: 'x', full_name: 'X', roles: 'admin', password: 'aaaaaaaa1', password_confirm: 'aaaaaaaa1' });
      expect(none.status, `POST ${path} without token`).toBe(403);
      expect(none.text).toContain('kedaluwarsa atau tidak sah');
      const forged = await admin.post(path).type('form').send({ _csrf: 'a'.repeat(64), full_name: 'X' });
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
