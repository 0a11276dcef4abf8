// The installation admin's pages (issue 17): a single Rutan grows into a Kanwil installation — the
// national root, a Kanwil, the Rutan placed under it, a second UPT — and people get roles on units.
// The place of each unit in the tree is checked; a unit's own admin cannot reach these pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationWide, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { addUser, csrfFrom, login, makeTestApp, PASSWORD, submit, type Agent, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: Agent;

const unitByCode = (code: string) =>
  installationWide(() => t.db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirstOrThrow());
const unitCount = () => installationWide(async () => (await t.db.selectFrom('units').select('id').execute()).length);

/** Sends the unit form (new, or the edit of `id`) as the admin. */
const saveUnit = (form: Record<string, string>, id?: number) =>
  submit(admin, id ? `/units/${id}/edit` : '/units/new', id ? `/units/${id}` : '/units', form);

beforeAll(async () => {
  t = await makeTestApp();
  await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'petugas', ['petugas']);
  admin = await login(t.app, 'admin');
});
afterAll(() => t.close());

describe('the units of an installation, managed by its admin', () => {
  it('a single Rutan shows its one unit; the tab is there for its admin', async () => {
    const page = await admin.get('/units');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Rutan Uji');
    expect((await admin.get('/settings')).text).toContain('href="/units"');
  });

  it('builds Ditjenpas → Kanwil → the Rutan and a new Lapas, each in its place, refusing a wrong one', async () => {
    expect((await saveUnit({ kind: 'national', name: 'Direktorat Jenderal Pemasyarakatan', code: 'ditjenpas', active: '1' })).status).toBe(
      303,
    );
    const national = await unitByCode('DITJENPAS');
    // Its maker became its admin: still the installation's admin once the root is Ditjenpas.
    expect((await admin.get('/units')).status).toBe(200);

    const second = await saveUnit({ kind: 'national', name: 'Pusat Lain', code: 'PUSAT2', active: '1' });
    expect(second.status).toBe(422);
    expect(second.text).toContain('Sudah ada unit nasional');

    const kanwilWithoutParent = await saveUnit({ kind: 'kanwil', name: 'Kantor Wilayah Jawa Tengah', code: 'KWJATENG', active: '1' });
    expect(kanwilWithoutParent.status).toBe(422);
    expect(kanwilWithoutParent.text).toContain('Pilih induknya: Ditjenpas.');
    expect(kanwilWithoutParent.text).toContain('value="Kantor Wilayah Jawa Tengah"');
    const kanwilForm = {
      kind: 'kanwil',
      name: 'Kantor Wilayah Jawa Tengah',
      code: 'KWJATENG',
      parent_id: String(national.id),
      active: '1',
    };
    expect((await saveUnit(kanwilForm)).status).toBe(303);
    const kanwil = await unitByCode('KWJATENG');

    // A UPT under Ditjenpas is refused; a code in use is refused with whose it is.
    const underNational = await saveUnit({
      kind: 'upt',
      name: 'Lapas Kelas IIB Pati',
      code: 'LPSPATI',
      parent_id: String(national.id),
      active: '1',
    });
    expect(underNational.status).toBe(422);
    expect(underNational.text).toContain('Induk UPT harus sebuah Kantor Wilayah.');
    const clash = await saveUnit({ kind: 'upt', name: 'Lapas Kelas IIB Pati', code: 'rtnuji', parent_id: String(kanwil.id), active: '1' });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('Kode RTNUJI sudah dipakai Rutan Uji.');

    const before = await unitCount();
    expect(
      (await saveUnit({ kind: 'upt', name: 'Lapas Kelas IIB Pati', code: 'LPSPATI', parent_id: String(kanwil.id), active: '1' })).status,
    ).toBe(303);
    expect(await unitCount()).toBe(before + 1);
    const pati = await unitByCode('LPSPATI');
    expect([pati.kind, pati.upt_type, pati.parent_id]).toEqual(['upt', 'lapas', kanwil.id]);
    // A new UPT starts with the programme's commodities, mapped to the national catalogue.
    const commodities = await withUnitScope(unitScope(pati.id), () =>
      t.db.selectFrom('commodities').select(['name', 'national_code']).orderBy('sort_order').execute(),
    );
    expect(commodities.map((c) => `${c.name}:${c.national_code}`)).toEqual(['Terong:terong', 'Cabai:cabai', 'Tomat:tomat', 'Lele:lele']);

    // The Rutan moves under the Kanwil; its kind stays a UPT whatever the form says.
    const uji = await unitByCode('RTNUJI');
    expect(
      (await saveUnit({ kind: 'kanwil', name: 'Rutan Uji', code: 'RTNUJI', parent_id: String(kanwil.id), active: '1' }, uji.id)).status,
    ).toBe(303);
    expect(await unitByCode('RTNUJI')).toMatchObject({ kind: 'upt', parent_id: kanwil.id });
    // The root cannot be switched off.
    const off = await saveUnit({ kind: 'national', name: national.name, code: national.code }, national.id);
    expect(off.status).toBe(422);
    expect(off.text).toContain('tidak dapat dinonaktifkan');

    const page = (await admin.get('/units')).text;
    const tree = page.slice(page.indexOf('<tbody>'));
    const order = ['Direktorat Jenderal Pemasyarakatan', 'Kantor Wilayah Jawa Tengah', 'Lapas Kelas IIB Pati', 'Rutan Uji'].map((n) =>
      tree.indexOf(n),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    // Each step is in the audit trail of its unit.
    const audited = await withUnitScope(unitScope(pati.id), () => t.db.selectFrom('audit_log').select(['action', 'entity']).execute());
    expect(audited).toEqual([{ action: 'create', entity: 'unit' }]);
  });

  it('gives a new person a role on the Lapas, an existing one a second unit, the Kanwil head its reading role', async () => {
    const pati = await unitByCode('LPSPATI');
    const kanwil = await unitByCode('KWJATENG');
    const made = await submit(admin, `/units/${pati.id}/people/new`, `/units/${pati.id}/people/new`, {
      username: 'admin.pati',
      full_name: 'Admin Lapas Pati',
      roles: 'admin',
      password: 'sandi-pati-panjang',
      password_confirm: 'sandi-pati-panjang',
    });
    expect(made.status).toBe(303);
    const patiAdmin = await login(t.app, 'admin.pati', 'sandi-pati-panjang');
    // Its first password was typed by someone else: changed first, then the unit's own pages.
    expect((await patiAdmin.get('/commodities')).headers.location).toBe('/account/password');

    // The Rutan's petugas also works in Pati now: two units to choose from.
    expect(
      (await submit(admin, `/units/${pati.id}/people`, `/units/${pati.id}/people`, { username: 'PETUGAS', role: 'petugas' })).status,
    ).toBe(303);
    const petugas = await login(t.app, 'petugas', PASSWORD);
    expect((await petugas.get('/unit')).text).toContain('Lapas Kelas IIB Pati');
    const again = await submit(admin, `/units/${pati.id}/people`, `/units/${pati.id}/people`, { username: 'petugas', role: 'petugas' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('sudah memegang peran ini');
    const nobody = await submit(admin, `/units/${pati.id}/people`, `/units/${pati.id}/people`, { username: 'tidak.ada', role: 'staf' });
    expect(nobody.status).toBe(422);
    expect(nobody.text).toContain('Belum ada pengguna');

    // A Kanwil holds only reading and managing roles.
    const kanwilPetugas = await submit(admin, `/units/${kanwil.id}/people`, `/units/${kanwil.id}/people`, {
      username: 'petugas',
      role: 'petugas',
    });
    expect(kanwilPetugas.status).toBe(422);
    expect(kanwilPetugas.text).toContain('tidak dipakai di unit ini');
    await addUser(t.db, 'kakanwil', []);
    expect(
      (await submit(admin, `/units/${kanwil.id}/people`, `/units/${kanwil.id}/people`, { username: 'kakanwil', role: 'pimpinan' })).status,
    ).toBe(303);
    const head = await login(t.app, 'kakanwil');
    const choices = (await head.get('/unit')).text;
    expect(choices).toContain('Lapas Kelas IIB Pati');
    expect(choices).toContain('Rutan Uji');

    // Roles are taken back, but never a unit's last admin.
    const page = await admin.get(`/units/${pati.id}/people`);
    const patiAdminId = (await t.db.selectFrom('users').select('id').where('username', '=', 'admin.pati').executeTakeFirstOrThrow()).id;
    const last = await admin
      .post(`/units/${pati.id}/people/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), user_id: String(patiAdminId), role: 'admin' });
    expect(last.status).toBe(422);
    expect(last.text).toContain('satu-satunya admin');
    const petugasId = (await t.db.selectFrom('users').select('id').where('username', '=', 'petugas').executeTakeFirstOrThrow()).id;
    const revoked = await admin
      .post(`/units/${pati.id}/people/remove`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), user_id: String(petugasId), role: 'petugas' });
    expect(revoked.status).toBe(303);
    expect((await petugas.get('/unit')).text).not.toContain('Lapas Kelas IIB Pati');
  });

  it("a unit's own admin, and every other role, cannot reach the installation's pages", async () => {
    const pati = await unitByCode('LPSPATI');
    await withUnitScope(unitScope(pati.id), () => addUser(t.db, 'admin2.pati', ['admin']));
    const patiAdmin = await login(t.app, 'admin2.pati');
    expect((await patiAdmin.get('/units')).status).toBe(403);
    expect((await patiAdmin.get(`/units/${pati.id}/people`)).status).toBe(403);
    const before = await unitCount();
    const page = await patiAdmin.get('/settings');
    expect(page.text).not.toContain('href="/units"');
    const res = await patiAdmin
      .post('/units')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), kind: 'upt', name: 'Rutan Palsu', code: 'PALSU', active: '1' });
    expect(res.status).toBe(403);
    expect(await unitCount()).toBe(before);
    const petugas = await login(t.app, 'petugas');
    expect((await petugas.get('/units')).status).toBe(403);
  });
});
