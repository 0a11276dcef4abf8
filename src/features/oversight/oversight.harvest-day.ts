// The national harvest day (Panen Raya Serentak): a national head declares a day; every UPT's
// harvests and handovers of that day count for it, read live from the UPT' ledgers (a void takes its
// kilos off again). The board sums them by sector, Kanwil and UPT for the minister's Zoom.
import type { DbOrTrx } from '../../db/connect.ts';
import { unitScope, withUnitScope } from '../../db/unit-scope.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { SECTORS, type Sector } from '../../lib/national-catalogue.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  catalogueOfCommodities,
  dayMovements,
  findHarvestDay,
  findHarvestDayOn,
  harvestDays,
  insertHarvestDay,
} from './oversight.queries.ts';
import type { Area, AreaUnit } from './oversight.service.ts';

type SectorKey = Sector | 'unmapped';
const KEYS: readonly SectorKey[] = [...SECTORS, 'unmapped'];
const zeros = (): Record<SectorKey, number> => ({ pertanian: 0, peternakan: 0, perikanan: 0, unmapped: 0 });

export interface DayLine {
  harvestG: number;
  heads: number;
  bySector: Record<SectorKey, number>;
  handedG: number;
}

export interface DayBoard {
  id: number;
  day: string;
  name: string;
  note: string | null;
  /** When the figures were read. */
  at: string;
  /** The newest movement counted (when the last harvest or handover was saved). */
  lastAt: string | null;
  total: DayLine;
  /** UPT with a harvest saved for the day. */
  reporting: number;
  upts: number;
  byKanwil: Array<DayLine & { id: number | null; name: string; upts: number; reporting: number }>;
  byUnit: Array<DayLine & { unit: AreaUnit }>;
}

const emptyLine = (): DayLine => ({ harvestG: 0, heads: 0, bySector: zeros(), handedG: 0 });
function add(into: DayLine, from: DayLine): void {
  into.harvestG += from.harvestG;
  into.heads += from.heads;
  into.handedG += from.handedG;
  for (const k of KEYS) into.bySector[k] += from.bySector[k];
}

export function listHarvestDays(db: DbOrTrx) {
  return harvestDays(db);
}

/** A national head (a pimpinan of Ditjenpas) declares a day; it is written in Ditjenpas's trail. */
export async function declareHarvestDay(
  db: DbOrTrx,
  area: Area,
  input: { day: string; name: string; note: string | null },
  userId: number,
): Promise<number> {
  if (area.kind !== 'national') throw new ForbiddenError('Hari panen nasional ditetapkan oleh pimpinan Ditjenpas.');
  return withUnitScope(unitScope(area.id), () =>
    db.transaction().execute(async (trx) => {
      if (await findHarvestDayOn(trx, input.day))
        throw new ValidationError({ day: 'Tanggal ini sudah ditetapkan sebagai hari panen nasional.' });
      const id = await insertHarvestDay(trx, { ...input, declared_at: nowIso(), declared_by: userId });
      await recordAudit(trx, { userId, action: 'create', entity: 'harvest_day', entityId: id, after: input });
      return id;
    }),
  );
}

/** The board of a harvest day over an area: live from the UPT' ledgers of that day. */
export async function dayBoard(db: DbOrTrx, area: Area, id: number): Promise<DayBoard> {
  const day = await findHarvestDay(db, id);
  if (!day) throw new NotFoundError('Hari panen nasional tidak ditemukan.');
  const [moves, catalogue] = await withUnitScope(area.scope, () => Promise.all([dayMovements(db, day.day), catalogueOfCommodities(db)]));
  const sectorOf = new Map(
    catalogue.map((c) => [
      `${c.unit_id}:${c.id}`,
      (c.national_code && (SECTORS as readonly string[]).includes(c.sector ?? '') ? c.sector : 'unmapped') as SectorKey,
    ]),
  );
  const lines = new Map(area.upts.map((u) => [u.id, { unit: u, ...emptyLine() }]));
  let lastAt: string | null = null;
  for (const m of moves) {
    const line = lines.get(m.unit_id);
    if (!line) continue;
    const g = Number(m.qty_g);
    if (m.kind === 'harvest') {
      line.harvestG += g;
      line.heads += Number(m.heads);
      line.bySector[sectorOf.get(`${m.unit_id}:${m.commodity_id}`) ?? 'unmapped'] += g;
    } else line.handedG += 0 - g;
    if (m.last_at && (!lastAt || m.last_at > lastAt)) lastAt = m.last_at;
  }
  const byUnit = [...lines.values()];
  const total = emptyLine();
  const kanwils = new Map<number | null, DayBoard['byKanwil'][number]>();
  for (const u of byUnit) {
    add(total, u);
    const k = kanwils.get(u.unit.kanwilId) ?? { id: u.unit.kanwilId, name: u.unit.kanwilName, upts: 0, reporting: 0, ...emptyLine() };
    k.upts++;
    if (u.harvestG > 0) k.reporting++;
    add(k, u);
    kanwils.set(u.unit.kanwilId, k);
  }
  return {
    id: day.id,
    day: day.day,
    name: day.name,
    note: day.note,
    at: nowIso(),
    lastAt,
    total,
    reporting: byUnit.filter((u) => u.harvestG > 0).length,
    upts: byUnit.length,
    byKanwil: [...kanwils.values()].sort((a, b) => b.harvestG - a.harvestG || a.name.localeCompare(b.name, 'id')),
    byUnit: byUnit.sort((a, b) => b.harvestG - a.harvestG || a.unit.name.localeCompare(b.unit.name, 'id')),
  };
}
