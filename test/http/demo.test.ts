import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DemoRefused, seedDemo } from '../../src/features/demo/demo.service.ts';
import { settingsOn, signatoryOn } from '../../src/features/settings/settings.service.ts';
import { login, makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => (t = await makeTestApp()));
afterAll(() => t.close());

describe('demo data', () => {
  it('creates the four demo users, the Blora letterhead and the change of head on 2025-03-01', async () => {
    await seedDemo(t.db);
    for (const u of ['admin', 'petugas', 'staf', 'pimpinan']) {
      const agent = await login(t.app, u, DEMO_PASSWORD);
      expect((await agent.get('/')).status, u).toBe(200);
    }
    expect((await settingsOn(t.db, '2024-12-24'))?.unit_name).toBe('RUMAH TAHANAN NEGARA KELAS IIB BLORA');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2024-12-24'))?.name).toBe('Budi Hardiono');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-02-28'))?.name).toBe('Budi Hardiono');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-03-01'))?.name).toBe('Sugito');
    expect((await signatoryOn(t.db, 'kepala_rutan', '2025-10-27'))?.name).toBe('Sugito');
  });

  it('refuses a database that already has users', async () => {
    await expect(seedDemo(t.db)).rejects.toBeInstanceOf(DemoRefused);
  });
});
