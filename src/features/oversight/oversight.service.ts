// The view from above (issue 18): a Kanwil or Ditjenpas pimpinan's area — the UPT under it — and,
// for a month, which of them have a final report, on time, accepted or returned, and which are
// missing. Figures come from the UPT' own records, read in the area's read-only scope.
import type { DbOrTrx } from '../../db/connect.ts';
import { EVERY_UNIT_READ_ONLY, readOnlyScope, unitScope, withUnitScope, type UnitScope } from '../../db/unit-scope.ts';
import { ForbiddenError, ValidationError } from '../../lib/errors.ts';
import { formatDate, formatMonth, formatNumber } from '../../lib/format.ts';
import { nowIso, shiftMonth, wibDate } from '../../lib/time.ts';
import type { SessionUser } from '../../lib/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { allUnitsFlat, rootUnit, setReportDeadlineDay } from '../units/units.service.ts';
import { reportRecordsOf } from './oversight.queries.ts';

/** The day of the next month a month's report is due when the installation sets none. */
export const DEFAULT_DEADLINE_DAY = 10;

export interface AreaUnit {
  id: number;
  code: string;
  name: string;
  /** The Kanwil the UPT is under (null: a UPT placed directly under Ditjenpas or on its own). */
  kanwilId: number | null;
  kanwilName: string;
}

export interface Area {
  id: number;
  name: string;
  kind: 'national' | 'kanwil';
  /** The installation's root: its deadline day is the installation's. */
  isRoot: boolean;
  /** Active UPT below, by Kanwil then name. */
  upts: AreaUnit[];
  kanwils: Array<{ id: number; name: string }>;
  /** The area's read-only scope over its UPT. */
  scope: UnitScope;
}

/** The area asked for (`wanted`) when the user oversees it, else the user's first (highest) one. */
export async function areaFor(db: DbOrTrx, user: SessionUser, wanted?: number | null): Promise<Area> {
  const id = wanted && user.areas.includes(wanted) ? wanted : user.areas[0];
  if (id === undefined) throw new ForbiddenError('Halaman ini untuk pimpinan Kanwil atau Ditjenpas.');
  return areaOf(db, id);
}

/** An area over the unit tree (read over the whole installation: the tree decides the scope). */
export async function areaOf(db: DbOrTrx, id: number): Promise<Area> {
  const [tree, root] = await Promise.all([allUnitsFlat(db), rootUnit(db)]);
  const top = tree.find((u) => u.id === id);
  if (!top || top.kind === 'upt') throw new ForbiddenError('Unit itu bukan Kanwil atau Ditjenpas.');
  const children = new Map<number, typeof tree>();
  for (const u of tree) if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  const upts: AreaUnit[] = [];
  const kanwils: Area['kanwils'] = [];
  const walk = (unitId: number, kanwil: { id: number; name: string } | null) => {
    for (const u of children.get(unitId) ?? []) {
      if (u.active !== 1) continue;
      if (u.kind === 'kanwil') {
        kanwils.push({ id: u.id, name: u.name });
        walk(u.id, { id: u.id, name: u.name });
      } else if (u.kind === 'upt') {
        upts.push({ id: u.id, code: u.code, name: u.name, kanwilId: kanwil?.id ?? null, kanwilName: kanwil?.name ?? '—' });
        walk(u.id, kanwil);
      } else walk(u.id, kanwil);
    }
  };
  walk(top.id, top.kind === 'kanwil' ? { id: top.id, name: top.name } : null);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'id');
  kanwils.sort(byName);
  upts.sort((a, b) => a.kanwilName.localeCompare(b.kanwilName, 'id') || byName(a, b));
  return {
    id: top.id,
    name: top.name,
    kind: top.kind,
    isRoot: top.id === root?.id,
    upts,
    kanwils,
    // The nation reads every unit: no list of 500 ids to test on every row (and in RLS).
    scope: top.kind === 'national' && top.id === root?.id ? EVERY_UNIT_READ_ONLY : readOnlyScope(upts.map((u) => u.id)),
  };
}

/** The areas a user oversees, for the picker. */
export async function areaChoices(db: DbOrTrx, user: SessionUser) {
  const tree = await allUnitsFlat(db);
  return user.areas.map((id) => ({ id, name: tree.find((u) => u.id === id)?.name ?? `#${id}` }));
}

/** The day of the next month a month's report is due, set on the installation's root unit. */
export async function deadlineDay(db: DbOrTrx): Promise<number> {
  return (await rootUnit(db))?.report_deadline_day ?? DEFAULT_DEADLINE_DAY;
}

/** A month's due date: that day of the next month ("2026-10" with 10 → "2026-11-10"). */
export function dueDate(month: string, day: number): string {
  return `${shiftMonth(month, 1)}-${String(day).padStart(2, '0')}`;
}

