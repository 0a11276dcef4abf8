// Two UPT in one installation for the isolation tests (issue 17): Rutan Uji (the test world, unit 1)
// and Lapas Pati with one user per role; what only Rutan Uji's records say, and Rutan Uji's tables
// and files as it sees them, to compare before and after what Lapas Pati's users send.
import { createHash } from 'node:crypto';
import { ROLES, type Role } from '../../src/db/database.ts';
import { unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { nowIso } from '../../src/lib/time.ts';
import type { RouteTableEntry } from '../../src/web/routes.ts';
import { addLocation, addUnit, addUser, login, makeTestApp, TERONG, token, type Agent, type TestApp } from './app.ts';
import { makeWorld, type World } from './fuzz-world.ts';

export interface TwoUnits {
  t: TestApp;
  /** Rutan Uji: the test world, unit 1. */
  w: World;
  /** Lapas Pati's unit id. */
  pati: number;
  patiPlot: number;
  patiTerong: number;
  /** A tablet entry Rutan Uji refused (its month was final), on its admin's list of refused entries. */
  refusedEntry: number;
  /** Lapas Pati's users, one per role (`pati.<role>`). */
  agents: Record<Role, Agent>;
  table: RouteTableEntry[];
}

export async function makeTwoUnits(): Promise<TwoUnits> {
  const t = await makeTestApp();
  const w = await makeWorld(t);
  const now = nowIso();
  const { id: refusedEntry } = await t.db
    .insertInto('refused_entries')
    .values({
      user_id: w.ids.petugas,
      entry_id: token(),
      kind: 'harvest',
      payload: JSON.stringify({ commodity_id: String(TERONG), location_id: String(w.ids.lahan), weight_g: '2,5', note: 'Nama sasaran' }),
      reason: 'Bulan ini sudah final.',
      entered_at: now,
      received_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pati = await addUnit(t.db, { code: 'LPSPATI', name: 'Lapas Kelas IIB Pati' });
  let patiPlot = 0;
  let patiTerong = 0;
  await withUnitScope(unitScope(pati), async () => {
    for (const role of ROLES) await addUser(t.db, `pati.${role}`, [role]);
    patiPlot = await addLocation(t.db, 'Kebun Pati');
    for (const name of ['Terong', 'Cabai']) {
      const { id } = await t.db
        .insertInto('commodities')
        .values({
          name,
          kind: 'sayur',
          unit: 'kg',
          tracks_heads: 0,
          active: 1,
          sort_order: 0,
          created_at: now,
          updated_at: now,
          national_code: null,
          sector: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (name === 'Terong') patiTerong = id;
    }
  });
  const agents = {} as Record<Role, Agent>;
  for (const role of ROLES) agents[role] = await login(t.app, `pati.${role}`);
  return { t, w, refusedEntry, pati, patiPlot, patiTerong, agents, table: t.app.locals.routeTable as RouteTableEntry[] };
}

/** What only Rutan Uji's records say: none of it may reach a page of Lapas Pati. */
export const RUTAN_UJI = [
  'Siti Aminah',
  'Rini Lestari',
  'Ahmad Fauzi',
  'Panti Asuhan Kasih',
  'Bakti Sosial Desember',
  'Lahan A',
  'Nama sasaran',
  'Jl. Pemuda 12, Blora',
];

/**
 * Rutan Uji's words in an answer, but for those the request itself sent (a refusal may repeat what
 * was typed: that is no read of Rutan Uji).
 */
export function leaks(res: { text?: string; body?: unknown }, sent: readonly string[] = []): string[] {
  const body = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('latin1') : '');
  return RUTAN_UJI.filter((s) => body.includes(s) && !sent.some((v) => v.includes(s)));
}

/** The names of the files Rutan Uji's records hold: photos of harvests, handovers and events, logos. */
async function fileNamesOfUji(t: TestApp): Promise<string[]> {
  const names = [
    ...(await t.db.selectFrom('harvests').select('photo_file as name').execute()),
    ...(await t.db.selectFrom('distributions').select('photo_file as name').execute()),
    ...(await t.db.selectFrom('event_photos').select('file as name').execute()),
    ...(await t.db.selectFrom('site_settings').select('logo_file as name').execute()),
  ].flatMap((r) => (r.name ? [r.name] : []));
  return [...new Set(names)].sort();
}

/**
 * Each table's rows as Rutan Uji sees them (the unit scope of the test process is unit 1), and the
 * bytes of each file its records name. stored_files belongs to the whole installation (every unit's
 * uploads on PostgreSQL): Rutan Uji's part of it is the files its records name.
 */
export async function tablesOfUji(t: TestApp): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of await t.db.introspection.getTables()) {
    if (['sessions', 'rate_limits', 'data_version', 'users', 'units', 'stored_files'].includes(table.name)) continue;
    const rows = await t.db
      .selectFrom(table.name as 'harvests')
      .selectAll()
      .execute();
    out.set(
      table.name,
      rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n'),
    );
  }
  const files: string[] = [];
  for (const name of await fileNamesOfUji(t)) {
    const bytes = await t.files.read(name);
    files.push(`${name} ${bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing'}`);
  }
  out.set('files of Rutan Uji', files.join('\n'));
  return out;
}

export function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((k) => a.get(k) !== b.get(k));
}
