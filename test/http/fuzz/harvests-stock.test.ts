// Bad input, property-tested, on the harvest and stock forms.
import { describe, expect, it } from 'vitest';
import { OUTFLOW_KINDS } from '../../../src/lib/movement-kinds.ts';
import { createHarvest } from '../../../src/features/harvests/harvests.service.ts';
import { recordOutflow } from '../../../src/features/stock/stock.service.ts';
import { TERONG, token, type TestApp } from '../../support/app.ts';
import { fuzzSuite, type World } from '../../support/fuzz-world.ts';
import { fuzzForm } from './forms.ts';

let t: TestApp;
let w: World;
fuzzSuite((app, world) => {
  [t, w] = [app, world];
});

const freshHarvest = async () =>
  (
    await createHarvest(
      t.db,
      {
        commodity_id: TERONG,
        location_id: w.ids.lahan,
        weight_g: 1000,
        heads: null,
        grade: null,
        harvest_date: w.today,
        harvest_time: '00:00',
        workers: [],
        note: null,
        form_token: token(),
      },
      w.ids.all,
    )
  ).id;

const freshOutflow = async () =>
  (
    await recordOutflow(
      t.db,
      {
        kind: 'loss',
        commodity_id: TERONG,
        out_date: w.today,
        qty_g: 100,
        heads: null,
        amount_rp: null,
        party: null,
        note: 'busuk',
        form_token: token(),
      },
      w.ids.all,
    )
  ).id;

describe('harvest and stock forms never answer bad input with a 500 or a changed record', () => {
  it('new harvest', async () => {
    const tally = await fuzzForm(t, w, {
      route: '/harvests',
      page: '/harvests/new',
      fill: {
        commodity_id: String(TERONG),
        location_id: String(w.ids.lahan),
        weight_g: '2,5',
        harvest_time: '00:00',
        workers: ['BI.123/2025 — Ahmad Fauzi'],
      },
    });
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('new harvest, sent as multipart as the browser does', async () => {
    await fuzzForm(t, w, {
      route: '/harvests',
      page: '/harvests/new',
      multipart: true,
      fill: { commodity_id: String(TERONG), location_id: String(w.ids.lahan), weight_g: '2,5', harvest_time: '00:00' },
    });
  });

  it('harvest edit', async () => {
    await fuzzForm(t, w, { route: '/harvests/:id', page: `/harvests/${w.ids.harvest}/edit`, fill: { reason: 'Salah timbang' } });
  });

  it('harvest void', async () => {
    await fuzzForm(t, w, {
      route: '/harvests/:id/void',
      page: `/harvests/${w.ids.harvest}`,
      fill: { reason: 'Dicatat dua kali' },
      fresh: async () => ({ id: await freshHarvest() }),
    });
  });

  // Every outflow kind of the registry, each on its own form.
  for (const kind of OUTFLOW_KINDS) {
    it(`outflow (${kind})`, async () => {
      await fuzzForm(t, w, {
        route: '/stock/outflows',
        page: `/stock/outflows/new?kind=${kind}`,
        fill: { kind, commodity_id: String(TERONG), qty_g: '0,5', amount_rp: '15.000', party: 'Koperasi', note: 'untuk makan siang' },
      });
    });
  }

  it('outflow void', async () => {
    await fuzzForm(t, w, {
      route: '/stock/outflows/:id/void',
      page: `/stock/outflows/${w.ids.outflow}`,
      fill: { reason: 'Salah catat' },
      fresh: async () => ({ id: await freshOutflow() }),
    });
  });

  it('stock count', async () => {
    await fuzzForm(t, w, {
      route: '/stock/counts',
      page: '/stock/counts/new',
      fill: { commodity_id: '3', counted_g: '0', reason: 'Opname bulanan' },
    });
  });
});