/** Sets the deadline day for the whole installation (a pimpinan of its root), audited in the root unit. */
export async function setDeadlineDay(db: DbOrTrx, area: Area, day: number, userId: number): Promise<void> {
  if (!area.isRoot) throw new ForbiddenError('Batas waktu laporan ditetapkan oleh pimpinan di puncak instalasi (Ditjenpas).');
  if (!Number.isInteger(day) || day < 1 || day > 28)
    throw new ValidationError({ day: 'Isi tanggal 1 sampai 28: setiap bulan memilikinya.' });
  const before = await deadlineDay(db);
  await withUnitScope(unitScope(area.id), () =>
    db.transaction().execute(async (trx) => {
      await setReportDeadlineDay(trx, area.id, day);
      await recordAudit(trx, {
        userId,
        action: 'update',
        entity: 'report_deadline',
        entityId: area.id,
        before: { day: before },
        after: { day },
      });
    }),
  );
}

/** Where a UPT's report of a month stands. */
export type ReportState = 'accepted' | 'final' | 'returned' | 'missing';

export const STATE_LABELS: Record<ReportState, string> = {
  accepted: 'Diterima',
  final: 'Final, menunggu pemeriksaan',
  returned: 'Dikembalikan',
  missing: 'Belum final',
};

export interface UnitReport {
  unit: AreaUnit;
  state: ReportState;
  /** The record the state is read from (the final one, or the returned one), null when none. */
  reportId: number | null;
  /** When the month was first finalised (a report returned and finalised again keeps its first date). */
  firstFinalisedAt: string | null;
  finalisedAt: string | null;
  /** First finalised by the due date; null when never finalised. */
  onTime: boolean | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  /** Brought in as a signed file from the UPT's own installation. */
  imported: boolean;
  /** Reopened by the UPT itself (not returned): being corrected. */
  reopened: boolean;
}

export interface RateCounts {
  total: number;
  final: number;
  onTime: number;
  accepted: number;
  returned: number;
  missing: number;
  imported: number;
}

function countsOf(units: UnitReport[]): RateCounts {
  const count = (f: (u: UnitReport) => boolean) => units.filter(f).length;
  const isFinal = (u: UnitReport) => u.state === 'final' || u.state === 'accepted';
  return {
    total: units.length,
    final: count(isFinal),
    onTime: count((u) => isFinal(u) && u.onTime === true),
    accepted: count((u) => u.state === 'accepted'),
    returned: count((u) => u.state === 'returned'),
    missing: count((u) => u.state === 'missing'),
    imported: count((u) => isFinal(u) && u.imported),
  };
}

export interface ReportingRate {
  month: string;
  due: string;
  /** When the figures were read. */
  at: string;
  units: UnitReport[];
  counts: RateCounts;
  /** The same counts per Kanwil (a national area's table). */
  byKanwil: Array<{ id: number | null; name: string; counts: RateCounts }>;
  /** "412 dari 527 UPT final untuk Oktober 2026, 380 tepat waktu" */
  sentence: string;
}

/**
 * The reporting rate of a month over an area. A UPT counts as final when its month has a final
 * report the Kanwil has not returned (accepted, or waiting to be checked); returned when the Kanwil
 * sent it back and no new final came since; missing otherwise. On time: first finalised by the due
 * date (a correction asked by the Kanwil does not make a report late).
 */
export async function reportingRate(db: DbOrTrx, area: Area, month: string): Promise<ReportingRate> {
  const [records, day] = await Promise.all([withUnitScope(area.scope, () => reportRecordsOf(db, month)), deadlineDay(db)]);
  const due = dueDate(month, day);
  const byUnit = new Map<number, typeof records>();
  for (const r of records) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r]);
  const units = area.upts.map((unit): UnitReport => {
    const rows = byUnit.get(unit.id) ?? [];
    const final = rows.find((r) => r.status === 'final') ?? null;
    const latest = rows.at(-1) ?? null;
    const first = rows[0]?.finalised_at ?? null;
    const state: ReportState = final
      ? final.review === 'accepted'
        ? 'accepted'
        : final.review === 'returned'
          ? 'returned'
          : 'final'
      : latest?.review === 'returned'
        ? 'returned'
        : 'missing';
    const shown = final ?? latest;
    return {
      unit,
      state,
      reportId: shown?.id ?? null,
      firstFinalisedAt: first,
      finalisedAt: final?.finalised_at ?? null,
      onTime: first ? wibDate(new Date(first)) <= due : null,
      reviewedAt: shown?.reviewed_at ?? null,
      reviewReason: shown?.review_reason ?? null,
      imported: final?.source === 'import',
      reopened: !final && latest !== null && latest.review !== 'returned',
    };
  });
  const counts = countsOf(units);
  const kanwils = new Map<number | null, { name: string; units: UnitReport[] }>();
  for (const u of units) {
    const k = kanwils.get(u.unit.kanwilId) ?? { name: u.unit.kanwilName, units: [] };
    k.units.push(u);
    kanwils.set(u.unit.kanwilId, k);
  }
  return {
    month,
    due,
    at: nowIso(),
    units,
    counts,
    byKanwil: [...kanwils].map(([id, k]) => ({ id, name: k.name, counts: countsOf(k.units) })),
    sentence: `${formatNumber(counts.final)} dari ${formatNumber(counts.total)} UPT final untuk ${formatMonth(month)}, ${formatNumber(counts.onTime)} tepat waktu (batas ${formatDate(due)})`,
  };
}
