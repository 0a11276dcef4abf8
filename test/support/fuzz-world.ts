// A small, complete world for the bad-input and escaping tests: every kind of record once, a few
// of them voided or inactive, stock to hand out, and one user per role plus one holding them all.
import { createHandover, voidDistribution } from '../../src/features/distributions/distributions.service.ts';
import { createEvent } from '../../src/features/events/events.service.ts';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { createPackage } from '../../src/features/packages/packages.service.ts';
import { addSignatory, saveSettings } from '../../src/features/settings/settings.service.ts';
import { recordOutflow } from '../../src/features/stock/stock.service.ts';
import { ROLES } from '../../src/db/database.ts';
import { wibDate } from '../../src/lib/time.ts';
import { afterAll, beforeAll, vi } from 'vitest';
import {
  CABAI,
  LELE,
  TERONG,
  addInmate,
  addLocation,
  addRecipient,
  addUser,
  login,
  makeTestApp,
  token,
  type Agent,
  type TestApp,
} from './app.ts';

export const LETTERHEAD = {
  unit_name: 'RUMAH TAHANAN NEGARA KELAS IIB BLORA',
  unit_code: 'RTNBLORA',
  ministry_line: 'KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN',
  kanwil_line: 'KANWIL JAWA TENGAH',
  address: 'Jl. Pemuda 12, Blora',
  city: 'Blora',
  phone: null,
  email: null,
  paper_size: 'a4' as const,
  receipts_per_page: 1,
};

/** The Blora letterhead in force since 2020, with Sugito as the head signing: what receipts and reports need. */
export async function setUpLetterhead(t: TestApp, adminId: number, title = 'Kepala Rutan Kelas IIB Blora'): Promise<number> {
  await saveSettings(t.db, t.files, LETTERHEAD, { logo: null, removeLogo: false, effectiveFrom: '2020-01-01' }, adminId);
  return addSignatory(
    t.db,
    { position: 'kepala_rutan', title, name: 'Sugito', nip: '197505052000031002', valid_from: '2020-01-01', valid_to: null },
    adminId,
  );
}

export interface World {
  today: string;
  /** A user holding every role: reaches every page and every form. */
  all: Agent;
  agents: Record<(typeof ROLES)[number], Agent>;
  ids: {
    all: number;
    admin: number;
    petugas: number;
    staf: number;
    pimpinan: number;
    target: number;
    lahan: number;
    kolam: number;
    inmate: number;
    harvest: number;
    recipient: number;
    family: number;
    institution: number;
    event: number;
    package: number;
    distribution: number;
    voided: number;
    outflow: number;
    signatory: number;
  };
}

