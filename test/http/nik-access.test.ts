// A NIK shown whole (to an admin) is recorded: who, when, where, whose — one row per page or
// download, even for the whole register. And the search cannot be run fast enough to guess one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNikAccess } from '../../src/features/audit/nik-access.service.ts';
import { SEARCHES_PER_MINUTE } from '../../src/features/recipients/recipients.routes.ts';
import { addRecipient, addUser, csrfFrom, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';
import { insertRows } from '../support/bulk.ts';
import { binary } from '../support/pdf.ts';

let t: TestApp;
let admin: Agent;
let staf: Agent;
let pimpinan: Agent;
let adminId = 0;
let siti = 0;
let panti = 0;
const NIK = '3316015708900001';

beforeAll(async () => {
  t = await makeTestApp();
  adminId = await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  siti = await addRecipient(t.db, { name: 'Siti Aminah', nik: NIK });
  panti = await addRecipient(t.db, { category: 'lembaga', name: 'Panti Asuhan Kasih', nik: null, household_size: null });
  admin = await login(t.app, 'admin');
  staf = await login(t.app, 'staf');
  pimpinan = await login(t.app, 'pimpinan');
});
afterAll(() => t.close());

async function entries() {
  return t.db.selectFrom('nik_access_log').selectAll().orderBy('id').execute();
}

async function newEntries<T>(action: () => Promise<T>) {
  const before = (await entries()).length;
  await action();
  return (await entries()).slice(before);
}

describe('the record of NIK access', () => {
  it('an admin opening the list, a recipient page and the edit form writes one entry each: who, where, which recipients', async () => {
    const list = await newEntries(() => admin.get('/recipients'));
    expect(list).toHaveLength(1);
    // The institution has no NIK: only Siti's NIK was shown.
    expect(list[0]).toMatchObject({
      user_id: adminId,
      channel: 'page',
      place: 'recipient_list',
      path: '/recipients',
      recipient_count: 1,
      recipient_ids: String(siti),
    });
    expect(list[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const page = await newEntries(() => admin.get(`/recipients/${siti}`));
    expect(page).toMatchObject([{ place: 'recipient_page', path: `/recipients/${siti}`, recipient_ids: String(siti) }]);
    const form = await newEntries(() => admin.get(`/recipients/${siti}/edit`));
    expect(form).toMatchObject([{ place: 'recipient_form', recipient_ids: String(siti) }]);
    const handover = await newEntries(() => admin.get(`/distributions/new?recipient=${siti}`));
    expect(handover).toMatchObject([{ place: 'handover_form', recipient_ids: String(siti) }]);
  });

  it('a download by an admin is one entry with the count, whatever its size', async () => {
    const csv = await newEntries(() => admin.get('/recipients/export.csv'));
    expect(csv).toMatchObject([{ channel: 'download', place: 'recipient_export', path: '/recipients/export.csv', recipient_count: 1 }]);
    const xlsx = await newEntries(() => admin.get('/recipients/export.xlsx').buffer(true).parse(binary));
    expect(xlsx).toMatchObject([{ channel: 'download', path: '/recipients/export.xlsx' }]);
  });

  it('nothing is recorded when no NIK is shown whole: staf, pimpinan, a recipient without NIK', async () => {
    const none = await newEntries(async () => {
      for (const agent of [staf, pimpinan]) {
        for (const url of ['/recipients', `/recipients/${siti}`, '/recipients/export.csv'])
          expect((await agent.get(url)).status, url).toBe(200);
      }
      await admin.get(`/recipients/${panti}`);
    });
    expect(none).toEqual([]);
  });

  it('a refused save shows the look-alike masked even to an admin, and records nothing', async () => {
    const page = await admin.get('/recipients/new');
    const form = {
      _csrf: csrfFrom(page.text),
      category: 'masyarakat',
      name: 'Siti Aminah Binti',
      nik: NIK,
      address: 'Jl. Lain 1',
      village: 'Jepon',
      district: 'Blora',
      household_size: '3',
      active: '1',
    };
    const refused = await newEntries(async () => {
      const res = await admin.post('/recipients').type('form').send(form);
      expect(res.status).toBe(422);
      expect(res.text).toContain('3316••••••••0001');
      expect(res.text.replace(`value="${NIK}"`, '')).not.toContain(NIK);
    });
    expect(refused).toEqual([]);
  });

  it('a download of 5 000 recipients writes one short entry, quickly, in the same request', async () => {
    const now = new Date().toISOString();
    await insertRows(
      t.db,
      'recipients',
      Array.from({ length: 5000 }, (_, i) => ({
        category: 'masyarakat' as const,
        name: `Warga ${String(i).padStart(4, '0')}`,
        nik: `331601550890${String(i).padStart(4, '0')}`,
        address: 'Jl. Panjang',
        village: 'Cepu',
        district: 'Cepu',
        household_size: 3,
        active: 1,
        created_at: now,
        updated_at: now,
      })),
    );
    const big = await newEntries(() => admin.get('/recipients/export.csv'));
    expect(big).toHaveLength(1);
    expect(big[0]!.recipient_count).toBe(5001);
    // The register in a row of ids: one range or two, not five thousand numbers.
    expect(big[0]!.recipient_ids.length).toBeLessThan(40);
    // Even 5 000 scattered ids are one row, written by one insert (counted, not timed: a timed test fails on a busy machine).
    const ids = Array.from({ length: 5000 }, (_, i) => 10_000 - i * 2);
    const statements: string[] = [];
    const counting = t.db.withPlugin({
      transformQuery: (args) => (statements.push(args.node.kind), args.node),
      transformResult: async (args) => args.result,
    });
    const rows = await newEntries(() =>
      recordNikAccess(counting, { userId: adminId, place: 'recipient_export', path: '/recipients/export.xlsx', recipientIds: ids }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.recipient_count).toBe(5000);
    expect(statements).toEqual(['InsertQueryNode']);
  });
});

describe('the Akses NIK page', () => {
  it('lists the entries for admins, newest first, with names of short entries and the ranges of long ones', async () => {
    const page = await admin.get('/audit/nik');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Akses NIK</h1>');
    expect(page.text).toContain('Nama admin (admin)');
    expect(page.text).toContain('Unduhan: Unduhan daftar penerima');
    expect(page.text).toContain('Halaman: Halaman penerima');
    expect(page.text).toContain(`<a href="/recipients/${siti}">Siti Aminah</a>`);
    expect(page.text).toContain('5.001');
    expect(page.text).toMatch(/Nomor data penerima<\/summary><code>[\d, ]*\d+–\d+/);
    // Linked from the admin menu and from the audit trail.
    expect(page.text).toMatch(/<a href="\/audit\/nik"[^>]*aria-current="page"/);
    expect((await admin.get('/audit')).text).toContain('href="/audit/nik"');
  });

  it('pages through a long record and filters by user and day', async () => {
    for (let i = 0; i < 60; i++)
      await recordNikAccess(t.db, { userId: adminId, place: 'recipient_page', path: `/recipients/${siti}`, recipientIds: [siti] });
    const first = await admin.get('/audit/nik');
    expect(first.text).toContain('Halaman 1 dari 2');
    expect((await admin.get('/audit/nik?page=2')).status).toBe(200);
    expect((await admin.get('/audit/nik?from=2000-01-01&to=2000-01-31')).text).toContain('Belum ada NIK yang ditampilkan utuh');
    const staffId = (await t.db.selectFrom('users').select('id').where('username', '=', 'staf').executeTakeFirstOrThrow()).id;
    expect((await admin.get(`/audit/nik?user=${staffId}`)).text).toContain('0 catatan akses');
  });

  it('is for admins only', async () => {
    expect((await pimpinan.get('/audit/nik')).status).toBe(403);
    expect((await staf.get('/audit/nik')).status).toBe(403);
    expect((await pimpinan.get('/audit')).text).not.toContain('href="/audit/nik"');
  });
});

describe('NIK lookups are rate-limited per user', () => {
  it(`after ${SEARCHES_PER_MINUTE} searches in a minute the next is refused with a message, the typed values kept, the last search intact`, async () => {
    await addUser(t.db, 'pencari', ['staf']);
    const agent = await login(t.app, 'pencari');
    const csrf = csrfFrom((await agent.get('/recipients')).text);
    for (let i = 1; i < SEARCHES_PER_MINUTE; i++) {
      const res = await agent
        .post('/recipients/search')
        .type('form')
        .send({ _csrf: csrf, q: `Siti ${i}`.slice(0, 6), category: '', status: 'all' });
      expect(res.status, `search ${i}`).toBe(303);
    }
    expect((await agent.post('/recipients/search').type('form').send({ _csrf: csrf, q: 'Siti' })).status).toBe(303);
    const refused = await agent
      .post('/recipients/search')
      .type('form')
      .send({ _csrf: csrf, q: '3316015708900002', category: 'masyarakat', status: 'active' });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Terlalu banyak pencarian dalam satu menit. Tunggu sebentar, lalu tekan Cari lagi.');
    expect(refused.text).toContain('value="3316015708900002"');
    expect(refused.text).toMatch(/<option value="masyarakat" selected>/);
    expect(refused.text).toMatch(/<option value="active" selected>/);
    expect(refused.text).not.toContain('Siti Aminah');
    // The last search that ran is still the session's.
    expect((await agent.get('/recipients')).text).toContain('Hasil pencarian “Siti”');
    // A new login does not renew the budget: it is the user's, not the session's.
    expect((await submit(await login(t.app, 'pencari'), '/recipients', '/recipients/search', { q: 'Siti' })).status).toBe(429);
    // Another officer is not affected.
    expect((await submit(staf, '/recipients', '/recipients/search', { q: 'Siti' })).status).toBe(303);
  });

  it('a NIK typed on the recipient form draws on the same budget: the same-NIK refusal cannot be used to guess one', async () => {
    await addUser(t.db, 'pendaftar', ['staf']);
    const agent = await login(t.app, 'pendaftar');
    const form = (nik: string) => ({
      category: 'masyarakat',
      name: 'Tebakan',
      nik,
      address: 'Jl. Mawar 1',
      rt_rw: '1/1',
      village: 'Karangjati',
      district: 'Blora',
      phone: '',
      household_size: '3',
      note: '',
      active: '1',
    });
    const csrf = csrfFrom((await agent.get('/recipients/new')).text);
    const before = (await t.db.selectFrom('recipients').select('id').execute()).length;
    // Guesses of a known NIK: each is answered by the same-NIK refusal until the budget is spent.
    for (let i = 0; i < SEARCHES_PER_MINUTE; i++) {
      const res = await agent
        .post('/recipients')
        .type('form')
        .send({ ...form(NIK), _csrf: csrf });
      expect(res.status, `guess ${i}`).toBe(422);
      expect(res.text).toContain('NIK ini sudah terdaftar atas nama');
    }
    const refused = await agent
      .post('/recipients')
      .type('form')
      .send({ ...form(NIK), _csrf: csrf });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Terlalu banyak NIK diperiksa dalam satu menit');
    expect(refused.text).not.toContain('NIK ini sudah terdaftar atas nama');
    expect(refused.text).toContain('value="Tebakan"');
    expect((await t.db.selectFrom('recipients').select('id').execute()).length).toBe(before);
    // A search by the same user is refused too.
    expect((await submit(agent, '/recipients', '/recipients/search', { q: NIK })).status).toBe(429);
  });
});
