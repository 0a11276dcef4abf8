// Demo aid: recipients, package templates, the seeds' two events (Panen Raya 24-12-2024 and the
// Bakti Sosial of 27-10-2025) and walk-in handovers, all through the services and within stock.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { backdateDistributionsToTheirDate, createBatch, createHandover, voidDistribution } from '../distributions/distributions.service.ts';
import { createEvent } from '../events/events.service.ts';
import { createPackage } from '../packages/packages.service.ts';
import { createRecipient } from '../recipients/recipients.service.ts';
import { stockOf } from '../stock/stock.service.ts';

/** Days on which the farm seeding must harvest everything first, so the event has produce. */
export const EVENT_DAYS = { panenRaya: '2024-12-24', baktiSosial: '2025-10-27' } as const;

const token = () => randomBytes(16).toString('hex');

const FAMILIES = [
  ['Siti Aminah', '3316015708900001', 'BI.123/2025', 'istri', 'Dukuh Krajan', '001/002', 'Karangjati', 'Blora', 4],
  ['Sumiyati', '3316024103650002', 'BI.87/2025', 'ibu', 'Jl. Gatot Subroto 21', '003/001', 'Tempelan', 'Blora', 3],
  ['Rina Hartati', '3316036212940003', 'AIII.45/2026', 'istri', 'Dukuh Sambiroto', '002/003', 'Jepon', 'Jepon', 5],
  ['Suparmi', '3316015005600004', 'BI.201/2024', 'ibu', 'Dukuh Ngampel', '004/002', 'Ngampel', 'Blora', 2],
  ['Dwi Lestari', '3316044708970005', 'BI.56/2025', 'istri', 'Jl. Randublatung 7', '001/005', 'Kunden', 'Blora', 4],
  ['Wagiman', '3316050203580006', 'AIII.12/2025', 'ayah', 'Dukuh Tambakrejo', '002/001', 'Tambahrejo', 'Tunjungan', 3],
  ['Nur Hidayah', '3316016101990007', 'BI.310/2024', 'saudara', 'Jl. Mr. Iskandar 15', '005/002', 'Mlangsen', 'Blora', 6],
  ['Painem', '3316066609620008', 'BII.9/2025', 'ibu', 'Dukuh Jurangjero', '001/001', 'Jiken', 'Jiken', 2],
] as const;

const NEIGHBOURS = [
  ['Karsono', '3316010507710009', 'Jl. Pemuda Gg. 3 No. 4', '002/006', 'Kauman', 'Blora', 5],
  ['Mbah Sarinah', '3316014402450010', 'Jl. Pemuda Gg. 5 No. 1', '002/006', 'Kauman', 'Blora', 1],
  ['Yatini', '3316015210800011', 'Jl. Halmahera 9', '004/003', 'Kedungjenar', 'Blora', 4],
  ['Sukardi', '3316011111660012', 'Jl. Nusantara 2', '001/004', 'Kunden', 'Blora', 3],
] as const;

export interface AidContext {
  families: number[];
  neighbours: number[];
  institutions: number[];
  officerId: number;
  actorId: number;
  handovers: number;
}

export async function prepareAid(db: Db, adminId: number, stafId: number): Promise<AidContext> {
  const actor = { id: adminId, roles: ['admin'] as const };
  const common = { phone: null, note: null, active: 1, confirm_distinct: 0, kk_number: null };
  const families = [];
  for (const [name, nik, reg, relation, address, rt_rw, village, district, household_size] of FAMILIES) {
    families.push(
      await createRecipient(
        db,
        { ...common, category: 'keluarga_wbp', name, nik, inmate: reg, relation, address, rt_rw, village, district, household_size },
        actor,
      ),
    );
  }
  const neighbours = [];
  for (const [name, nik, address, rt_rw, village, district, household_size] of NEIGHBOURS) {
    neighbours.push(
      await createRecipient(
        db,
        { ...common, category: 'masyarakat', name, nik, inmate: null, relation: null, address, rt_rw, village, district, household_size },
        actor,
      ),
    );
  }
  const institutions = [
    await createRecipient(
      db,
      {
        ...common,
        category: 'lembaga',
        name: 'Panti Asuhan Darul Aitam Blora',
        nik: null,
        inmate: null,
        relation: null,
        address: 'Jl. Ahmad Yani 30',
        rt_rw: null,
        village: 'Mlangsen',
        district: 'Blora',
        household_size: null,
      },
      actor,
    ),
    await createRecipient(
      db,
      {
        ...common,
        category: 'lembaga',
        name: 'Posyandu Melati Kauman',
        nik: null,
        inmate: null,
        relation: null,
        address: 'Balai RW 06',
        rt_rw: '001/006',
        village: 'Kauman',
        district: 'Blora',
        household_size: null,
      },
      actor,
    ),
  ];
  await createPackage(
    db,
    {
      name: 'Paket sayur',
      active: 1,
      items: [
        { commodity_id: 1, qty_g: 1000, heads: null, note: null },
        { commodity_id: 2, qty_g: 500, heads: null, note: null },
        { commodity_id: 3, qty_g: 1000, heads: null, note: null },
      ],
    },
    adminId,
  );
  await createPackage(
    db,
    {
      name: 'Paket lengkap',
      active: 1,
      items: [
        { commodity_id: 1, qty_g: 1000, heads: null, note: null },
        { commodity_id: 2, qty_g: 500, heads: null, note: null },
        { commodity_id: 3, qty_g: 1000, heads: null, note: null },
        { commodity_id: 4, qty_g: 1000, heads: 7, note: null },
      ],
    },
    adminId,
  );
  return { families, neighbours, institutions, officerId: stafId, actorId: stafId, handovers: 0 };
}