export async function makeWorld(t: TestApp): Promise<World> {
  const today = wibDate();
  const lastYear = `${Number(today.slice(0, 4)) - 1}-12-01`;
  const userIds = {} as Record<(typeof ROLES)[number], number>;
  for (const role of ROLES) userIds[role] = await addUser(t.db, role, [role]);
  const allId = await addUser(t.db, 'semua', [...ROLES]);
  const target = await addUser(t.db, 'sasaran', ['petugas']);
  const admin = userIds.admin;
  const signatory = await setUpLetterhead(t, admin, 'Kepala Rutan');
  const lahan = await addLocation(t.db, 'Lahan A');
  const kolam = await addLocation(t.db, 'Kolam 1', 'kolam');
  const inmate = await addInmate(t.db, 'Ahmad Fauzi', 'BI.123/2025');
  const harvest = async (commodity: number, grams: number, heads: number | null, location: number) =>
    (
      await createHarvest(
        t.db,
        {
          commodity_id: commodity,
          location_id: location,
          weight_g: grams,
          heads,
          grade: null,
          harvest_date: lastYear,
          harvest_time: '07:00',
          workers: [],
          note: null,
          form_token: token(),
        },
        admin,
      )
    ).id;
  const harvestId = await harvest(TERONG, 500_000, null, lahan);
  await harvest(CABAI, 100_000, null, lahan);
  await harvest(LELE, 200_000, 2000, kolam);
  const outflow = (
    await recordOutflow(
      t.db,
      {
        kind: 'kitchen',
        commodity_id: TERONG,
        out_date: today,
        qty_g: 1000,
        heads: null,
        amount_rp: null,
        party: null,
        note: null,
        form_token: token(),
      },
      userIds.petugas,
    )
  ).id;
  const recipient = await addRecipient(t.db, { name: 'Siti Aminah' });
  const family = await addRecipient(t.db, {
    category: 'keluarga_wbp',
    name: 'Rini Lestari',
    nik: '3316016001850002',
    inmate_id: inmate,
    relation: 'istri',
    address: 'Jl. Mawar 1',
  });
  const institution = await addRecipient(t.db, {
    category: 'lembaga',
    name: 'Panti Asuhan Kasih',
    nik: null,
    address: 'Jl. Kenanga 5',
    household_size: null,
  });
  const event = await createEvent(
    t.db,
    { name: 'Bakti Sosial Desember', kind: 'bakti_sosial', event_date: today, place: 'Aula Rutan', note: null },
    admin,
  );
  const pkg = await createPackage(
    t.db,
    {
      name: 'Paket sayur',
      active: 1,
      items: [
        { commodity_id: TERONG, qty_g: 1000, heads: null, note: null },
        { commodity_id: CABAI, qty_g: 500, heads: null, note: null },
      ],
    },
    admin,
  );
  const handover = async (recipientId: number) =>
    (
      await createHandover(
        t.db,
        {
          handed_on: today,
          officer_id: userIds.staf,
          form_token: token(),
          recipient_id: recipientId,
          event_id: event,
          note: null,
          replaces_id: null,
          items: [{ commodity_id: TERONG, qty_g: 1000, heads: null, note: null }],
        },
        userIds.staf,
      )
    ).id;
  const distribution = await handover(recipient);
  const voided = await handover(family);
  await voidDistribution(t.db, voided, 'Salah ketik', userIds.staf);
  const agents = {} as World['agents'];
  for (const role of ROLES) agents[role] = await login(t.app, role);
  return {
    today,
    all: await login(t.app, 'semua'),
    agents,
    ids: {
      all: allId,
      ...userIds,
      target,
      lahan,
      kolam,
      inmate,
      harvest: harvestId,
      recipient,
      family,
      institution,
      event,
      package: pkg,
      distribution,
      voided,
      outflow,
      signatory,
    },
  };
}

/**
 * A route path with its parameters filled for this world: each `:name` gets the id of a record
 * of that kind (a path with no such record gets 1, which exists in most tables).
 */
export function concretePath(routePath: string, w: World, logo = 'logo-000000000000000000000000.png'): string {
  const base = routePath.split('/')[1] ?? '';
  const idFor: Record<string, number> = {
    users: w.ids.target,
    settings: w.ids.signatory,
    commodities: TERONG,
    locations: w.ids.lahan,
    inmates: w.ids.inmate,
    harvests: w.ids.harvest,
    stock: w.ids.outflow,
    recipients: w.ids.recipient,
    distributions: w.ids.distribution,
    events: w.ids.event,
    packages: w.ids.package,
  };
  return routePath.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'id') return String(idFor[base] ?? 1);
    if (name === 'name') return logo;
    if (name === 'token') return 'a'.repeat(32);
    if (name === 'format') return 'csv';
    if (name === 'month') return w.today.slice(0, 7);
    return '1';
  });
}

/**
 * A property-test file's app and world, made once for the file (with the longer time properties
 * need); `ready` gets them once both exist, and the app is closed after the file.
 */
export function fuzzSuite(ready: (t: TestApp, w: World) => void | Promise<void>): void {
  vi.setConfig({ testTimeout: 120_000 });
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await makeTestApp();
    await ready(app, await makeWorld(app));
  });
  afterAll(() => app?.close());
}
