import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatoryOn, settingsOn } from '../../src/features/settings/settings.service.ts';
import { wibDate } from '../../src/lib/time.ts';
import { addUser, csrfFrom, login, makeTestApp, submit, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

const letterhead = {
  ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA',
  kanwil_line: 'KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH',
  unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
  unit_code: 'rtnblora',
  address: 'Jl. Pemuda No. 1, Blora',
  city: 'Blora',
  phone: '',
  email: '',
};
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
  'hex',
);

async function multipart(fields: Record<string, string>, file?: { buf: Buffer; name: string }) {
  const token = csrfFrom((await admin.get('/settings')).text);
  let req = admin.post('/settings').field('_csrf', token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach('logo', file.buf, file.name);
  return req;
}

describe('site settings', () => {
  it('saves the letterhead with a logo as a new version in force from today', async () => {
    const res = await multipart(letterhead, { buf: PNG, name: 'logo.png' });
    expect(res.status).toBe(303);
    const s = await settingsOn(t.db);
    expect(s).toMatchObject({ unit_code: 'RTNBLORA', city: 'Blora', effective_from: wibDate(), phone: null });
    expect(s!.logo_file).toMatch(/^logo-[0-9a-f]{24}\.png$/);
    const logo = await admin.get(`/settings/logo/${s!.logo_file}`);
    expect(logo.status).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    // the letterhead before the first version falls back to the first version
    expect((await settingsOn(t.db, '2020-01-01'))!.id).toBe(s!.id);
  });

  it('a file that is not an image is refused and the typed values are kept', async () => {
    const res = await multipart({ ...letterhead, unit_name: 'RUTAN BARU' }, { buf: Buffer.from('<?php echo 1; ?>'), name: 'logo.png' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Logo harus berupa gambar PNG atau JPEG.');
    expect(res.text).toContain('value="RUTAN BARU"');
  });

  it('a logo over 1 MB is refused with a message', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10)]);
    const res = await multipart(letterhead, { buf: big, name: 'besar.png' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Berkas terlalu besar');
  });

  it('a PNG header with garbage behind it is refused as a logo (it made every receipt PDF a 500)', async () => {
    const before = await settingsOn(t.db);
    const fake = Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(200, 0x41)]);
    const res = await multipart({ ...letterhead, unit_name: 'RUTAN PALSU' }, { buf: fake, name: 'logo.png' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Logo harus berupa gambar PNG atau JPEG.');
    expect((await settingsOn(t.db))!.id).toBe(before!.id);
  });

  it('an empty required field is refused beside the field', async () => {
    const res = await submit(admin, '/settings', '/settings', { ...letterhead, unit_name: '   ', email: 'bukan-email' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Nama satuan kerja wajib diisi.');
    expect(res.text).toContain('Email tidak valid.');
  });

  it('a logo name that no version refers to is a 404', async () => {
    expect((await admin.get('/settings/logo/..%2F..%2Flumbung.db')).status).toBe(404);
    expect((await admin.get('/settings/logo/logo-000000000000000000000000.png')).status).toBe(404);
  });
});

describe('signatories with periods in office', () => {
  it('a new head closes the predecessor the day before; each date prints the one in office', async () => {
    const budi = {
      position: 'kepala_rutan',
      title: 'Kepala Rutan Kelas IIB Blora',
      name: 'Budi Hardiono',
      nip: '197001011990031001',
      valid_from: '2022-01-03',
      valid_to: '',
    };
    expect((await submit(admin, '/settings/signatories/new', '/settings/signatories', budi)).status).toBe(303);
    const sugito = { ...budi, name: 'Sugito', nip: '197505052000031002', valid_from: '2025-03-01' };
    expect((await submit(admin, '/settings/signatories/new', '/settings/signatories', sugito)).status).toBe(303);

    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-02-28'))?.name).toBe('Budi Hardiono');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-03-01'))?.name).toBe('Sugito');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2026-11-22'))?.name).toBe('Sugito');
    expect(await signatoryOn(t.db, 'kepala_rutan', '2021-12-31')).toBeNull();
    const closed = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'close_period').executeTakeFirstOrThrow();
    expect(closed.after_json).toContain('2025-02-28');
  });

  it('an overlapping period is refused with a message naming the other signatory', async () => {
    const res = await submit(admin, '/settings/signatories/new', '/settings/signatories', {
      position: 'kepala_rutan',
      title: 'Plt. Kepala Rutan',
      name: 'Andi',
      nip: '',
      valid_from: '2024-06-01',
      valid_to: '2024-07-01',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('bertumpang tindih dengan Budi Hardiono');
    expect(res.text).toContain('value="Andi"');
  });

  it('impossible dates and an end before the start are refused', async () => {
    const res = await submit(admin, '/settings/signatories/new', '/settings/signatories', {
      position: 'kepala_rutan',
      title: 'X',
      name: 'Y',
      valid_from: '2026-02-30',
      valid_to: '',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Mulai menjabat bukan tanggal yang benar.');
    const rev = await submit(admin, '/settings/signatories/new', '/settings/signatories', {
      position: 'kasubsi_pelayanan',
      title: 'X',
      name: 'Y',
      valid_from: '2026-02-01',
      valid_to: '2026-01-01',
    });
    expect(rev.status).toBe(422);
    expect(rev.text).toContain('Akhir menjabat tidak boleh sebelum mulai menjabat.');
    const pos = await submit(admin, '/settings/signatories/new', '/settings/signatories', {
      position: 'raja',
      title: 'X',
      name: 'Y',
      valid_from: '2026-02-01',
    });
    expect(pos.status).toBe(422);
    expect(pos.text).toContain('Pilih jabatan penanda tangan.');
  });
});
