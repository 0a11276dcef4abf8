import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Agent;
let staf: Agent;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'petugas', ['petugas']);
  admin = await login(t.app, 'admin');
  staf = await login(t.app, 'staf');
});
afterAll(() => t.close());

describe('commodities', () => {
  it('are seeded with terong, cabai, tomat (kg) and lele (kg + ekor)', async () => {
    const rows = await t.db.selectFrom('commodities').select(['name', 'tracks_heads']).orderBy('sort_order').execute();
    expect(rows).toEqual([
      { name: 'Terong', tracks_heads: 0 },
      { name: 'Cabai', tracks_heads: 0 },
      { name: 'Tomat', tracks_heads: 0 },
      { name: 'Lele', tracks_heads: 1 },
    ]);
  });

  it('the seeded ones are mapped to the national catalogue, with their sector', async () => {
    const rows = await t.db.selectFrom('commodities').select(['name', 'national_code', 'sector']).orderBy('sort_order').execute();
    expect(rows).toEqual([
      { name: 'Terong', national_code: 'terong', sector: 'pertanian' },
      { name: 'Cabai', national_code: 'cabai', sector: 'pertanian' },
      { name: 'Tomat', national_code: 'tomat', sector: 'pertanian' },
      { name: 'Lele', national_code: 'lele', sector: 'perikanan' },
    ]);
  });

  it('an admin maps a commodity to the national catalogue; one not mapped is shown as such', async () => {
    const mapped = await submit(admin, '/commodities/new', '/commodities', {
      name: 'Terong Ungu',
      kind: 'sayur',
      active: '1',
      national_code: 'terong',
    });
    expect(mapped.status).toBe(303);
    const unmapped = await submit(admin, '/commodities/new', '/commodities', {
      name: 'Daun Kelor',
      kind: 'sayur',
      active: '1',
      national_code: '',
    });
    expect(unmapped.status).toBe(303);
    const bad = await submit(admin, '/commodities/new', '/commodities', {
      name: 'Bayam Merah',
      kind: 'sayur',
      active: '1',
      national_code: 'bayam-x',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Pilih komoditas nasional dari daftar.');
    expect(bad.text).toContain('value="Bayam Merah"');
    const rows = await t.db
      .selectFrom('commodities')
      .select(['name', 'national_code', 'sector'])
      .where('name', 'in', ['Terong Ungu', 'Daun Kelor', 'Bayam Merah'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { name: 'Daun Kelor', national_code: null, sector: null },
      { name: 'Terong Ungu', national_code: 'terong', sector: 'pertanian' },
    ]);
    const list = await admin.get('/commodities');
    expect(list.text).toMatch(/Daun Kelor<\/td>[\s\S]*?belum dipetakan/);
    expect(list.text).toMatch(/Terong Ungu<\/td>[\s\S]*?Terong — Pertanian\/Perkebunan/);
    // Moved to another entry, the sector moves with it.
    const terongUngu = await t.db.selectFrom('commodities').select('id').where('name', '=', 'Terong Ungu').executeTakeFirstOrThrow();
    const moved = await submit(admin, `/commodities/${terongUngu.id}/edit`, `/commodities/${terongUngu.id}`, {
      name: 'Terong Ungu',
      kind: 'ikan',
      active: '1',
      national_code: 'nila',
    });
    expect(moved.status).toBe(303);
    expect(
      await t.db.selectFrom('commodities').select(['national_code', 'sector']).where('id', '=', terongUngu.id).executeTakeFirstOrThrow(),
    ).toEqual({ national_code: 'nila', sector: 'perikanan' });
  });

  it('an admin adds one, a duplicate name is refused, and one is deactivated rather than deleted', async () => {
    const ok = await submit(admin, '/commodities/new', '/commodities', { name: 'Kangkung', kind: 'sayur', sort_order: '5', active: '1' });
    expect(ok.status).toBe(303);
    const dup = await submit(admin, '/commodities/new', '/commodities', { name: 'kangkung', kind: 'sayur', active: '1' });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('Komoditas &#34;Kangkung&#34; sudah ada.');
    const k = await t.db.selectFrom('commodities').selectAll().where('name', '=', 'Kangkung').executeTakeFirstOrThrow();
    const off = await submit(admin, `/commodities/${k.id}/edit`, `/commodities/${k.id}`, {
      name: 'Kangkung',
      kind: 'sayur',
      sort_order: '5',
    });
    expect(off.status).toBe(303);
    expect((await t.db.selectFrom('commodities').select('active').where('id', '=', k.id).executeTakeFirstOrThrow()).active).toBe(0);
    const bad = await submit(admin, '/commodities/new', '/commodities', { name: '', kind: 'buah', sort_order: '-1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Nama komoditas wajib diisi.');
    expect(bad.text).toContain('Pilih jenis komoditas.');
    expect(bad.text).toContain('Urutan tidak boleh negatif.');
  });

  it('only admins manage commodities and locations', async () => {
    expect((await staf.get('/commodities')).status).toBe(403);
    expect((await staf.get('/locations/new')).status).toBe(403);
  });
});

describe('locations', () => {
  it('an admin adds a plot and a pond with an area typed the Indonesian way', async () => {
    expect(
      (await submit(admin, '/locations/new', '/locations', { name: 'Lahan Blok A', kind: 'lahan', area_m2: '1.250', active: '1' })).status,
    ).toBe(303);
    expect((await submit(admin, '/locations/new', '/locations', { name: 'Kolam 1', kind: 'kolam', area_m2: '', active: '1' })).status).toBe(
      303,
    );
    const rows = await t.db.selectFrom('locations').select(['name', 'kind', 'area_m2']).orderBy('id').execute();
    expect(rows).toEqual([
      { name: 'Lahan Blok A', kind: 'lahan', area_m2: 1250 },
      { name: 'Kolam 1', kind: 'kolam', area_m2: null },
    ]);
    const bad = await submit(admin, '/locations/new', '/locations', { name: 'X', kind: 'sawah', area_m2: 'luas' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Pilih jenis lokasi: lahan atau kolam.');
    expect(bad.text).toContain('Luas ditulis sebagai bilangan bulat');
  });
});

describe('inmates (WBP)', () => {
  it('staf registers an inmate; the registration number is checked and unique', async () => {
    const ok = await submit(staf, '/inmates/new', '/inmates', {
      name: 'Ahmad Fauzi',
      reg_number: 'bi.123/2025',
      block: 'Blok B',
      active: '1',
    });
    expect(ok.status).toBe(303);
    const row = await t.db.selectFrom('inmates').selectAll().executeTakeFirstOrThrow();
    expect(row.reg_number).toBe('BI.123/2025');
    const dup = await submit(staf, '/inmates/new', '/inmates', { name: 'Orang Lain', reg_number: 'BI.123/2025', active: '1' });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('Nomor registrasi BI.123/2025 sudah tercatat atas nama Ahmad Fauzi.');
    const bad = await submit(staf, '/inmates/new', '/inmates', { name: 'X', reg_number: '123', active: '1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Nomor registrasi ditulis seperti BI.123/2025');
    expect((await submit(staf, '/inmates/new', '/inmates', { name: 'Budi', reg_number: 'AIII.45/2026', active: '1' })).status).toBe(303);
  });

  it('is searchable by name or number, with LIKE wildcards taken literally', async () => {
    expect((await staf.get('/inmates?q=fauzi')).text).toContain('Ahmad Fauzi');
    const byNumber = await staf.get('/inmates?q=aiii.45');
    expect(byNumber.text).toContain('Budi');
    expect(byNumber.text).not.toContain('Ahmad Fauzi');
    const wildcard = await staf.get('/inmates?q=%25');
    expect(wildcard.text).toContain('Tidak ada WBP yang cocok.');
    expect((await staf.get('/inmates?q[]=x')).status).toBe(200);
    const petugas = await login(t.app, 'petugas');
    expect((await petugas.get('/inmates')).status).toBe(403);
  });
});
