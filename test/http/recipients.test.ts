import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActiveRecipients } from '../../src/features/recipients/recipients.service.ts';
import { addInmate, addRecipient, addUser, csrfFrom, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Agent;
let staf: Agent;
let pimpinan: Agent;
let petugas: Agent;
let serial = 100;

/** A valid NIK, different each call: Blora region, born 17-08-1990. */
function newNik(): string {
  return `3316011708900${String(serial++).padStart(3, '0')}`;
}

const masked = (nik: string) => `${nik.slice(0, 4)}••••••••${nik.slice(-4)}`;

/** Every Location header seen, to check that no NIK ever travels in a URL. */
const locations: string[] = [];

function resident(over: Record<string, string> = {}): Record<string, string> {
  return {
    category: 'masyarakat',
    name: `Warga ${serial}`,
    nik: newNik(),
    address: `Jl. Melati ${serial}`,
    rt_rw: '2/4',
    village: 'Karangjati',
    district: 'Blora',
    phone: '0812 3456 7890',
    household_size: '4',
    note: '',
    active: '1',
    ...over,
  };
}

async function create(agent: Agent, form: Record<string, string>) {
  const res = await submit(agent, '/recipients/new', '/recipients', form);
  if (res.headers.location) locations.push(String(res.headers.location));
  return res;
}

async function edit(agent: Agent, id: number, form: Record<string, string>) {
  const res = await submit(agent, `/recipients/${id}/edit`, `/recipients/${id}`, form);
  if (res.headers.location) locations.push(String(res.headers.location));
  return res;
}

async function search(agent: Agent, q: string, extra: Record<string, string> = {}) {
  const res = await submit(agent, '/recipients', '/recipients/search', { q, ...extra });
  locations.push(String(res.headers.location));
  expect(res.status).toBe(303);
  return agent.get(String(res.headers.location));
}

function idFrom(res: { headers: Record<string, unknown> }): number {
  return Number(/^\/recipients\/(\d+)$/.exec(String(res.headers.location))![1]);
}

async function row(id: number) {
  return t.db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function count() {
  return (await t.db.selectFrom('recipients').select('id').execute()).length;
}

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'staf', ['staf']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  await addUser(t.db, 'petugas', ['petugas']);
  await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
  await addInmate(t.db, 'Budi Santoso', 'AIII.45/2026');
  admin = await login(t.app, 'admin');
  staf = await login(t.app, 'staf');
  pimpinan = await login(t.app, 'pimpinan');
  petugas = await login(t.app, 'petugas');
});
afterAll(async () => {
  await t.close();
});

