// Bad input, property-tested, on the account, user, settings and register forms, login and setup.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PASSWORD, addUser, login, makeTestApp, type TestApp } from '../../support/app.ts';
import { fuzzSuite, type World } from '../../support/fuzz-world.ts';
import { fingerprint } from '../../support/fuzz.ts';
import { fuzzForm } from './forms.ts';

let t: TestApp;
let w: World;
fuzzSuite((app, world) => {
  [t, w] = [app, world];
});

/** A day `n` days after 1 January 2021: each new signatory starts after the one before. */
const dayAfter2021 = (n: number) => new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10);

describe('user and account forms never answer bad input with a 500 or a changed record', () => {
  it('new user', async () => {
    const tally = await fuzzForm(t, w, {
      route: '/users',
      page: '/users/new',
      fill: {
        full_name: 'Sri Wahyuni',
        nip: '19850101 201001 2 003',
        position: 'Petugas Kebun',
        roles: ['petugas', 'staf'],
        password: 'kebun-subur-1',
        password_confirm: 'kebun-subur-1',
      },
      fresh: (n) => ({ fill: { username: `pengguna.${n}` } }),
    });
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('user edit, deactivate, activate, password reset', async () => {
    const page = `/users/${w.ids.target}/edit`;
    await fuzzForm(t, w, { route: '/users/:id', page });
    await fuzzForm(t, w, { route: '/users/:id/deactivate', page: '/users' });
    await fuzzForm(t, w, { route: '/users/:id/activate', page: '/users' });
    await fuzzForm(t, w, {
      route: '/users/:id/password',
      page: `/users/${w.ids.target}/password`,
      fill: { password: 'sementara-1', password_confirm: 'sementara-1' },
    });
  });

  it('own password change', async () => {
    let current = PASSWORD;
    await fuzzForm(t, w, {
      route: '/account/password',
      page: '/account/password',
      agent: w.agents.pimpinan,
      fresh: (n) => ({ fill: { current_password: current, password: `sandi-baru-${n}`, password_confirm: `sandi-baru-${n}` } }),
      onSuccess: (body) => {
        current = body.find(([k]) => k === 'password')![1];
      },
    });
  });

  it('login and logout', async () => {
    // Logout first: the login fuzz's refusals use up this address's 20 failed logins (then a 429).
    await addUser(t.db, 'keluar', ['staf']);
    const loggedIn = () => login(t.app, 'keluar');
    await fuzzForm(t, w, { route: '/logout', page: '/', agent: await loggedIn(), newAgent: loggedIn, runs: 6 });
    await addUser(t.db, 'masuk', ['staf']);
    const anonymous = () => request.agent(t.app);
    await fuzzForm(t, w, {
      route: '/login',
      page: '/login',
      agent: anonymous(),
      newAgent: anonymous,
      fill: { username: 'masuk', password: PASSWORD },
    });
  });
});

describe('settings and register forms never answer bad input with a 500 or a changed record', () => {
  it('letterhead (without a file)', async () => {
    await fuzzForm(t, w, {
      route: '/settings',
      page: '/settings',
      fill: { phone: '(0296) 531000', email: 'rutan.blora@kemenimipas.go.id' },
    });
    await fuzzForm(t, w, { route: '/settings', page: '/settings', multipart: true, fill: { remove_logo: '1' } });
  });

  it('signatory, new and edit', async () => {
    await fuzzForm(t, w, {
      route: '/settings/signatories',
      page: '/settings/signatories/new',
      fill: { position: 'kasubsi_pelayanan', title: 'Kasubsi Pelayanan Tahanan', nip: '198001012005011001' },
      fresh: (n) => ({ fill: { name: `Pejabat ${n}`, valid_from: dayAfter2021(n * 3) } }),
    });
    await fuzzForm(t, w, { route: '/settings/signatories/:id', page: `/settings/signatories/${w.ids.signatory}/edit` });
  });

  it('commodity, location and inmate, new and edit', async () => {
    await fuzzForm(t, w, {
      route: '/commodities',
      page: '/commodities/new',
      fill: { tracks_heads: '1' },
      fresh: (n) => ({ fill: { name: `Kangkung ${n}` } }),
    });
    await fuzzForm(t, w, { route: '/commodities/:id', page: '/commodities/3/edit' });
    await fuzzForm(t, w, {
      route: '/locations',
      page: '/locations/new',
      fill: { area_m2: '1.250', note: 'dekat pos' },
      fresh: (n) => ({ fill: { name: `Lahan ${n}` } }),
    });
    await fuzzForm(t, w, { route: '/locations/:id', page: `/locations/${w.ids.kolam}/edit` });
    await fuzzForm(t, w, {
      route: '/inmates',
      page: '/inmates/new',
      fill: { name: 'Budi Santoso', block: 'A-3' },
      fresh: (n) => ({ fill: { reg_number: `AIII.${n}/2026` } }),
    });
    await fuzzForm(t, w, { route: '/inmates/:id', page: `/inmates/${w.ids.inmate}/edit` });
  });
});

describe('the setup page', () => {
  it('never answers bad input with a 500, and creates the admin once', async () => {
    const fresh = await makeTestApp();
    try {
      const agent = request.agent(fresh.app);
      const valid = {
        unit_name: 'Rutan Kelas IIB Blora',
        unit_code: 'RTNBLORA',
        full_name: 'Admin Rutan',
        password: 'pertama-kali-1',
        password_confirm: 'pertama-kali-1',
        username: 'admin',
      };
      await fuzzForm(fresh, w, { route: '/setup', page: '/setup', agent, baseline: null, fill: valid });
      const users = await fresh.db.selectFrom('users').select('id').execute();
      expect(users.length).toBeLessThanOrEqual(1);
      const before = await fingerprint(fresh);
      const again = await agent
        .post('/setup')
        .type('form')
        .send({ ...valid, username: 'kedua' });
      expect([403, 404]).toContain(again.status);
      expect(await fingerprint(fresh)).toBe(before);
    } finally {
      await fresh.close();
    }
  });
});
