// An existing database whose balance already went below zero on some dates (written before every
// date was checked): the command and every migration say so, day by day, and change nothing.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { childEnv } from '../support/child-env.ts';
import { addLocation, addUser, CABAI, login, makeTestApp, token, type TestApp } from '../support/app.ts';

let t: TestApp;

function run(script: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: childEnv(t),
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const ledgerRows = async () => (await t.db.selectFrom('stock_movements').selectAll().orderBy('id').execute()).length;

beforeAll(async () => {
  t = await makeTestApp();
  const admin = await addUser(t.db, 'admin', ['admin']);
  await addUser(t.db, 'petugas', ['petugas']);
  const plot = await addLocation(t.db, 'Lahan Blok A');
  const harvest = (date: string, grams: number) =>
    createHarvest(
      t.db,
      {
        commodity_id: CABAI,
        location_id: plot,
        weight_g: grams,
        heads: null,
        grade: null,
        harvest_date: date,
        harvest_time: '07:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      admin,
    );
  await harvest('2024-11-01', 1_200);
  await harvest('2024-11-20', 20_000);
});
afterAll(() => t.close());

describe('npm run check:stock', () => {
  it('says the stock never went below zero on a sound database', () => {
    const r = run('src/cli/check-stock.ts');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tidak pernah di bawah nol');
  });

  it('lists every day below zero, exits 1, and changes nothing; a migration run says the same', async () => {
    // A kitchen outflow of 10 kg on 02-11-2024, as an older Lumbung accepted it.
    const now = new Date().toISOString();
    await t.db
      .insertInto('stock_movements')
      .values({
        commodity_id: CABAI,
        moved_on: '2024-11-02',
        kind: 'kitchen',
        qty_g: -10_000,
        heads: 0,
        harvest_id: null,
        outflow_id: null,
        stock_count_id: null,
        reverses_id: null,
        created_at: now,
        created_by: null,
      })
      .execute();
    await t.db.insertInto('stock_day_totals').values({ commodity_id: CABAI, day: '2024-11-02', qty_g: -10_000, heads: 0 }).execute();
    const before = await ledgerRows();
    const r = run('src/cli/check-stock.ts');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Stok di bawah nol pada 1 hari');
    expect(r.stdout).toContain('02-11-2024  Cabai: stok akhir hari -8,8 kg');
    expect(r.stdout).toContain('Cabai: 1 hari di bawah nol, mulai 02-11-2024');
    expect(await ledgerRows()).toBe(before);
    const m = run('src/cli/migrate.ts');
    expect(m.status).toBe(0);
    expect(m.stderr).toContain('Peringatan: stok beberapa komoditas tercatat di bawah nol pada 1 hari');
    expect(m.stderr).toContain('npm run check:stock');
    expect(await ledgerRows()).toBe(before);
    // The admin sees it on the stock page too (the inserts above committed: the cached stock page
    // was computed again); others do not.
    const page = await (await login(t.app, 'admin')).get('/stock');
    expect(page.text).toContain('Cabai: 1 hari di bawah nol, mulai 02-11-2024, terendah -8,8 kg pada 02-11-2024.');
    expect((await (await login(t.app, 'petugas')).get('/stock')).text).not.toContain('di bawah nol, mulai');
  });
});
