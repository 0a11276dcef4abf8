// Issue 18: a UPT with no link to the centre (its own SQLite box) reports by a signed file. The
// centre issues the key; the UPT signs its final report; the centre imports it by upload or push —
// valid once, the same file again changes nothing, a tampered, foreign or revoked one is refused
// with the reason — and counts it in the reporting rate as "dari instalasi sendiri".
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { reviewMonth } from '../../src/features/reports/reports.archive.ts';
import { sha256, signReport, readCredential } from '../../src/lib/signed-report.ts';
import {
  addLocation,
  addUnit,
  addUser,
  login,
  makeTestApp,
  recordHarvest,
  submit,
  TERONG,
  type Agent,
  type TestApp,
} from '../support/app.ts';
import { makeKanwilWorld, MONTH, type KanwilWorld } from '../support/kanwil-world.ts';

let k: KanwilWorld;
let box: TestApp; // Rutan Blora's own installation
let boxAdmin: Agent;
let centreAdmin: Agent;
let blora: number; // Blora's unit in the centre
let server: Server;
let credential = '';
let patiCredential = '';

const binaryFile = async (agent: Agent, url: string) => {
  const res = await agent.get(url);
  expect(res.status, url).toBe(200);
  return res.text;
};
const upload = (agent: Agent, content: string, area: number) =>
  agent
    .get('/oversight/import')
    .then((page) => /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!)
    .then((csrf) =>
      agent
        .post('/oversight/import')
        .field('_csrf', csrf)
        .field('area', String(area))
        .attach('file', Buffer.from(content), { filename: 'laporan.json', contentType: 'application/json' }),
    );
const bloraFinals = () =>
  withUnitScope(unitScope(blora), () =>
    k.t.db
      .selectFrom('monthly_reports')
      .select(['id', 'status', 'source', 'review', 'content_hash'])
      .where('month', '=', MONTH)
      .orderBy('id')
      .execute(),
  );
const issue = async (unitId: number) => {
  const res = await submit(centreAdmin, `/units/${unitId}/report-key`, `/units/${unitId}/report-key`, {});
  expect(res.status).toBe(200);
  return /data-credential>([^<]+)</.exec(res.text)![1]!.trim();
};

beforeAll(async () => {
  k = await makeKanwilWorld();
  blora = await addUnit(k.t.db, { code: 'RTNBLORA', name: 'Rutan Kelas IIB Blora', parentId: k.jateng });
  await withUnitScope(unitScope(k.national), () => addUser(k.t.db, 'pusat.admin', ['admin']));
  centreAdmin = await login(k.t.app, 'pusat.admin');
  // Blora's box: one unit, its own records, its month finalised there.
  box = await makeTestApp();
  await installationWide(() =>
    box.db.updateTable('units').set({ code: 'RTNBLORA', name: 'Rutan Kelas IIB Blora' }).where('id', '=', 1).execute(),
  );
  const head = await addUser(box.db, 'blora.admin', ['admin', 'pimpinan']);
  const plot = await addLocation(box.db, 'Lahan Blora');
  await recordHarvest(box.db, head, { commodity: TERONG, location: plot, grams: 21_000, date: `${MONTH}-07` });
  boxAdmin = await login(box.app, 'blora.admin');
  const fin = await submit(boxAdmin, `/reports?month=${MONTH}`, `/reports/${MONTH}/finalise`, { confirm: '1', maker: `u${head}` });
  expect(fin.status).toBe(303);
  server = k.t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
}, 90_000);
afterAll(async () => {
  server?.close();
  await box?.close();
  await k?.t.close();
});

