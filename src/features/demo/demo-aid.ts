// Demo aid of one unit: its recipients, package templates, its events with a hand-out and walk-in
// handovers at the visiting room, all through the services and within stock.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { backdateDistributionsToTheirDate, createBatch, createHandover, voidDistribution } from '../distributions/distributions.service.ts';
import { createEvent } from '../events/events.service.ts';
import { createPackage } from '../packages/packages.service.ts';
import { createRecipient } from '../recipients/recipients.service.ts';
import { stockOf } from '../stock/stock.service.ts';
import type { AidEvent, AidPlan } from './demo-plan.ts';

const token = () => randomBytes(16).toString('hex');

/** The unit's commodities a package is made of: two staples, the spice, the fish (none: no ponds). */
export interface AidCommodities {
  staples: readonly [number, number];
  spice: number;
  spiceName: string;
  fish: number | null;
}

export interface AidContext {
  plan: AidPlan;
  c: AidCommodities;
  families: number[];
  neighbours: number[];
  institutions: number[];
  officerId: number;
  actorId: number;
  handovers: number;
}

export async function prepareAid(db: Db, plan: AidPlan, c: AidCommodities, adminId: number, stafId: number): Promise<AidContext> {
  const actor = { id: adminId, roles: ['admin'] as const };
  const common = { phone: null, note: null, active: 1, confirm_distinct: 0, kk_number: null };
  const families = [];
  for (const [name, nik, reg, relation, address, rt_rw, village, district, household_size] of plan.families) {
    families.push(
      await createRecipient(
        db,
        { ...common, category: 'keluarga_wbp', name, nik, inmate: reg, relation, address, rt_rw, village, district, household_size },
        actor,
      ),
    );
  }
  const neighbours = [];
  for (const [name, nik, address, rt_rw, village, district, household_size] of plan.neighbours) {
    neighbours.push(
      await createRecipient(
        db,
        { ...common, category: 'masyarakat', name, nik, inmate: null, relation: null, address, rt_rw, village, district, household_size },
        actor,
      ),
    );
  }
  const institutions = [];
  for (const [name, address, rt_rw, village, district] of plan.institutions) {
    institutions.push(
      await createRecipient(
        db,
        {
          ...common,
          category: 'lembaga',
          name,
          nik: null,
          inmate: null,
          relation: null,
          address,
          rt_rw,
          village,
          district,
          household_size: null,
        },
        actor,
      ),
    );
  }
  const vegetables = [
    { commodity_id: c.staples[0], qty_g: 1000, heads: null, note: null },
    { commodity_id: c.spice, qty_g: 500, heads: null, note: null },
    { commodity_id: c.staples[1], qty_g: 1000, heads: null, note: null },
  ];
  await createPackage(db, { name: 'Paket sayur', active: 1, items: vegetables }, adminId);
  if (c.fish !== null)
    await createPackage(
      db,
      { name: 'Paket lengkap', active: 1, items: [...vegetables, { commodity_id: c.fish, qty_g: 1000, heads: 7, note: null }] },
      adminId,
    );
  return { plan, c, families, neighbours, institutions, officerId: stafId, actorId: stafId, handovers: 0 };
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

async function holdEvent(db: Db, ctx: AidContext, e: AidEvent): Promise<void> {
  const { c } = ctx;
  const day = e.day;
  const event = await createEvent(db, { name: e.name, kind: e.kind, event_date: day, place: e.place, note: e.note }, ctx.actorId);
  if (e.style === 'raya') {
    const items = [item(c.staples[0], 3), item(c.spice, 1), item(c.staples[1], 3)];
    if (c.fish !== null) items.push(item(c.fish, 2, 14, 'segar'));
    const who = [ctx.families[0]!, ctx.families[1]!, ctx.neighbours[0]!, ctx.neighbours[1]!];
    await createBatch(
      db,
      event,
      { handed_on: day, officer_id: ctx.officerId, form_token: token(), recipient_ids: who, items },
      ctx.actorId,
    );
    ctx.handovers += who.length;
    return;
  }
  const items = [item(c.staples[0], 1), item(c.spice, 0.5), item(c.staples[1], 1)];
  const { ids } = await createBatch(
    db,
    event,
    { handed_on: day, officer_id: ctx.officerId, form_token: token(), recipient_ids: ctx.families, items },
    ctx.actorId,
  );
  // One receipt written for the wrong amount, voided and replaced, as happens at a busy table.
  const wrong = ids[2]!;
  await voidDistribution(db, wrong, `Jumlah ${c.spiceName.toLowerCase()} salah tulis; diganti tanda terima baru.`, ctx.actorId);
  await createHandover(
    db,
    {
      handed_on: day,
      officer_id: ctx.officerId,
      note: null,
      event_id: event,
      recipient_id: ctx.families[2]!,
      replaces_id: wrong,
      form_token: token(),
      items: [item(c.staples[0], 1), item(c.spice, 0.25), item(c.staples[1], 1)],
    },
    ctx.actorId,
  );
  ctx.handovers += ids.length + 1;
}

/** The handovers of one day: the unit's events on their days, and now and then a walk-in at the visiting room. */
export async function aidOnDay(db: Db, ctx: AidContext, day: string, rnd: () => number): Promise<void> {
  for (const e of ctx.plan.events) if (e.day === day) await holdEvent(db, ctx, e);
  // Visiting days (Tuesday, Thursday): sometimes a family or a neighbour takes a package home.
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if ((weekday === 2 || weekday === 4) && rnd() < ctx.plan.walkIns) {
    const pool = rnd() < 0.7 ? ctx.families : rnd() < 0.7 ? ctx.neighbours : ctx.institutions;
    const recipient = pool[Math.floor(rnd() * pool.length)]!;
    const items = [item(ctx.c.staples[0], 1 + Math.round(rnd() * 2)), item(ctx.c.staples[1], 1 + Math.round(rnd() * 2))];
    if (rnd() < 0.4) items.push(item(ctx.c.spice, 0.5));
    if (await fits(db, items, 1)) {
      await createHandover(
        db,
        {
          handed_on: day,
          officer_id: ctx.officerId,
          note: null,
          replaces_id: null,
          event_id: null,
          recipient_id: recipient,
          form_token: token(),
          items,
        },
        ctx.actorId,
      );
      ctx.handovers++;
    }
  }
}

const dayMonthYear = (iso: string) => iso.split('-').reverse().join('-');

export async function finishAid(db: Db, ctx: AidContext): Promise<string[]> {
  await backdateDistributionsToTheirDate(db);
  return [
    `penerima: ${ctx.families.length} keluarga WBP, ${ctx.neighbours.length} masyarakat, ${ctx.institutions.length} lembaga`,
    `kegiatan: ${ctx.plan.events.map((e) => `${e.label} ${dayMonthYear(e.day)}`).join(', ')}`,
    `tanda terima: ${ctx.handovers}`,
  ];
}
