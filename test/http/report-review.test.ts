// Issue 18, first step: the Kanwil reviews a UPT's final month. Accepted: the month stays locked and
// the UPT can no longer reopen it. Returned with a reason: the UPT reopens, corrects and finalises
// again. Only a pimpinan reading the UPT from above decides; both are in the UPT's audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { shiftMonth, wibDate } from '../../src/lib/time.ts';
import { addUnit, addUser, csrfFrom, login, makeTestApp, PASSWORD, submit, type Agent, type TestApp } from '../support/app.ts';
import { encode } from '../support/fuzz.ts';
import { makeWorld, type World } from '../support/fuzz-world.ts';

let t: TestApp;
let w: World;
let kanwil: Agent;
const month = shiftMonth(wibDate().slice(0, 7), -1);
const page = `/reports?month=${month}`;

const finals = () =>
  withUnitScope(unitScope(1), () =>
    t.db
      .selectFrom('monthly_reports')
      .select(['id', 'status', 'review', 'review_reason'])
      .where('month', '=', month)
      .orderBy('id')
      .execute(),
  );
const trail = () =>
  withUnitScope(unitScope(1), () =>
    t.db.selectFrom('audit_log').select(['action', 'user_id', 'reason']).where('entity', '=', 'monthly_report').orderBy('id').execute(),
  );

beforeAll(async () => {
  t = await makeTestApp();
  w = await makeWorld(t);
  const jateng = await addUnit(t.db, { code: 'KWJATENG', name: 'Kanwil Jawa Tengah', kind: 'kanwil' });
  await installationWide(() => t.db.updateTable('units').set({ parent_id: jateng }).where('id', '=', 1).execute());
  await withUnitScope(unitScope(jateng), () => addUser(t.db, 'kanwil.jateng', ['pimpinan']));
  kanwil = await login(t.app, 'kanwil.jateng');
  const res = await submit(w.agents.pimpinan, page, `/reports/${month}/finalise`, { confirm: '1', maker: `u${w.ids.pimpinan}` });
  expect(res.status).toBe(303);
});
afterAll(() => t.close());

describe('a Kanwil head', () => {
  it('replaces the first password an admin typed, though every page it reads is read only', async () => {
    await t.db.updateTable('users').set({ must_change_password: 1 }).where('username', '=', 'kanwil.jateng').execute();
    const head = await login(t.app, 'kanwil.jateng');
    expect((await head.get('/reports')).headers.location).toBe('/account/password');
    const res = await submit(head, '/account/password', '/account/password', {
      current_password: PASSWORD,
      password: 'Hendra-Kanwil-2026-baru',
      password_confirm: 'Hendra-Kanwil-2026-baru',
    });
    expect(res.status).toBe(303);
    expect((await head.get('/reports')).status).toBe(200);
    // Recorded in the Kanwil's own trail, where the role is.
    const jateng = (
      await installationWide(() => t.db.selectFrom('units').select('id').where('code', '=', 'KWJATENG').executeTakeFirstOrThrow())
    ).id;
    const trail = await withUnitScope(unitScope(jateng), () => t.db.selectFrom('audit_log').select('action').execute());
    expect(trail.map((a) => a.action)).toEqual(['change_password']);
    await t.db
      .updateTable('users')
      .set({
        password_hash: (await t.db.selectFrom('users').select('password_hash').where('username', '=', 'pimpinan').executeTakeFirstOrThrow())
          .password_hash,
      })
      .where('username', '=', 'kanwil.jateng')
      .execute();
    // The change signed out the head's other sessions: the review below signs in again.
    kanwil = await login(t.app, 'kanwil.jateng');
  });
});

describe("the Kanwil's review of a UPT's final month", () => {
  it('is offered to the Kanwil head reading the UPT, never to the UPT itself', async () => {
    expect((await kanwil.get(page)).text).toContain(`action="/reports/${month}/review"`);
    const own = await w.agents.pimpinan.get(page);
    expect(own.text).not.toContain('/review"');
    const res = await submit(w.agents.pimpinan, page, `/reports/${month}/review`, { decision: 'accept' });
    expect(res.status).toBe(403);
    expect((await finals()).map((f) => f.review)).toEqual([null]);
  });

  it('a return needs a reason; an acceptance locks the month even against the UPT admin', async () => {
    // Sent as the browser sends the page's form: its token twice (the error partial's and its own).
    const tok = csrfFrom((await kanwil.get(page)).text);
    const twice = (a: string, b: string) =>
      kanwil
        .post(`/reports/${month}/review`)
        .type('form')
        .send(
          encode([
            ['_csrf', a],
            ['_csrf', b],
            ['decision', 'return'],
            ['reason', ''],
          ]),
        );
    expect((await twice(tok, 'x' + tok)).status).toBe(403);
    const bare = await twice(tok, tok);
    expect(bare.status).toBe(422);
    expect(bare.text).toContain('Tulis alasan mengembalikan laporan ini');
    expect((await finals()).map((f) => f.review)).toEqual([null]);

    expect((await submit(kanwil, page, `/reports/${month}/review`, { decision: 'accept' })).status).toBe(303);
    expect((await finals()).map((f) => [f.status, f.review])).toEqual([['final', 'accepted']]);
    const seen = await w.agents.admin.get(page);
    expect(seen.text).toContain('data-review="accepted"');
    expect(seen.text).not.toContain(`action="/reports/${month}/reopen"`);
    const reopen = await submit(w.agents.admin, page, `/reports/${month}/reopen`, { reason: 'Salah timbang' });
    expect(reopen.status).toBe(422);
    expect(reopen.text).toContain('sudah diterima Kanwil');
    expect((await finals()).map((f) => f.status)).toEqual(['final']);
  });

  it('a return lets the UPT reopen and finalise again, and the new final awaits a new review', async () => {
    const res = await submit(kanwil, page, `/reports/${month}/review`, { decision: 'return', reason: 'Panen lele belum dicatat' });
    expect(res.status).toBe(303);
    const seen = await w.agents.admin.get(page);
    expect(seen.text).toContain('data-review="returned"');
    expect(seen.text).toContain('Panen lele belum dicatat');
    expect((await submit(w.agents.admin, page, `/reports/${month}/reopen`, { reason: 'Dikembalikan Kanwil' })).status).toBe(303);
    expect(
      (await submit(w.agents.pimpinan, page, `/reports/${month}/finalise`, { confirm: '1', maker: `u${w.ids.pimpinan}` })).status,
    ).toBe(303);
    expect((await finals()).map((f) => [f.status, f.review, f.review_reason])).toEqual([
      ['reopened', 'returned', 'Panen lele belum dicatat'],
      ['final', null, null],
    ]);
    const actions = (await trail()).map((a) => a.action);
    expect(actions).toEqual(['finalise', 'accept', 'return', 'reopen', 'finalise']);
    const kanwilId = (await t.db.selectFrom('users').select('id').where('username', '=', 'kanwil.jateng').executeTakeFirstOrThrow()).id;
    expect((await trail()).filter((a) => a.user_id === kanwilId).map((a) => a.reason)).toEqual([null, 'Panen lele belum dicatat']);
  });
});
