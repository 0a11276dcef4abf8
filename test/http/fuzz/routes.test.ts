// Bad input on every route of the app's own route table: random query strings on every page,
// hostile path parameters, and random bodies on every POST, as a user holding every role.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteTableEntry } from '../../../src/web/routes.ts';
import { csrfFrom, login, type Agent, type TestApp } from '../../support/app.ts';
import { concretePath, fuzzSuite, type World } from '../../support/fuzz-world.ts';
import { checkAnswer, encode, fingerprint, fuzzOptions, hostileValue, urlEncode, type Fields } from '../../support/fuzz.ts';

let t: TestApp;
let w: World;
let table: RouteTableEntry[];
fuzzSuite((app, world) => {
  [t, w] = [app, world];
  table = t.app.locals.routeTable as RouteTableEntry[];
});

/** Every query and form field name the app reads, and a few that it does not. */
const KNOWN = [
  'from',
  'to',
  'commodity',
  'location',
  'officer',
  'status',
  'page',
  'kind',
  'category',
  'q',
  'year',
  'month',
  'event',
  'package',
  'recipient',
  'replaces',
  'saved',
  'paper',
  'per_page',
  'entity',
  'user',
  'format',
  'name',
  'reason',
  'form_token',
  'commodity_id',
  'qty_g',
  'qty_1',
  'heads_4',
  'recipient_ids',
  'username',
  'password',
  'roles',
  'nik',
  'note',
  'correct',
  'active',
  'remove_logo',
];
const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'a[b]', 'page[]', '') },
);
const fieldsArb = fc.array(fc.tuple(fieldName, hostileValue), { maxLength: 5 });
/**
 * In a URL, values are cut to 2 000 characters: Node answers a request line and headers over
 * 16 KB itself (431, empty body) before the app sees it, which no app code can change.
 */
const urlFields = fc.array(
  fc.tuple(
    fieldName,
    hostileValue.map((v) => v.slice(0, 2000)),
  ),
  { maxLength: 5 },
);

/** Raw query strings a browser would never send. */
const rawQuery = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  'page=1&page=2&page=x',
  'from[]=2026-01-01',
  'status[$ne]=x',
  '&&&',
  '=',
  'q=%00',
  `q=${'%41'.repeat(3000)}`,
);

/** Hostile path parameter values, already encoded for a URL. */
const paramValue = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    '99999999999999999999',
    '2147483648',
    'abc',
    '%00',
    '..%2F..%2Flumbung.db',
    '%2e%2e',
    "'%20OR%201=1",
    '%F0%9F%8C%B6',
  ),
  hostileValue.map((v) => urlEncode(v.slice(0, 2000))),
);

describe('every route of the route table, with bad input', () => {
  it('every page answers random query strings without a 500', async () => {
    const gets = table.filter((r) => r.method === 'get');
    expect(gets.length).toBeGreaterThan(30);
    for (const r of gets) {
      const path = concretePath(r.path, w);
      const runs = /\.pdf$/.test(r.path) ? 2 : 4;
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: urlFields.map(encode) }, { weight: 1, arbitrary: rawQuery }), async (query) => {
          const agent = r.access === 'public' ? w.agents.petugas : w.all;
          const res = await agent.get(`${path}?${query}`);
          checkAnswer(res, `GET ${path}?${query.slice(0, 200)}`);
        }),
        fuzzOptions(runs),
      );
    }
  });

  it('every page with every query field set to a property every object has', async () => {
    for (const r of table.filter((x) => x.method === 'get' && !/\.pdf$/.test(x.path))) {
      const path = concretePath(r.path, w);
      for (const value of ['constructor', '__proto__', 'toString']) {
        const res = await w.all.get(`${path}?${encode(KNOWN.map((k) => [k, value]))}`);
        checkAnswer(res, `GET ${path} every field = ${value}`);
      }
    }
  });

  it('every route with a parameter answers hostile values with a 4xx, never a 500', async () => {
    for (const r of table.filter((x) => x.path.includes(':'))) {
      await fc.assert(
        fc.asyncProperty(paramValue, fc.nat(), async (value, which) => {
          const params = r.path.split('/').flatMap((s, i) => (s.startsWith(':') ? [i] : []));
          const at = params[which % params.length];
          const url = concretePath(r.path, w)
            .split('/')
            .map((s, i) => (i === at ? value : s))
            .join('/');
          const before = await fingerprint(t);
          const res =
            r.method === 'get'
              ? await w.all.get(url)
              : await w.all
                  .post(url)
                  .type('form')
                  .send(
                    encode([
                      ['_csrf', csrfFrom((await w.all.get('/')).text)],
                      ['reason', 'uji'],
                    ]),
                  );
          checkAnswer(res, `${r.method.toUpperCase()} ${url}`, r);
          if (r.method === 'post' && res.status >= 400) expect(await fingerprint(t), `${url}: refused, yet the data changed`).toBe(before);
        }),
        fuzzOptions(4),
      );
    }
  });

  it('every POST answers an odd body (JSON, plain text, too many fields) without a 500, and changes nothing', async () => {
    const agent = await login(t.app, 'semua');
    const csrf = csrfFrom((await agent.get('/')).text);
    const flood = encode([['_csrf', csrf], ...Array.from({ length: 2100 }, (_, i): [string, string] => [`f${i}`, 'x'])]);
    for (const r of table.filter((x) => x.method === 'post' && x.path !== '/logout')) {
      const path = concretePath(r.path, w);
      const before = await fingerprint(t);
      const json = await agent
        .post(path)
        .set('X-CSRF-Token', csrf)
        .set('Content-Type', 'application/json')
        .send('{"__proto__":{"admin":true},"name":[1,2]}');
      checkAnswer(json, `POST ${path} JSON`, r);
      const text = await agent.post(path).set('X-CSRF-Token', csrf).set('Content-Type', 'text/plain').send('name=x');
      checkAnswer(text, `POST ${path} text`, r);
      const many = await agent.post(path).type('form').send(flood);
      checkAnswer(many, `POST ${path} 2100 fields`, r);
      // A bearer route reads nothing of a request without its token, not even the body: 401 first.
      expect(many.status, `POST ${path} 2100 fields`).toBe(r.bearer ? 401 : 413);
      for (const res of [json, text])
        if (res.status >= 400) expect(await fingerprint(t), `POST ${path}: refused, yet the data changed`).toBe(before);
    }
  });

  it('every POST answers random bodies with a valid token without a 500, and a refusal changes nothing', async () => {
    let agent: Agent = await login(t.app, 'semua');
    for (const r of table.filter((x) => x.method === 'post')) {
      const path = concretePath(r.path, w);
      await fc.assert(
        fc.asyncProperty(fieldsArb, async (fields) => {
          const home = await agent.get('/');
          if (home.status !== 200) agent = await login(t.app, 'semua'); // a random body may have logged it out
          const csrf = csrfFrom((home.status === 200 ? home : await agent.get('/')).text);
          const body: Fields = [['_csrf', csrf], ...fields];
          const before = await fingerprint(t);
          const res = await agent.post(path).type('form').send(encode(body));
          checkAnswer(res, `POST ${path} ${JSON.stringify(fields).slice(0, 300)}`, r);
          if (res.status >= 400) expect(await fingerprint(t), `POST ${path}: refused, yet the data changed`).toBe(before);
        }),
        fuzzOptions(4),
      );
    }
  });
});
