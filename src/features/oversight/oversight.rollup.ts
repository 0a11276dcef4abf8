// The Kanwil's and the nation's monthly roll-up, built from the UPT' final reports alone: each final
// snapshot is read once (it never changes), reduced to the figures that add up across units, and
// summed — so a roll-up is the sum of its units' finals to the gram and the rupiah. Drafts of the
// units not final yet are drawn from their records only when asked, and marked KONSEP.
import type { DbOrTrx } from '../../db/connect.ts';
import { readOnlyScope, withUnitScope } from '../../db/unit-scope.ts';
import { RECIPIENT_CATEGORIES, type RecipientCategory } from '../../db/database.ts';
import { OUT_KINDS, currentOutColumns, type OutKind, type ReportOutColumn } from '../../lib/movement-kinds.ts';
import { SECTORS, nationalCommodity, type Sector } from '../../lib/national-catalogue.ts';
import { formatDateTime } from '../../lib/format.ts';
import { nowIso } from '../../lib/time.ts';
import { BrokenSnapshotError, readSnapshotFigures, type SnapshotFigures } from '../reports/reports.read.ts';
import { buildSnapshot } from '../reports/reports.snapshot.ts';
import { catalogueOfCommodities, snapshotsOf } from './oversight.queries.ts';
import { reportingRate, type Area, type AreaUnit, type ReportingRate, type ReportState } from './oversight.service.ts';

/** One commodity's harvest in a unit's report. */
export interface ProducedLine {
  commodityId: number;
  name: string;
  tracksHeads: boolean;
  /** Frozen with the report (undefined: a report older than the catalogue; today's mapping is used). */
  code?: string | null;
  sector?: string | null;
  qtyG: number;
  heads: number;
  count: number;
}

/** What of a unit's report adds up across units. */
export interface UnitFigures {
  production: ProducedLine[];
  /** Grams out of stock by kind, over all commodities. */
  use: Record<OutKind, number>;
  salesRp: number;
  receipts: number;
  households: number;
  categories: Record<RecipientCategory, { recipients: number; handovers: number; households: number; people: number }>;
}

export function figuresOf(s: SnapshotFigures): UnitFigures {
  const frozen = new Map(s.commodities.map((c) => [c.id, c]));
  const use = Object.fromEntries(OUT_KINDS.map((k) => [k, 0])) as Record<OutKind, number>;
  for (const row of s.balance) for (const k of OUT_KINDS) use[k] += row[k] ?? 0;
  const categories = Object.fromEntries(
    RECIPIENT_CATEGORIES.map((c) => [c, { recipients: 0, handovers: 0, households: 0, people: 0 }]),
  ) as UnitFigures['categories'];
  for (const c of s.categories) {
    const into = categories[c.category];
    into.recipients += c.recipients;
    into.handovers += c.handovers;
    into.households += c.households;
    into.people += c.people;
  }
  return {
    production: s.production
      .filter((p) => p.qtyG || p.heads || p.count)
      .map((p) => {
        const c = frozen.get(p.commodityId);
        return {
          commodityId: p.commodityId,
          name: p.name,
          tracksHeads: p.tracksHeads,
          ...(c && 'code' in c ? { code: c.code ?? null, sector: c.sector ?? null } : {}),
          qtyG: p.qtyG,
          heads: p.heads,
          count: p.count,
        };
      }),
    use,
    salesRp: s.salesRp,
    receipts: s.receipts.valid,
    households: s.households,
    categories,
  };
}

/**
 * The figures of final reports, by record id: each read on every roll-up (a lean parse, ~0.1 ms a
 * report), never kept — a restored database may give a record id other contents.
 */
async function figuresOfFinals(db: DbOrTrx, month: string, ids: number[]): Promise<Map<number, UnitFigures>> {
  const out = new Map<number, UnitFigures>();
  for (let i = 0; i < ids.length; i += 200) {
    for (const r of await snapshotsOf(db, ids.slice(i, i + 200))) {
      try {
        out.set(r.id, figuresOf(readSnapshotFigures(r.snapshot_json, month)));
      } catch (err) {
        // A stored report that cannot be read is left out and said so, never a failed roll-up.
        if (!(err instanceof BrokenSnapshotError)) throw err;
      }
    }
  }
  return out;
}

