import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import type { Db } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { nowIso } from '../../src/lib/time.ts';
import { setUpLetterhead } from '../support/fuzz-world.ts';
import { addRecipient, addUnit, addUser, csrfFrom, formPage, login, makeTestApp, type Agent, type TestApp } from '../support/app.ts';
import { emptyTestDatabase, testEngine } from '../support/engine.ts';

let t: TestApp;
let admin: Agent;
let staf: Agent;
let stafId: number;
let adminId: number;

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  stafId = await addUser(t.db, 'staf', ['staf']);
  admin = await login(t.app, 'admin');
  staf = await login(t.app, 'staf');
  await setUpLetterhead(t, adminId);
});
afterAll(() => t.close());

/** Whether the database holds the unique NIK index (Kysely's introspection lists no indexes: each engine's catalogue). */
async function nikIndexExists(db: Db = t.db): Promise<boolean> {
  const r =
    testEngine === 'sqlite'
      ? await sql`select name from sqlite_master where type = 'index' and name = 'recipients_nik_unique'`.execute(db)
      : await sql`select indexname from pg_indexes where schemaname = current_schema() and indexname = 'recipients_nik_unique'`.execute(db);
  return r.rows.length === 1;
}

/** A handover recorded straight in the tables (no stock needed): what a merge must move. */
async function handoverTo(recipientId: number, formToken: string, seq: number): Promise<number> {
  const row = {
    receipt_no: `TT/RTNBLORA/2026/${String(seq).padStart(6, '0')}`,
    receipt_year: 2026,
    receipt_seq: seq,
    recipient_id: recipientId,
    event_id: null,
    handed_on: '2026-11-02',
    officer_id: stafId,
    note: null,
    photo_file: null,
    replaces_id: null,
    verify_token: `v${seq}${formToken}`.slice(0, 40),
    print_count: 0,
    form_token: formToken,
    status: 'active' as const,
    recorded_by: stafId,
    created_at: nowIso(),
    household_reason: null,
  };
  return (await t.db.insertInto('distributions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

async function merge(agent: Agent, id: number, form: Record<string, string>) {
  const page = await agent.get(`/recipients/${id}/merge?other=${form.other_id ?? ''}`);
  return agent
    .post(`/recipients/${id}/merge`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...form });
}

describe('merging two records of one person', () => {
  it('is for admins only: the button, the page and the post', async () => {
    const a = await addRecipient(t.db, { name: 'Hanya Admin' });
    expect((await admin.get(`/recipients/${a}`)).text).toContain(`href="/recipients/${a}/merge"`);
    expect((await staf.get(`/recipients/${a}`)).text).not.toContain('Gabungkan dengan');
    expect((await staf.get(`/recipients/${a}/merge`)).status).toBe(403);
    const f = await formPage(staf, `/recipients/${a}`);
    expect(
      (
        await staf
          .post(`/recipients/${a}/merge`)
          .type('form')
          .send({ _csrf: f.csrf, other_id: '1', keep_id: String(a), reason: 'x', confirm: '1' })
      ).status,
    ).toBe(403);
  });

  it('offers the look-alikes, finds others by name, and asks to confirm with both records side by side', async () => {
    const a = await addRecipient(t.db, { name: 'Marsini', address: 'Dukuh Krajan', village: 'Tunjungan', kk_number: '3316010203041111' });
    const b = await addRecipient(t.db, { name: 'Bu Marsini', address: 'dukuh krajan', village: 'Tunjungan' });
    const c = await addRecipient(t.db, { name: 'Sukarti Lain', village: 'Cepu' });
    const pick = await admin.get(`/recipients/${a}/merge`);
    expect(pick.status).toBe(200);
    expect(pick.text).toContain(`href="/recipients/${a}/merge?other=${b}"`);
    expect(pick.text).not.toContain(`?other=${c}"`);
    expect((await admin.get(`/recipients/${a}/merge?q=sukarti`)).text).toContain(`href="/recipients/${a}/merge?other=${c}"`);
    const confirm = await admin.get(`/recipients/${a}/merge?other=${b}`);
    expect(confirm.text).toContain('Bu Marsini');
    expect(confirm.text).toContain('3316010203041111');
    expect(confirm.text).toContain('name="confirm"');
    expect(confirm.text).toContain('name="reason"');
  });

  it('refuses without the confirmation tick or a reason, and changes nothing', async () => {
    const a = await addRecipient(t.db, { name: 'Tanpa Centang' });
    const b = await addRecipient(t.db, { name: 'Tanpa Centang' });
    const noTick = await merge(admin, a, { other_id: String(b), keep_id: String(a), reason: 'orang yang sama' });
    expect(noTick.status).toBe(422);
    expect(noTick.text).toContain('Centang pernyataan');
    expect(noTick.text).toContain('value="orang yang sama"');
    const noReason = await merge(admin, a, { other_id: String(b), keep_id: String(a), reason: '', confirm: '1' });
    expect(noReason.status).toBe(422);
    // An other record that does not exist: the form says so, not a 404 page.
    const missing = await merge(admin, a, { other_id: '999999', keep_id: String(a), reason: 'orang yang sama', confirm: '1' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Data penerima yang dipilih tidak ditemukan');
    const rows = await t.db.selectFrom('recipients').select(['active', 'merged_into_id']).where('id', 'in', [a, b]).execute();
    expect(rows).toEqual([
      { active: 1, merged_into_id: null },
      { active: 1, merged_into_id: null },
    ]);
  });

  it('moves the history to the record kept, marks the other merged, and audits who, when, which into which and why', async () => {
    const kept = await addRecipient(t.db, { name: 'Painem', nik: '3316014507800077' });
    const gone = await addRecipient(t.db, { name: 'Painem Binti Karto', nik: null, kk_number: '3316010203042222', category: 'masyarakat' });
    // Both were ticked in one batch (one form token): the move must not trip over the one-per-form rule.
    await handoverTo(kept, 'f'.repeat(32), 901);
    const moved = await handoverTo(gone, 'f'.repeat(32), 902);
    const res = await merge(admin, gone, {
      other_id: String(kept),
      keep_id: String(kept),
      reason: 'Didaftarkan dua kali, orang yang sama',
      confirm: '1',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recipients/${kept}`);
    const d = await t.db.selectFrom('distributions').select('recipient_id').where('id', '=', moved).executeTakeFirstOrThrow();
    expect(d.recipient_id).toBe(kept);
    const g = await t.db.selectFrom('recipients').selectAll().where('id', '=', gone).executeTakeFirstOrThrow();
    expect([g.active, g.merged_into_id, g.kk_number]).toEqual([0, kept, null]);
    const k = await t.db.selectFrom('recipients').selectAll().where('id', '=', kept).executeTakeFirstOrThrow();
    expect([k.nik, k.kk_number]).toEqual(['3316014507800077', '3316010203042222']);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'merge').executeTakeFirstOrThrow();
    expect([audit.user_id, audit.entity, audit.entity_id, audit.reason]).toEqual([
      adminId,
      'recipient',
      String(gone),
      'Didaftarkan dua kali, orang yang sama',
    ]);
    expect(JSON.parse(audit.after_json!)).toMatchObject({ merged_into_id: kept });
    expect(audit.after_json).not.toContain('3316010203042222');
    const page = await admin.get(`/recipients/${kept}`);
    expect(page.text).toContain('TT/RTNBLORA/2026/000902');
    expect((await admin.get(`/recipients/${gone}`)).text).toContain('sudah digabungkan');
    // Merged once is merged: neither page offers it again, and a second post is refused.
    const again = await merge(admin, gone, { other_id: String(kept), keep_id: String(kept), reason: 'lagi', confirm: '1' });
    expect(again.status).toBe(422);
  });

  it('two records with different NIKs are not merged until one is corrected', async () => {
    const a = await addRecipient(t.db, { name: 'Beda NIK', nik: '3316014507800081' });
    const b = await addRecipient(t.db, { name: 'Beda NIK', nik: '3316014507800082' });
    const res = await merge(admin, a, { other_id: String(b), keep_id: String(a), reason: 'sama', confirm: '1' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('NIK kedua data berbeda');
  });
});

describe('a database that already holds one NIK twice', () => {
  it('migrates without failing, and gets the unique index once the duplicates are merged', async () => {
    const conn = await emptyTestDatabase();
    try {
      const migrator = new Migrator({ db: conn.db, provider: { getMigrations: async () => migrations } });
      // Written as the version of that migration wrote it: no unit yet.
      const r = await installationWide(() => migrator.migrateTo('2026-11-30-0004-receipt-print-tokens'));
      expect(r.error).toBeUndefined();
      const now = nowIso();
      const person = {
        category: 'masyarakat',
        name: 'Ganda',
        nik: '3316014507800091',
        address: 'Jl. A',
        village: 'B',
        district: 'Blora',
        active: 1,
        created_at: now,
        updated_at: now,
      };
      await installationWide(() =>
        conn.db
          .insertInto('recipients')
          .values([person, { ...person, name: 'Ganda Lagi' }] as never)
          .execute(),
      );
      await migrateToLatest(conn.db);
      expect(await nikIndexExists(conn.db)).toBe(false);
    } finally {
      await conn.close();
    }
  });

  it('the merge of the last duplicate makes the index', async () => {
    await t.db.schema.dropIndex('recipients_nik_unique').ifExists().execute();
    const a = await addRecipient(t.db, { name: 'Ganda', nik: '3316014507800092' });
    const b = await addRecipient(t.db, { name: 'Ganda', nik: '3316014507800092' });
    expect(await nikIndexExists()).toBe(false);
    const res = await merge(admin, b, { other_id: String(a), keep_id: String(a), reason: 'dobel', confirm: '1' });
    expect(res.status).toBe(303);
    expect(await nikIndexExists()).toBe(true);
    await expect(addRecipient(t.db, { name: 'Ganda Tiga', nik: '3316014507800092' })).rejects.toThrow(/UNIQUE|unique constraint/);
    // One NIK per unit: the same person may be a recipient of another unit too.
    const pati = await addUnit(t.db, { code: 'LPSPATI', name: 'Lapas Kelas IIB Pati' });
    await withUnitScope(unitScope(pati), () => addRecipient(t.db, { name: 'Ganda', nik: '3316014507800092' }));
  });
});
