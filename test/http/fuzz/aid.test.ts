// Bad input, property-tested, on the recipient, handover, print, event and package forms.
import { describe, expect, it } from 'vitest';
import { createHandover } from '../../../src/features/distributions/distributions.service.ts';
import { TERONG, addRecipient, token, type TestApp } from '../../support/app.ts';
import { fuzzSuite, type World } from '../../support/fuzz-world.ts';
import { validNik } from '../../support/fuzz.ts';
import { fuzzForm } from './forms.ts';

let t: TestApp;
let w: World;
fuzzSuite((app, world) => {
  [t, w] = [app, world];
});

const freshHandover = async () =>
  (
    await createHandover(
      t.db,
      {
        handed_on: w.today,
        officer_id: w.ids.staf,
        form_token: token(),
        recipient_id: w.ids.recipient,
        event_id: null,
        note: null,
        replaces_id: null,
        items: [{ commodity_id: TERONG, qty_g: 100, heads: null, note: null }],
      },
      w.ids.staf,
    )
  ).id;

describe('aid forms never answer bad input with a 500 or a changed record', () => {
  it('new recipient', async () => {
    const tally = await fuzzForm(t, w, {
      route: '/recipients',
      page: '/recipients/new',
      fill: {
        category: 'masyarakat',
        address: 'Jl. Melati 9',
        village: 'Karangjati',
        district: 'Blora',
        household_size: '3',
        rt_rw: '1/2',
        phone: '081234567890',
      },
      fresh: (n) => ({ fill: { name: `Warga ${n}`, nik: validNik(1000 + n) } }),
    });
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('recipient edit, by an admin and by staf', async () => {
    await fuzzForm(t, w, { route: '/recipients/:id', page: `/recipients/${w.ids.family}/edit` });
    await fuzzForm(t, w, { route: '/recipients/:id', page: `/recipients/${w.ids.recipient}/edit`, agent: w.agents.staf });
  });

  it('recipient search', async () => {
    await fuzzForm(t, w, { route: '/recipients/search', page: '/recipients', fill: { q: 'Siti' } });
  });

  it('single handover', async () => {
    await fuzzForm(t, w, {
      route: '/distributions',
      page: `/distributions/new?recipient=${w.ids.institution}`,
      fill: { qty_1: '0,1', qty_4: '0,2', heads_4: '1' },
    });
  });

  it('single handover, sent as multipart as the browser does', async () => {
    await fuzzForm(t, w, {
      route: '/distributions',
      page: `/distributions/new?recipient=${w.ids.institution}`,
      multipart: true,
      fill: { qty_1: '0,1' },
    });
  });

  it('receipt void', async () => {
    await fuzzForm(t, w, {
      route: '/distributions/:id/void',
      page: `/distributions/${w.ids.distribution}`,
      fill: { reason: 'Salah penerima' },
      fresh: async () => ({ id: await freshHandover() }),
    });
  });

  it('receipt print, one and all of an event', async () => {
    await fuzzForm(t, w, { route: '/distributions/:id/print', page: `/distributions/${w.ids.distribution}` });
    await fuzzForm(t, w, { route: '/events/:id/receipts/print', page: `/events/${w.ids.event}` });
  });

  it('batch at an event', async () => {
    await fuzzForm(t, w, {
      route: '/events/:id/batch',
      page: `/events/${w.ids.event}/batch`,
      fill: { qty_1: '0,1' },
      fresh: async (n) => ({
        fill: { recipient_ids: [String(await addRecipient(t.db, { name: `Batch ${n}`, nik: validNik(5000 + n) }))] },
      }),
    });
  });

  it('event, new and edit', async () => {
    await fuzzForm(t, w, {
      route: '/events',
      page: '/events/new',
      fill: { kind: 'panen_raya', place: 'Lapangan' },
      fresh: (n) => ({ fill: { name: `Panen Raya ${n}` } }),
    });
    await fuzzForm(t, w, { route: '/events/:id', page: `/events/${w.ids.event}/edit` });
  });

  it('event photo without a file', async () => {
    await fuzzForm(t, w, { route: '/events/:id/photos', page: `/events/${w.ids.event}`, baseline: 422 });
    await fuzzForm(t, w, { route: '/events/:id/photos', page: `/events/${w.ids.event}`, baseline: 422, multipart: true });
  });

  it('package, new and edit', async () => {
    await fuzzForm(t, w, {
      route: '/packages',
      page: '/packages/new',
      fill: { qty_1: '1', qty_4: '1', heads_4: '5' },
      fresh: (n) => ({ fill: { name: `Paket ${n}` } }),
    });
    await fuzzForm(t, w, { route: '/packages/:id', page: `/packages/${w.ids.package}/edit` });
  });
});
