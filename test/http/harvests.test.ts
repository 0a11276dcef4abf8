import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDayShort } from '../../src/lib/format.ts';
import { wibDate, wibTime } from '../../src/lib/time.ts';
import {
  addInmate,
  addLocation,
  addUser,
  formPage,
  LELE,
  login,
  makeTestApp,
  stockOf,
  submit,
  TERONG,
  token,
  type Agent,
  type TestApp,
} from '../support/app.ts';

let t: TestApp;
let petugas: Agent;
let admin: Agent;
let lahan: number;
let kolam: number;

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'petugas', ['petugas']);
  await addUser(t.db, 'petugas2', ['petugas']);
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'pimpinan', ['pimpinan']);
  lahan = await addLocation(t.db, 'Lahan Blok A');
  kolam = await addLocation(t.db, 'Kolam 1', 'kolam');
  await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
  petugas = await login(t.app, 'petugas');
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

function nowTime(): string {
  return wibTime(new Date(Date.now() - 5 * 60_000));
}

async function postHarvest(agent: Agent, fields: Record<string, string | string[]>, formToken?: string) {
  const f = await formPage(agent, '/harvests/new');
  return agent
    .post('/harvests')
    .type('form')
    .send({
      _csrf: f.csrf,
      form_token: formToken ?? f.formToken,
      commodity_id: String(TERONG),
      location_id: String(lahan),
      harvest_date: wibDate(new Date(Date.now() - 5 * 60_000)),
      harvest_time: nowTime(),
      ...fields,
    });
}

async function harvestCount() {
  return (await t.db.selectFrom('harvests').select('id').execute()).length;
}