describe('registering recipients', () => {
  it('staf registers a poor family of an inmate, linked to the inmate with the relation', async () => {
    const res = await create(
      staf,
      resident({
        category: 'keluarga_wbp',
        name: 'Sri Wahyuni',
        address: 'Jl. Kenanga 5',
        inmate: 'BI.123/2025 — Ahmad Fauzi',
        relation: 'istri',
      }),
    );
    expect(res.status).toBe(303);
    const r = await row(idFrom(res));
    expect(r).toMatchObject({
      category: 'keluarga_wbp',
      relation: 'istri',
      rt_rw: '002/004',
      phone: '081234567890',
      household_size: 4,
      active: 1,
    });
    const page = await staf.get(String(res.headers.location));
    expect(page.text).toContain('Penerima Sri Wahyuni telah ditambahkan.');
    expect(page.text).toContain('Keluarga WBP kurang mampu');
    expect(page.text).toContain('Ahmad Fauzi (BI.123/2025) · Hubungan: Istri');
    expect(page.text).toContain('Jl. Kenanga 5 RT 002/RW 004, Desa/Kel. Karangjati, Kec. Blora');
  });

  it('a neighbouring resident is saved without inmate and relation, even when some were typed', async () => {
    const res = await create(staf, resident({ name: 'Joko Susilo', inmate: 'Ahmad Fauzi', relation: 'anak' }));
    expect(res.status).toBe(303);
    expect(await row(idFrom(res))).toMatchObject({ category: 'masyarakat', inmate_id: null, relation: null });
  });

  it('an institution may be saved without NIK and household size', async () => {
    const res = await create(
      admin,
      resident({ category: 'lembaga', name: 'Panti Asuhan Al-Ikhlas', nik: '', household_size: '', phone: '+62 296 531 234' }),
    );
    expect(res.status).toBe(303);
    expect(await row(idFrom(res))).toMatchObject({ category: 'lembaga', nik: null, household_size: null, phone: '+62296531234' });
    expect((await admin.get(String(res.headers.location))).text).toContain('Lembaga');
  });

  it('NIK is required for a family and a resident, but not for an institution', async () => {
    const n = await count();
    const res = await create(staf, resident({ nik: '' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('NIK wajib diisi untuk keluarga WBP dan masyarakat sekitar.');
    const hh = await create(staf, resident({ household_size: '' }));
    expect(hh.text).toContain('Jumlah anggota keluarga wajib diisi.');
    expect(await count()).toBe(n);
  });

  it('NIK is checked: 16 digits, a region code, a birth date (women +40), with clear messages', async () => {
    const cases: [string, string][] = [
      ['33160117089', 'NIK harus tepat 16 angka; yang diketik 11 angka.'],
      ['3316-0117-0890-0001', 'NIK hanya boleh berisi angka.'],
      ['0000001708900001', 'NIK tidak benar: 6 angka pertama (kode wilayah) tidak boleh 000000.'],
      ['3316017213900001', 'NIK tidak benar: angka ke-7 sampai ke-12 harus tanggal lahir'],
    ];
    for (const [nik, message] of cases) {
      const res = await create(staf, resident({ nik }));
      expect(res.status, nik).toBe(422);
      expect(res.text, nik).toContain(message);
    }
    expect((await create(staf, resident({ nik: '3316 0157 0890 0077' }))).status).toBe(303);
    expect(await t.db.selectFrom('recipients').select('id').where('nik', '=', '3316015708900077').executeTakeFirst()).toBeDefined();
  });

  it('a family recipient needs an active inmate and the relation', async () => {
    const none = await create(staf, resident({ category: 'keluarga_wbp', inmate: '', relation: '' }));
    expect(none.status).toBe(422);
    expect(none.text).toContain('Pilih WBP yang terkait dengan keluarga ini.');
    expect(none.text).toContain('Pilih hubungan penerima dengan WBP.');
    const unknown = await create(staf, resident({ category: 'keluarga_wbp', inmate: 'Siapa Saja', relation: 'ibu' }));
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('WBP &#34;Siapa Saja&#34; tidak ditemukan di daftar WBP aktif.');
  });

  it('RT/RW and phone are checked, and the form keeps every typed value (422)', async () => {
    const form = resident({
      category: 'keluarga_wbp',
      name: 'Tuti Handayani',
      address: 'Dusun Krajan',
      rt_rw: '2-4',
      phone: '12345',
      inmate: 'AIII.45/2026 — Budi Santoso',
      relation: 'ibu',
      note: 'rumah dekat masjid',
    });
    const res = await create(staf, form);
    expect(res.status).toBe(422);
    expect(res.text).toContain('RT/RW ditulis seperti 002/004 (boleh 2/4).');
    expect(res.text).toContain('Nomor telepon ditulis seperti 081234567890');
    for (const v of ['Tuti Handayani', 'Dusun Krajan', '2-4', '12345', 'AIII.45/2026 — Budi Santoso', 'rumah dekat masjid', form.nik!]) {
      expect(res.text).toContain(`value="${v}"`);
    }
    expect(res.text).toMatch(/name="category" value="keluarga_wbp" checked/);
    expect(res.text).toMatch(/<option value="ibu" selected>Ibu<\/option>/);
  });

  it('a note with a line break sent by hand and a name with a bidi override are refused, nothing saved, values kept', async () => {
    const n = await count();
    const res = await create(staf, resident({ name: 'Siti \u202eanimA', note: 'catatan biasa\n=1+1', address: 'Jl. Mawar\t3' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Nama penerima berisi karakter yang tidak diizinkan (karakter kendali atau pembalik arah teks).');
    expect(res.text).toContain('Catatan harus ditulis dalam satu baris (tanpa ganti baris atau tab).');
    expect(res.text).toContain('Alamat (jalan, nomor rumah, dusun) harus ditulis dalam satu baris (tanpa ganti baris atau tab).');
    expect(res.text).toContain('value="Siti \u202eanimA"');
    expect(await count()).toBe(n);
  });
});

describe('the NIK is personal data', () => {
  let id = 0;
  const nik = '3316024512850003';

  beforeAll(async () => {
    id = await addRecipient(t.db, { name: 'Rahayu Lestari', nik, address: 'Jl. Anggrek 9', village: 'Tempelan' });
  });

  it('staf and pimpinan see it masked on the list, the detail page and the edit form', async () => {
    for (const agent of [staf, pimpinan]) {
      for (const path of ['/recipients', `/recipients/${id}`]) {
        const html = (await agent.get(path)).text;
        expect(html, path).toContain(masked(nik));
        expect(html, path).not.toContain(nik);
      }
    }
    const form = await staf.get(`/recipients/${id}/edit`);
    expect(form.text).toContain(`NIK tersimpan: <strong>${masked(nik)}</strong>`);
    expect(form.text).toContain('Kosongkan bila tidak berubah.');
    expect(form.text).toMatch(/name="nik" type="text"\s+value=""/);
    expect(form.text).not.toContain(nik);
  });

  it('an admin sees it whole, and can correct it on the form', async () => {
    for (const path of ['/recipients', `/recipients/${id}`, `/recipients/${id}/edit`])
      expect((await admin.get(path)).text, path).toContain(nik);
    expect((await admin.get(`/recipients/${id}/edit`)).text).toContain(`value="${nik}"`);
  });

  it('a non-admin edit with an empty NIK keeps the stored one; a typed one replaces it', async () => {
    const form = {
      category: 'masyarakat',
      name: 'Rahayu Lestari',
      nik: '',
      address: 'Jl. Anggrek 9',
      rt_rw: '',
      village: 'Tempelan',
      district: 'Blora',
      household_size: '3',
      active: '1',
    };
    expect((await edit(staf, id, form)).status).toBe(303);
    expect(await row(id)).toMatchObject({ nik, household_size: 3 });
    const other = newNik();
    expect((await edit(staf, id, { ...form, nik: other })).status).toBe(303);
    expect((await row(id)).nik).toBe(other);
    expect((await edit(staf, id, { ...form, nik })).status).toBe(303);
  });

  it('an admin clearing the NIK of a resident is told it is required', async () => {
    const res = await edit(admin, id, {
      category: 'masyarakat',
      name: 'Rahayu Lestari',
      nik: '',
      address: 'Jl. Anggrek 9',
      village: 'Tempelan',
      district: 'Blora',
      household_size: '3',
      active: '1',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('NIK wajib diisi untuk keluarga WBP dan masyarakat sekitar.');
    expect((await row(id)).nik).toBe(nik);
  });

  it('the audit trail keeps it masked', async () => {
    const created = await create(staf, resident({ name: 'Wartini', nik: '3316035003700011' }));
    const entries = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'recipient')
      .where('entity_id', '=', String(idFrom(created)))
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.after_json).toContain('3316••••••••0011');
    expect(entries[0]!.after_json).not.toContain('3316035003700011');
    const updates = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('entity', '=', 'recipient')
      .where('action', '=', 'update')
      .execute();
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(`${u.before_json}${u.after_json}`).not.toContain(nik);
  });

  it('never travels in a redirect Location', () => {
    expect(locations.length).toBeGreaterThan(5);
    for (const l of locations) expect(l).not.toMatch(/\d{6,}/);
  });
});

describe('look-alikes', () => {
  it('a second recipient with the same NIK is refused outright, naming the record that has it, even when ticked', async () => {
    const nik = newNik();
    const first = await create(staf, resident({ name: 'Sumarni', nik, village: 'Jepon' }));
    const firstId = idFrom(first);
    const n = await count();
    for (const extra of [{}, { confirm_distinct: '1' }] as Record<string, string>[]) {
      const again = await create(staf, resident({ name: 'Sumarni Binti Karto', nik, ...extra }));
      expect(again.status).toBe(422);
      expect(again.text).toContain('NIK ini sudah terdaftar atas nama');
      expect(again.text).toContain(`href="/recipients/${firstId}"`);
      expect(again.text).not.toContain('tetap simpan');
      expect(again.text).toContain('value="Sumarni Binti Karto"');
    }
    expect(await count()).toBe(n);
  });

  it('honorifics and case do not make two people different: "Bu Marsini" at Marsini\'s address is flagged', async () => {
    const base = {
      category: 'keluarga_wbp',
      inmate: 'BI.123/2025 — Ahmad Fauzi',
      relation: 'istri',
      address: 'Dukuh Krajan RT 1',
      village: 'Tunjungan',
    };
    const first = await create(staf, resident({ ...base, name: 'Marsini' }));
    expect(first.status).toBe(303);
    for (const name of ['Bu Marsini', 'IBU  marsini', 'Ny. Marsini', 'Hj. Marsini', 'Mbah Marsini']) {
      const res = await create(staf, resident({ ...base, name }));
      expect(res.status, name).toBe(422);
      expect(res.text, name).toContain('Mungkin sudah terdaftar');
      expect(res.text, name).toContain(`href="/recipients/${idFrom(first)}"`);
    }
    const pak = await create(staf, resident({ ...base, name: 'Pak Marsono', relation: 'ayah' }));
    expect(pak.status).toBe(303);
  });

  it('the same name at the same address and village warns, whatever the case and spaces', async () => {
    await create(staf, resident({ name: 'Siti Khotimah', address: 'Jl. Mawar 7', village: 'Karangjati' }));
    const res = await create(staf, resident({ name: 'SITI  khotimah', address: 'jl.mawar 7', village: ' KARANGJATI ' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Siti Khotimah</a>');
    const elsewhere = await create(staf, resident({ name: 'Siti Khotimah', address: 'Jl. Mawar 8', village: 'Karangjati' }));
    expect(elsewhere.status).toBe(303);
  });

  it('an edit is checked against the other records, not against itself', async () => {
    const a = await addRecipient(t.db, { name: 'Paijo', nik: newNik(), address: 'Dukuh Ngelo', village: 'Ngawen' });
    const bNik = newNik();
    const b = await addRecipient(t.db, { name: 'Painem', nik: bNik, address: 'Dukuh Ngelo', village: 'Ngawen' });
    const base = { category: 'masyarakat', address: 'Dukuh Ngelo', village: 'Ngawen', district: 'Blora', household_size: '2', active: '1' };
    expect((await edit(admin, a, { ...base, name: 'Paijo', nik: (await row(a)).nik!, note: 'pindah RT' })).status).toBe(303);
    const clash = await edit(admin, a, { ...base, name: 'painem', nik: (await row(a)).nik! });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain(`href="/recipients/${b}"`);
    const sameNik = await edit(staf, a, { ...base, name: 'Paijo', nik: bNik, confirm_distinct: '1' });
    expect(sameNik.status).toBe(422);
    expect(sameNik.text).toContain('NIK ini sudah terdaftar atas nama');
    expect(sameNik.text).toContain(`href="/recipients/${b}"`);
    expect(sameNik.text).toContain(masked(bNik));
    expect(sameNik.text).not.toContain(`NIK ${bNik}`);
    expect((await edit(admin, a, { ...base, name: 'painem', nik: (await row(a)).nik!, confirm_distinct: '1' })).status).toBe(303);
  });
});

describe('the family card (No. KK)', () => {
  const kk = '3316010203040506';

  it('is kept with the recipient, masked for everyone but an admin, and checked', async () => {
    const res = await create(staf, resident({ name: 'Warsini KK', kk_number: '3316 0102 0304 0506' }));
    expect(res.status).toBe(303);
    const id = idFrom(res);
    expect((await row(id)).kk_number).toBe(kk);
    const seen = await staf.get(`/recipients/${id}`);
    expect(seen.text).toContain('No. KK');
    expect(seen.text).toContain(masked(kk));
    expect(seen.text).not.toContain(kk);
    expect((await admin.get(`/recipients/${id}`)).text).toContain(kk);
    const bad = await create(staf, resident({ name: 'KK Pendek', kk_number: '331601020304050' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('No. KK harus tepat 16 angka');
    expect(bad.text).toContain('value="331601020304050"');
  });

  it('finds the household by the whole KK, never by a part of it for a non-admin', async () => {
    const page = await search(staf, '3316 0102 0304 0506');
    expect(page.text).toContain('Warsini KK');
    expect(page.text).not.toContain(kk);
    const part = await search(staf, '33160102030405');
    expect(part.text).not.toContain('Warsini KK');
    await search(staf, '');
  });
});

describe('finding recipients', () => {
  let family = 0;

  beforeAll(async () => {
    const inmate = await t.db.selectFrom('inmates').select('id').where('reg_number', '=', 'AIII.45/2026').executeTakeFirstOrThrow();
    family = await addRecipient(t.db, {
      category: 'keluarga_wbp',
      name: 'Marsinah Cari',
      nik: '3316064101800042',
      inmate_id: inmate.id,
      relation: 'ibu',
      phone: '085712345678',
      village: 'Sambong',
    });
    await addRecipient(t.db, { name: 'Orang Lain Sekali', nik: '3316070101700099', village: 'Cepu', phone: '081111111111' });
  });

  it('the search box posts; the list shows matches by name, whole NIK, phone, inmate name or registration number', async () => {
    for (const q of ['marsinah', '3316064101800042', '3316 0641 0180 0042', '0857-1234', '+6285712345678', 'budi santoso', 'aiii.45']) {
      const page = await search(staf, q);
      expect(page.text, q).toContain(`href="/recipients/${family}"`);
      expect(page.text, q).not.toContain('Orang Lain Sekali');
    }
    expect((await staf.get('/recipients')).text).toContain('NIK (16 angka lengkap)');
  });

  it('staf and pimpinan find no one by a part of a NIK, so the masked digits cannot be recovered one at a time', async () => {
    // What the masked form shows (3316••••••••0042) plus one guessed digit, and any other part.
    for (const agent of [staf, pimpinan]) {
      for (const q of ['33160', '33160641', '1800042', '0042', '331606410180004', '33160641018000421']) {
        const page = await search(agent, q);
        expect(page.text, q).not.toContain(`href="/recipients/${family}"`);
        expect(page.text, q).toContain('Tidak ada penerima yang cocok.');
      }
    }
    await search(staf, '');
    await search(pimpinan, '');
  });

  it('an admin still finds a recipient by a part of the NIK', async () => {
    for (const q of ['33160641', '1800042']) expect((await search(admin, q)).text, q).toContain(`href="/recipients/${family}"`);
    expect((await admin.get('/recipients')).text).toContain('NIK (boleh sebagian)');
    await search(admin, '');
  });

  it('keeps the term in the session, not the URL, until "Hapus pencarian"', async () => {
    const page = await search(staf, '3316064101800042');
    expect(locations.at(-1)).toBe('/recipients');
    expect(page.text).toContain('Hapus pencarian');
    const again = await staf.get('/recipients');
    expect(again.text).toContain('Marsinah Cari');
    expect(again.text).not.toContain('Orang Lain Sekali');
    // The whole NIK a staf searched for does not stay on the screen: masked in the line, not in the box.
    for (const p of [page, again]) {
      expect(p.text).not.toContain('3316064101800042');
      expect(p.text).toContain('Hasil pencarian “3316••••••••0042”');
    }
    expect((await search(admin, '3316064101800042')).text).toContain('value="3316064101800042"');
    await search(admin, '');
    const cleared = await search(staf, '');
    expect(cleared.text).toContain('Orang Lain Sekali');
    expect(cleared.text).not.toContain('Hapus pencarian');
  });

  it('filters by category in the URL and by active status; inactive ones are greyed', async () => {
    await addRecipient(t.db, { name: 'Sudah Pindah', nik: newNik(), village: 'Kunduran', active: 0 });
    const page = await search(staf, '', { category: 'keluarga_wbp', status: 'all' });
    expect(locations.at(-1)).toBe('/recipients?category=keluarga_wbp');
    expect(page.text).toContain('Marsinah Cari');
    expect(page.text).not.toContain('Orang Lain Sekali');
    const all = await staf.get('/recipients?page=1');
    expect(all.text).toMatch(/<tr class="inactive">\s*<td><a href="\/recipients\/\d+">Sudah Pindah/);
    expect((await staf.get('/recipients?status=active')).text).not.toContain('Sudah Pindah');
  });

  it('pages through a long list', async () => {
    for (let i = 0; i < 55; i++) await addRecipient(t.db, { name: `Zz Warga ${String(i).padStart(2, '0')}`, nik: newNik() });
    const first = await staf.get('/recipients');
    expect(first.text).toContain('Halaman 1 dari 2');
    expect((await staf.get('/recipients?page=2')).text).toContain('Zz Warga 54');
  });

  it('the pick list for handovers filters by name only and leaves out inactive recipients', async () => {
    expect((await listActiveRecipients(t.db, { q: 'marsinah' })).map((r) => r.name)).toEqual(['Marsinah Cari']);
    expect(await listActiveRecipients(t.db, { q: '3316064101800042' })).toEqual([]);
    expect(await listActiveRecipients(t.db, { q: 'pindah' })).toEqual([]);
    expect((await listActiveRecipients(t.db, { category: 'keluarga_wbp' })).every((r) => r.category === 'keluarga_wbp')).toBe(true);
  });
});

describe('who may do what', () => {
  it('pimpinan reads the list and a recipient page, with no buttons to change or hand over', async () => {
    const id = await addRecipient(t.db, { name: 'Bu Lurah', nik: newNik(), village: 'Jiken' });
    const page = await pimpinan.get(`/recipients/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bantuan yang diterima');
    expect(page.text).not.toContain('/distributions/new');
    expect(page.text).not.toContain(`/recipients/${id}/edit`);
    expect((await pimpinan.get('/recipients')).text).not.toContain('+ Tambah penerima');
    expect((await search(pimpinan, 'bu lurah')).text).toContain(`href="/recipients/${id}"`);
    const stafPage = await staf.get(`/recipients/${id}`);
    expect(stafPage.text).toContain(`href="/distributions/new?recipient=${id}"`);
    expect(stafPage.text).toContain(`href="/recipients/${id}/edit"`);
  });

  it('pimpinan gets 403 on adding and editing; petugas cannot open the register', async () => {
    const id = await addRecipient(t.db, { name: 'Pak RT', nik: newNik() });
    const csrf = csrfFrom((await pimpinan.get('/recipients')).text);
    const n = await count();
    expect(
      (
        await pimpinan
          .post('/recipients')
          .type('form')
          .send({ ...resident(), _csrf: csrf })
      ).status,
    ).toBe(403);
    expect(
      (
        await pimpinan
          .post(`/recipients/${id}`)
          .type('form')
          .send({ ...resident(), _csrf: csrf })
      ).status,
    ).toBe(403);
    expect((await pimpinan.get('/recipients/new')).status).toBe(403);
    expect((await pimpinan.get(`/recipients/${id}/edit`)).status).toBe(403);
    expect(await count()).toBe(n);
    expect((await petugas.get('/recipients')).status).toBe(403);
  });

  it('an unknown recipient is a 404', async () => {
    expect((await staf.get('/recipients/99999')).status).toBe(404);
  });
});