/** A row of the roll-up: a unit, and its figures when it has a final report (or a draft, when asked). */
export interface RollupRow {
  unit: AreaUnit;
  state: ReportState;
  /** Drawn from today's records (the unit is not final): KONSEP. */
  draft: boolean;
  /** Final, but its stored report cannot be read: not counted. */
  unreadable: boolean;
  figures: UnitFigures | null;
  /** Harvest by sector (null key: not mapped to the catalogue), grams. */
  bySector: Record<Sector | 'unmapped', number>;
  harvestG: number;
}

export interface CommodityTotal {
  /** The catalogue's code, or null for a unit's commodity not mapped yet. */
  code: string | null;
  name: string;
  sector: Sector | null;
  tracksHeads: boolean;
  qtyG: number;
  heads: number;
  count: number;
  units: number;
}

export interface Rollup {
  area: Area;
  month: string;
  at: string;
  rate: ReportingRate;
  /** Whether drafts of the units not final were asked for. */
  withDrafts: boolean;
  rows: RollupRow[];
  /** Units in the sums: final ones, and drafts when asked. */
  counted: number;
  drafts: number;
  outColumns: ReportOutColumn[];
  total: Omit<RollupRow, 'unit' | 'state' | 'draft' | 'unreadable' | 'figures'> & { figures: UnitFigures };
  byCommodity: CommodityTotal[];
  byKanwil: Array<{
    id: number | null;
    name: string;
    upts: number;
    final: number;
    harvestG: number;
    bySector: Record<Sector | 'unmapped', number>;
    aidG: number;
    salesRp: number;
    receipts: number;
    households: number;
  }>;
  /** "data per 1 Desember 2026 08.15, 412 dari 527 UPT final" */
  stamp: string;
}

const emptySectors = (): Record<Sector | 'unmapped', number> => ({ pertanian: 0, peternakan: 0, perikanan: 0, unmapped: 0 });

export function emptyFigures(): UnitFigures {
  return {
    production: [],
    use: Object.fromEntries(OUT_KINDS.map((k) => [k, 0])) as Record<OutKind, number>,
    salesRp: 0,
    receipts: 0,
    households: 0,
    categories: Object.fromEntries(
      RECIPIENT_CATEGORIES.map((c) => [c, { recipients: 0, handovers: 0, households: 0, people: 0 }]),
    ) as UnitFigures['categories'],
  };
}

/** Adds `b` into `a` (production lines are concatenated: they are grouped by commodity later). */
export function addFigures(a: UnitFigures, b: UnitFigures): void {
  a.production.push(...b.production);
  for (const k of OUT_KINDS) a.use[k] += b.use[k];
  a.salesRp += b.salesRp;
  a.receipts += b.receipts;
  a.households += b.households;
  for (const c of RECIPIENT_CATEGORIES) {
    const x = a.categories[c];
    const y = b.categories[c];
    x.recipients += y.recipients;
    x.handovers += y.handovers;
    x.households += y.households;
    x.people += y.people;
  }
}

const isSector = (s: unknown): s is Sector => (SECTORS as readonly unknown[]).includes(s);