describe('harvest entry', () => {
  it('reads a decimal comma, saves grams, shows what was saved and offers "Catat lagi"', async () => {
    const before = await stockOf(t.db, TERONG);
    const res = await postHarvest(petugas, { weight_g: '2,5' });
    expect(res.status).toBe(303);
    const id = Number(/\/harvests\/(\d+)\?saved=1/.exec(String(res.headers.location))![1]!);
    const h = await t.db.selectFrom('harvests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(h.weight_g).toBe(2500);
    expect((await stockOf(t.db, TERONG)).g).toBe(before.g + 2500);
    const page = await petugas.get(String(res.headers.location));
    expect(page.text).toContain('Tersimpan.');
    expect(page.text).toContain('2,5 kg');
    expect(page.text).toContain(`/harvests/new?commodity=${TERONG}&amp;location=${lahan}`);
    const again = await petugas.get(`/harvests/new?commodity=${TERONG}&location=${lahan}`);
    expect(again.text).toMatch(new RegExp(`name="commodity_id" value="${TERONG}" checked`));
    expect(again.text).toMatch(new RegExp(`name="location_id" value="${lahan}" checked`));
  });

  it('reads a decimal point too, and refuses "2,5,5" keeping the typed values', async () => {
    const ok = await postHarvest(petugas, { weight_g: '2.5' });
    expect(ok.status).toBe(303);
    const n = await harvestCount();
    const bad = await postHarvest(petugas, { weight_g: '2,5,5', note: 'panen pagi' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Berat harus berupa angka, misalnya 2,5.');
    expect(bad.text).toContain('value="2,5,5"');
    expect(bad.text).toContain('value="panen pagi"');
    expect(await harvestCount()).toBe(n);
  });

  it('refuses a date or time in the future', async () => {
    const tomorrow = wibDate(new Date(Date.now() + 86_400_000));
    const res = await postHarvest(petugas, { weight_g: '3', harvest_date: tomorrow });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tanggal panen tidak boleh setelah hari ini.');
    const later = wibTime(new Date(Date.now() + 3 * 3600_000));
    const today = wibDate();
    if (wibDate(new Date(Date.now() + 3 * 3600_000)) === today) {
      const res2 = await postHarvest(petugas, { weight_g: '3', harvest_date: today, harvest_time: later });
      expect(res2.status).toBe(422);
      expect(res2.text).toContain('Waktu panen tidak boleh di masa depan.');
    }
  });

  it('a resend of the same form creates one harvest and answers with the first', async () => {
    const formToken = token();
    const n = await harvestCount();
    const first = await postHarvest(petugas, { weight_g: '4' }, formToken);
    const second = await postHarvest(petugas, { weight_g: '4' }, formToken);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    // five at once, as a flaky network might
    const burst = await Promise.all(
      [...Array(5)].map(() =>
        postHarvest(
          petugas,
          { weight_g: '1' },
          formToken.replace(/.$/, 'f') === formToken ? formToken.replace(/.$/, 'e') : formToken.replace(/.$/, 'f'),
        ),
      ),
    );
    expect(new Set(burst.map((r) => r.headers.location)).size).toBe(1);
    expect(await harvestCount()).toBe(n + 2);
  });

  it('records the head count of fish, and the inmates who worked', async () => {
    const before = await stockOf(t.db, LELE);
    const res = await postHarvest(petugas, {
      commodity_id: String(LELE),
      location_id: String(kolam),
      weight_g: '12,4',
      heads: '85',
      grade: 'A',
      workers: ['BI.123/2025 — Ahmad Fauzi', ''],
    });
    expect(res.status).toBe(303);
    const after = await stockOf(t.db, LELE);
    expect(after).toEqual({ g: before.g + 12400, heads: before.heads + 85 });
    const page = await petugas.get(String(res.headers.location));
    expect(page.text).toContain('Ahmad Fauzi (BI.123/2025)');
    expect(page.text).toContain('85 ekor');
    const unknown = await postHarvest(petugas, { weight_g: '1', workers: 'Siapa Saja' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('WBP &#34;Siapa Saja&#34; tidak ditemukan');
  });

  it('hostile or huge text gives a message or safe display, never a 500', async () => {
    const long = await postHarvest(petugas, { weight_g: '1', note: 'x'.repeat(10_000) });
    expect(long.status).toBe(422);
    expect(long.text).toContain('Catatan paling banyak 500 karakter.');
    for (const v of ['<script>alert(1)</script>', "' OR 1=1 --", '', '1e309', '-5', 'NaN']) {
      const r = await postHarvest(petugas, { weight_g: v, note: v });
      expect([303, 422], v).toContain(r.status);
      expect(r.text ?? '').not.toContain('<script>alert(1)</script>');
    }
    const xss = await postHarvest(petugas, { weight_g: '1', note: '<script>alert(1)</script>' });
    const page = await petugas.get(String(xss.headers.location));
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    const badIds = await postHarvest(petugas, { weight_g: '1', commodity_id: '999', location_id: 'abc' });
    expect(badIds.status).toBe(422);
  });

  it('a photo is shrunk and kept; a file that is not an image is refused', async () => {
    const png = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#2a7' } })
      .png()
      .toBuffer();
    const f = await formPage(petugas, '/harvests/new');
    const fields = {
      _csrf: f.csrf,
      form_token: f.formToken,
      commodity_id: String(TERONG),
      location_id: String(lahan),
      weight_g: '1,2',
      harvest_date: wibDate(new Date(Date.now() - 5 * 60_000)),
      harvest_time: nowTime(),
    };
    let req = petugas.post('/harvests');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const ok = await req.attach('photo', png, 'foto.png');
    expect(ok.status).toBe(303);
    const id = /\/harvests\/(\d+)/.exec(String(ok.headers.location))![1]!;
    const photo = await petugas.get(`/harvests/${id}/photo`);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(photo.body as Buffer).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(1600);

    const f2 = await formPage(petugas, '/harvests/new');
    let req2 = petugas.post('/harvests');
    for (const [k, v] of Object.entries({ ...fields, _csrf: f2.csrf, form_token: f2.formToken })) req2 = req2.field(k, v);
    const bad = await req2.attach('photo', Buffer.from('bukan gambar'), '../../x.jpg');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Foto harus berupa gambar JPEG atau PNG');
  });
});

describe('editing and voiding a harvest', () => {
  async function newHarvest(agent: Agent, kg: string) {
    const res = await postHarvest(agent, { weight_g: kg });
    return Number(/\/harvests\/(\d+)/.exec(String(res.headers.location))![1]!);
  }
  const editFields = (kg: string, extra: Record<string, string> = {}) => ({
    commodity_id: String(TERONG),
    location_id: String(lahan),
    weight_g: kg,
    harvest_date: wibDate(new Date(Date.now() - 5 * 60_000)),
    harvest_time: nowTime(),
    ...extra,
  });

  it('a petugas edits their own entry the same day; the ledger follows', async () => {
    const id = await newHarvest(petugas, '5');
    const before = await stockOf(t.db, TERONG);
    const res = await submit(petugas, `/harvests/${id}/edit`, `/harvests/${id}`, editFields('4,5', { reason_pick: 'salah ketik' }));
    expect(res.status).toBe(303);
    expect((await stockOf(t.db, TERONG)).g).toBe(before.g - 500);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'harvest')
      .where('action', '=', 'update')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!).weight_g).toBe(5000);
    expect(JSON.parse(audit.after_json!).weight_g).toBe(4500);
  });

  it('another petugas cannot edit it, nor the owner on a later day; pimpinan cannot at all', async () => {
    const id = await newHarvest(petugas, '2');
    const other = await login(t.app, 'petugas2');
    expect((await submit(other, `/harvests/${id}`, `/harvests/${id}`, editFields('1'))).status).toBe(403);
    await t.db
      .updateTable('harvests')
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
    expect((await submit(petugas, `/harvests/${id}`, `/harvests/${id}`, editFields('1'))).status).toBe(403);
    const pimpinan = await login(t.app, 'pimpinan');
    expect((await submit(pimpinan, `/harvests/${id}`, `/harvests/${id}`, editFields('1'))).status).toBe(403);
    expect((await t.db.selectFrom('harvests').select('weight_g').where('id', '=', id).executeTakeFirstOrThrow()).weight_g).toBe(2000);
  });

  it('an admin edits any entry, but only with a reason', async () => {
    const id = await newHarvest(petugas, '3');
    const noReason = await submit(admin, `/harvests/${id}/edit`, `/harvests/${id}`, editFields('3,3'));
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Pilih atau tuliskan alasan perubahan.');
    const ok = await submit(admin, `/harvests/${id}/edit`, `/harvests/${id}`, editFields('3,3', { reason: 'Salah timbang' }));
    expect(ok.status).toBe(303);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', String(id))
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('Salah timbang');
  });

  it('a void needs a reason, keeps the record, and takes the kilos back out of stock', async () => {
    const id = await newHarvest(petugas, '6');
    const before = await stockOf(t.db, TERONG);
    const noReason = await submit(petugas, `/harvests/${id}`, `/harvests/${id}/void`, { reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Alasan pembatalan wajib diisi.');
    const res = await submit(petugas, `/harvests/${id}`, `/harvests/${id}/void`, { reason: 'Tercatat dua kali' });
    expect(res.status).toBe(303);
    const h = await t.db.selectFrom('harvests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(h).toMatchObject({ status: 'void', void_reason: 'Tercatat dua kali' });
    expect((await stockOf(t.db, TERONG)).g).toBe(before.g - 6000);
    const page = await petugas.get(`/harvests/${id}`);
    expect(page.text).toContain('BATAL');
    const twice = await submit(petugas, `/harvests/${id}`, `/harvests/${id}/void`, { reason: 'lagi' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('sudah dibatalkan sebelumnya');
    expect((await stockOf(t.db, TERONG)).g).toBe(before.g - 6000);
  });

  it('a void that would make stock negative is refused with what is on hand', async () => {
    const cabai = 2;
    const res = await postHarvest(petugas, { commodity_id: String(cabai), weight_g: '1' });
    const id = Number(/\/harvests\/(\d+)/.exec(String(res.headers.location))![1]!);
    const staf = await addUser(t.db, 'staf', ['staf']).then(() => login(t.app, 'staf'));
    const f = await formPage(staf, '/stock/outflows/new?kind=kitchen');
    const out = await staf
      .post('/stock/outflows')
      .type('form')
      .send({ _csrf: f.csrf, form_token: f.formToken, kind: 'kitchen', commodity_id: String(cabai), qty_g: '0,8', out_date: wibDate() });
    expect(out.status).toBe(303);
    const refused = await submit(petugas, `/harvests/${id}`, `/harvests/${id}/void`, { reason: 'Salah' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(`Pada ${formatDayShort(wibDate())} stok Cabai hanya 0,2 kg, diminta 1 kg`);
    expect((await t.db.selectFrom('harvests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('active');
  });
});

describe('harvest list and CSV', () => {
  it('filters, totals and exports stable Indonesian columns with a BOM and neutralised formulas', async () => {
    await postHarvest(petugas, { weight_g: '1,25', note: '=HYPERLINK("http://x")' });
    const list = await admin.get(`/harvests?commodity=${TERONG}&from=${wibDate()}`);
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/Terong: <strong>[\d.,]+ kg<\/strong>/);
    const csv = await admin.get(`/harvests/export.csv?commodity=${TERONG}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="?panen_/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'No;ID;Tanggal;Jam (WIB);Komoditas;Lokasi;Berat (kg);Ekor;Mutu;WBP yang bekerja;Catatan;Petugas;Status;Alasan batal',
    );
    const row = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(row).toContain(';1,25;');
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
    const bad = await admin.get('/harvests?from=2026-02-30&page=abc&commodity=%27');
    expect(bad.status).toBe(200);
  });
});