describe('the key', () => {
  it('is issued by the installation admin, shown once; a Kanwil head cannot issue one', async () => {
    credential = await issue(blora);
    expect(credential).toMatch(/^lumbung-kunci:/);
    expect(readCredential(credential)?.unitCode).toBe('RTNBLORA');
    const page = await centreAdmin.get(`/units/${blora}/report-key`);
    expect(page.text).not.toContain(credential); // only on the answer that issued it
    expect(page.text).toContain('Berlaku');
    expect((await k.agents.kanwil.post(`/units/${blora}/report-key`)).status).toBe(403);
    patiCredential = await issue(k.upts.pati.id);
  });

  it("is pasted on the UPT's box: another unit's key, or text that is no key, is refused beside the field", async () => {
    const other = await submit(boxAdmin, '/settings/report-link', '/settings/report-link', { credential: patiCredential, central_url: '' });
    expect(other.status).toBe(422);
    expect(other.text).toContain('Kunci ini untuk unit LPSPATI, bukan RTNBLORA');
    const junk = await submit(boxAdmin, '/settings/report-link', '/settings/report-link', { credential: 'abc', central_url: '' });
    expect(junk.status).toBe(422);
    expect(junk.text).toContain('Ini bukan kunci pelaporan Lumbung');
    const ftp = await submit(boxAdmin, '/settings/report-link', '/settings/report-link', { credential, central_url: 'ftp://pusat' });
    expect(ftp.status).toBe(422);
    expect(ftp.text).toContain('Tulis alamat lengkap instalasi pusat');
    expect(ftp.text).toContain(credential); // what was typed is kept
    const ok = await submit(boxAdmin, '/settings/report-link', '/settings/report-link', {
      credential,
      central_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    expect(ok.status).toBe(303);
  });
});

describe('sending the final report', () => {
  it('pushes it to the centre with the unit\'s token: imported, and counted as "dari instalasi sendiri"', async () => {
    const res = await submit(boxAdmin, `/reports?month=${MONTH}`, `/reports/${MONTH}/send`, {});
    expect(res.status).toBe(303);
    const page = await boxAdmin.get(res.headers.location!);
    expect(page.text).toContain('diimpor dari instalasi UPT sendiri');
    const rows = await bloraFinals();
    expect(rows).toMatchObject([{ status: 'final', source: 'import', review: null }]);
    const rate = await k.agents.kanwil.get(`/oversight?month=${MONTH}`);
    expect(rate.text).toContain('data-unit="RTNBLORA" data-state="final"');
    expect(rate.text).toMatch(/data-count="imported"[^>]*>\s*<span class="stat-label">[^<]*<\/span>\s*<span class="stat-value">1</);
    // The roll-up holds Blora's 21 kg, from its own snapshot.
    const csv = await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.csv`);
    expect(csv.text).toMatch(/Rutan Kelas IIB Blora;RTNBLORA;Final, menunggu pemeriksaan;21;/);
  });

  it('the same file again, uploaded by the Kanwil head, changes nothing', async () => {
    const file = await binaryFile(boxAdmin, `/reports/${MONTH}/signed.json`);
    const res = await upload(k.agents.kanwil, file, k.jateng);
    expect(res.status).toBe(303);
    expect((await k.agents.kanwil.get(res.headers.location!)).text).toContain('sudah diimpor sebelumnya dengan isi yang sama');
    expect(await bloraFinals()).toHaveLength(1);
  });

  it('refuses a tampered file, a foreign one, and one with a revoked key, saying why', async () => {
    const file = JSON.parse(await binaryFile(boxAdmin, `/reports/${MONTH}/signed.json`)) as Record<string, string>;
    const refused = async (content: string, why: RegExp) => {
      const res = await upload(k.agents.kanwil, content, k.jateng);
      expect(res.status).toBe(422);
      expect(res.text).toMatch(why);
    };
    // 21 kg made 210 kg in the snapshot: the hash no longer fits; with a new hash, the signature does not.
    const bigger = file.snapshot!.replace('"qtyG":21000', '"qtyG":210000');
    expect(bigger).not.toBe(file.snapshot);
    await refused(JSON.stringify({ ...file, snapshot: bigger }), /sidiknya \(hash\)/);
    await refused(JSON.stringify({ ...file, snapshot: bigger, contentHash: sha256(bigger) }), /Tanda tangan berkas tidak cocok/);
    // Signed with Pati's key, claiming to be Blora's.
    const pati = readCredential(patiCredential)!;
    const forged = signReport(
      { ...pati, unitCode: 'RTNBLORA' },
      { month: MONTH, finalisedAt: file.finalisedAt!, snapshot: file.snapshot! },
    );
    await refused(JSON.stringify(forged), /mengaku dari RTNBLORA, tetapi ditandatangani dengan kunci LPSPATI/);
    await refused('bukan json', /isinya tidak terbaca/);
    // A Kanwil head outside Blora's Kanwil: not theirs to import.
    await withUnitScope(unitScope(k.jatim), () => addUser(k.t.db, 'kanwil.jatim', ['pimpinan']));
    const jatim = await login(k.t.app, 'kanwil.jatim');
    const foreign = await upload(jatim, JSON.stringify(file), k.jatim);
    expect(foreign.status).toBe(403);
    // Revoked: refused until a new key signs it.
    await submit(centreAdmin, `/units/${blora}/report-key`, `/units/${blora}/report-key/revoke`, {});
    await refused(JSON.stringify(file), /sudah dicabut/);
    expect(await bloraFinals()).toHaveLength(1);
  });

  it("the push API refuses a wrong token (401) and a file of another unit than the token's (422)", async () => {
    // Blora's file signed with a new key of Blora's (the old one was revoked above).
    const old = JSON.parse(await binaryFile(boxAdmin, `/reports/${MONTH}/signed.json`)) as Record<string, string>;
    const fresh = readCredential(await issue(blora))!;
    const file = JSON.stringify(signReport(fresh, { month: MONTH, finalisedAt: old.finalisedAt!, snapshot: old.snapshot! }));
    const api = (await import('supertest')).default(k.t.app);
    const none = await api.post('/api/report-files').set('content-type', 'application/json').send(file);
    expect(none.status).toBe(401);
    expect(none.body.status).toBe('refused');
    const patiToken = readCredential(patiCredential)!.token;
    const other = await api
      .post('/api/report-files')
      .set('authorization', `Bearer ${patiToken}`)
      .set('content-type', 'application/json')
      .send(file);
    expect(other.status).toBe(422);
    expect(other.body.message).toBe('Berkas ini bukan laporan unit pengirimnya.');
    const own = await api
      .post('/api/report-files')
      .set('authorization', `Bearer ${fresh.token}`)
      .set('content-type', 'application/json')
      .send(file);
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('duplicate');
    expect(await bloraFinals()).toHaveLength(1);
  });

  it('after the Kanwil returns it, a corrected file replaces it; until then another file is refused', async () => {
    credential = await issue(blora);
    const saved = await submit(boxAdmin, '/settings/report-link', '/settings/report-link', {
      credential,
      central_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    expect(saved.status).toBe(303);
    // Blora corrects its month on its box: reopen, one more harvest, finalise again.
    const reopen = await submit(boxAdmin, `/reports?month=${MONTH}`, `/reports/${MONTH}/reopen`, { reason: 'Panen tanggal 8 terlewat' });
    expect(reopen.status).toBe(303);
    const head = (await box.db.selectFrom('users').select('id').where('username', '=', 'blora.admin').executeTakeFirstOrThrow()).id;
    const plot = (await box.db.selectFrom('locations').select('id').where('name', '=', 'Lahan Blora').executeTakeFirstOrThrow()).id;
    await recordHarvest(box.db, head, { commodity: TERONG, location: plot, grams: 4_000, date: `${MONTH}-08` });
    expect(
      (await submit(boxAdmin, `/reports?month=${MONTH}`, `/reports/${MONTH}/finalise`, { confirm: '1', maker: `u${head}` })).status,
    ).toBe(303);
    const corrected = await binaryFile(boxAdmin, `/reports/${MONTH}/signed.json`);
    const early = await upload(k.agents.kanwil, corrected, k.jateng);
    expect(early.status).toBe(422);
    expect(early.text).toContain('sudah memiliki laporan final');
    await reviewMonth(k.t.db, blora, MONTH, k.kanwilHead, 'returned', 'Panen tanggal 8 belum masuk');
    const res = await upload(k.agents.kanwil, corrected, k.jateng);
    expect(res.status).toBe(303);
    expect((await k.agents.kanwil.get(res.headers.location!)).text).toContain('menggantikan laporan yang dikembalikan');
    const rows = await bloraFinals();
    expect(rows.map((r) => [r.status, r.review])).toEqual([
      ['reopened', 'returned'],
      ['final', null],
    ]);
    const csv = await k.agents.kanwil.get(`/oversight/rollup/${MONTH}.csv`);
    expect(csv.text).toMatch(/Rutan Kelas IIB Blora;RTNBLORA;Final, menunggu pemeriksaan;25;/);
  });
});