/** Whether every item fits the stock `times` over. */
async function fits(db: Db, items: Array<{ commodity_id: number; qty_g: number; heads: number | null }>, times: number) {
  for (const i of items) {
    const s = await stockOf(db, i.commodity_id);
    if (s.qty_g < i.qty_g * times || s.heads < (i.heads ?? 0) * times) return false;
  }
  return true;
}

const item = (commodity_id: number, kg: number, heads: number | null = null, note: string | null = null) => ({
  commodity_id,
  qty_g: Math.round(kg * 1000),
  heads,
  note,
});

/** The handovers of one day: the two events on their days, and now and then a walk-in at the visiting room. */
export async function aidOnDay(db: Db, ctx: AidContext, day: string, rnd: () => number): Promise<void> {
  const base = { handed_on: day, officer_id: ctx.officerId, note: null, replaces_id: null, event_id: null };
  if (day === EVENT_DAYS.panenRaya) {
    const event = await createEvent(
      db,
      {
        name: 'Panen Raya Nasional Serentak',
        kind: 'panen_raya',
        event_date: day,
        place: 'Lahan Blok A, Rutan Blora',
        note: 'Bersama Menteri secara daring.',
      },
      ctx.actorId,
    );
    const items = [item(1, 3), item(2, 1), item(3, 3), item(4, 2, 14, 'segar')];
    const who = [ctx.families[0]!, ctx.families[1]!, ctx.neighbours[0]!, ctx.neighbours[1]!];
    await createBatch(
      db,
      event,
      { handed_on: day, officer_id: ctx.officerId, form_token: token(), recipient_ids: who, items },
      ctx.actorId,
    );
    ctx.handovers += who.length;
  }
  if (day === EVENT_DAYS.baktiSosial) {
    const event = await createEvent(
      db,
      {
        name: 'Bakti Sosial untuk Keluarga WBP Kurang Mampu',
        kind: 'bakti_sosial',
        event_date: day,
        place: 'Ruang Kunjungan Rutan Blora',
        note: null,
      },
      ctx.actorId,
    );
    const items = [item(1, 1), item(2, 0.5), item(3, 1)];
    const { ids } = await createBatch(
      db,
      event,
      { handed_on: day, officer_id: ctx.officerId, form_token: token(), recipient_ids: ctx.families, items },
      ctx.actorId,
    );
    // One receipt written for the wrong amount, voided and replaced, as happens at a busy table.
    const wrong = ids[2]!;
    await voidDistribution(db, wrong, 'Jumlah cabai salah tulis; diganti tanda terima baru.', ctx.actorId);
    await createHandover(
      db,
      {
        ...base,
        event_id: event,
        recipient_id: ctx.families[2]!,
        replaces_id: wrong,
        form_token: token(),
        items: [item(1, 1), item(2, 0.25), item(3, 1)],
      },
      ctx.actorId,
    );
    ctx.handovers += ids.length + 1;
  }
  // Visiting days (Tuesday, Thursday): sometimes a family or a neighbour takes a package home.
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if ((weekday === 2 || weekday === 4) && rnd() < 0.35) {
    const pool = rnd() < 0.7 ? ctx.families : rnd() < 0.7 ? ctx.neighbours : ctx.institutions;
    const recipient = pool[Math.floor(rnd() * pool.length)]!;
    const items = [item(1, 1 + Math.round(rnd() * 2)), item(3, 1 + Math.round(rnd() * 2))];
    if (rnd() < 0.4) items.push(item(2, 0.5));
    if (await fits(db, items, 1)) {
      await createHandover(db, { ...base, recipient_id: recipient, form_token: token(), items }, ctx.actorId);
      ctx.handovers++;
    }
  }
}

export async function finishAid(db: Db, ctx: AidContext): Promise<string[]> {
  await backdateDistributionsToTheirDate(db);
  return [
    `penerima: ${ctx.families.length} keluarga WBP, ${ctx.neighbours.length} masyarakat, ${ctx.institutions.length} lembaga`,
    'kegiatan: Panen Raya 24-12-2024, Bakti Sosial 27-10-2025',
    `tanda terima: ${ctx.handovers}`,
  ];
}