/** The roll-up of a month over an area. */
export async function rollupOf(db: DbOrTrx, area: Area, month: string, opts: { withDrafts: boolean }): Promise<Rollup> {
  const rate = await reportingRate(db, area, month);
  const isFinal = (s: ReportState) => s === 'final' || s === 'accepted';
  const finalIds = rate.units.filter((u) => isFinal(u.state) && u.reportId !== null).map((u) => u.reportId!);
  const [finals, catalogue] = await withUnitScope(area.scope, () =>
    Promise.all([figuresOfFinals(db, month, finalIds), catalogueOfCommodities(db)]),
  );
  // Today's mapping of each unit's commodity, for reports frozen before the catalogue.
  const today = new Map(catalogue.map((c) => [`${c.unit_id}:${c.id}`, c]));

  const rows: RollupRow[] = [];
  for (const u of rate.units) {
    let figures: UnitFigures | null = null;
    let draft = false;
    if (isFinal(u.state)) figures = finals.get(u.reportId!) ?? null;
    else if (opts.withDrafts) {
      // Drawn in the unit's own read-only scope, as its draft report page draws it.
      const snap = await withUnitScope(readOnlyScope([u.unit.id]), () =>
        buildSnapshot(db, month, { status: 'draft', generatedAt: nowIso(), generatedById: null, readFromAbove: true }),
      );
      figures = figuresOf(snap);
      draft = true;
    }
    const bySector = emptySectors();
    let harvestG = 0;
    if (figures) {
      // Mapped on a copy: the cached figures keep what the report froze (or nothing, for an old one).
      const production = figures.production.map((p) => {
        const now = today.get(`${u.unit.id}:${p.commodityId}`);
        const code = p.code !== undefined ? p.code : (now?.national_code ?? null);
        const sector = p.code !== undefined ? p.sector : now?.sector;
        const line = { ...p, code, sector: code && isSector(sector) ? sector : null };
        bySector[line.sector ?? 'unmapped'] += line.qtyG;
        harvestG += line.qtyG;
        return line;
      });
      figures = { ...figures, production };
    }
    rows.push({ unit: u.unit, state: u.state, draft, unreadable: isFinal(u.state) && !figures, figures, bySector, harvestG });
  }

  const total = { figures: emptyFigures(), bySector: emptySectors(), harvestG: 0 };
  const commodities = new Map<string, CommodityTotal & { unitIds: Set<number> }>();
  for (const r of rows) {
    if (!r.figures) continue;
    addFigures(total.figures, r.figures);
    for (const s of [...SECTORS, 'unmapped'] as const) total.bySector[s] += r.bySector[s];
    total.harvestG += r.harvestG;
    for (const p of r.figures.production) {
      const key = p.code ?? `?${p.name.trim().toLowerCase()}`;
      const known = p.code ? nationalCommodity(p.code) : null;
      const line = commodities.get(key) ?? {
        code: p.code ?? null,
        name: known?.name ?? p.name,
        sector: (p.sector as Sector | null) ?? null,
        tracksHeads: p.tracksHeads,
        qtyG: 0,
        heads: 0,
        count: 0,
        units: 0,
        unitIds: new Set<number>(),
      };
      line.qtyG += p.qtyG;
      line.heads += p.heads;
      line.count += p.count;
      line.unitIds.add(r.unit.id);
      line.units = line.unitIds.size;
      commodities.set(key, line);
    }
  }
  const sectorOrder = (s: Sector | null) => (s === null ? SECTORS.length : SECTORS.indexOf(s));
  const byCommodity = [...commodities.values()]
    .map(({ unitIds: _ids, ...c }) => c)
    .sort((a, b) => sectorOrder(a.sector) - sectorOrder(b.sector) || b.qtyG - a.qtyG || a.name.localeCompare(b.name, 'id'));

  const kanwils = new Map<number | null, Rollup['byKanwil'][number]>();
  for (const r of rows) {
    const k = kanwils.get(r.unit.kanwilId) ?? {
      id: r.unit.kanwilId,
      name: r.unit.kanwilName,
      upts: 0,
      final: 0,
      harvestG: 0,
      bySector: emptySectors(),
      aidG: 0,
      salesRp: 0,
      receipts: 0,
      households: 0,
    };
    k.upts++;
    if (isFinal(r.state)) k.final++;
    if (r.figures) {
      k.harvestG += r.harvestG;
      for (const s of [...SECTORS, 'unmapped'] as const) k.bySector[s] += r.bySector[s];
      k.aidG += r.figures.use.distribution;
      k.salesRp += r.figures.salesRp;
      k.receipts += r.figures.receipts;
      k.households += r.figures.households;
    }
    kanwils.set(r.unit.kanwilId, k);
  }

  const counted = rows.filter((r) => r.figures).length;
  const drafts = rows.filter((r) => r.draft).length;
  return {
    area,
    month,
    at: rate.at,
    rate,
    withDrafts: opts.withDrafts,
    rows,
    counted,
    drafts,
    outColumns: currentOutColumns(),
    total,
    byCommodity,
    byKanwil: [...kanwils.values()],
    stamp: stampOf(rate, drafts),
  };
}

function stampOf(rate: ReportingRate, drafts: number): string {
  return `data per ${formatDateTime(rate.at)}, ${rate.counts.final} dari ${rate.counts.total} UPT final${drafts ? `, ${drafts} UPT dari konsep (KONSEP)` : ''}`;
}
