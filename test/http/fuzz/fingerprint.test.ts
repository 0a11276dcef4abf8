// The fuzz suites' "a refusal changes nothing" rests on fingerprint(): it must move with any stored row, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, makeTestApp, TERONG, type TestApp } from '../../support/app.ts';
import { fingerprint } from '../../support/fuzz.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'petugas', ['petugas']);
});
afterAll(() => t.close());

describe('the fingerprint of the stored data', () => {
  it('is the same when nothing changed', async () => {
    expect(await fingerprint(t)).toBe(await fingerprint(t));
  });

  it('changes when one column of one row changes, and comes back when it is undone', async () => {
    const before = await fingerprint(t);
    const { name } = await t.db.selectFrom('commodities').select('name').where('id', '=', TERONG).executeTakeFirstOrThrow();
    await t.db
      .updateTable('commodities')
      .set({ name: `${name}!` })
      .where('id', '=', TERONG)
      .execute();
    expect(await fingerprint(t)).not.toBe(before);
    await t.db.updateTable('commodities').set({ name }).where('id', '=', TERONG).execute();
    expect(await fingerprint(t)).toBe(before);
  });

  it('changes when a row is added or removed', async () => {
    const before = await fingerprint(t);
    const id = await addUser(t.db, 'baru', []);
    const added = await fingerprint(t);
    expect(added).not.toBe(before);
    await t.db.deleteFrom('users').where('id', '=', id).execute();
    expect(await fingerprint(t)).not.toBe(added);
  });

  it('leaves the sessions out (a visit touches its session)', async () => {
    const before = await fingerprint(t);
    await t.db.insertInto('sessions').values({ sid: 'x', user_id: null, data: '{}', expires_at: Date.now() }).execute();
    expect(await fingerprint(t)).toBe(before);
  });
});
