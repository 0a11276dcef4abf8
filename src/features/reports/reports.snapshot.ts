// Gathers one month's report into a ReportSnapshot: the figures, the annex, and the paper's
// letterhead and signatory as they were in force in that month.
import type { DbOrTrx } from '../../db/connect.ts';
import { formatKg, formatNumber } from '../../lib/format.ts';
import { wibDate } from '../../lib/time.ts';
import { getPerson } from '../users/users.service.ts';
import { letterheadOn, signatoryOn } from '../settings/settings.service.ts';
import { monthSeries } from '../dashboard/dashboard.service.ts';
import { OUTFLOW_LABELS } from '../../lib/movement-kinds.ts';
import { SNAPSHOT_VERSION, type ReportPerson, type ReportSnapshot, type VoidLine } from './reports.types.ts';
import { currentOutColumns } from '../../lib/movement-kinds.ts';
import { REASON_NOT_RECORDED } from '../audit/audit.service.ts';
import {
  distributedByCommodity,
  harvestCorrections,
  outflowCounts,
  stockCountsOf,
  voidedHarvests,
  voidedOutflows,
  voidedReceipts,
} from './reports.queries.ts';
import { monthlyFigures, monthlyReach } from './reports.service.ts';

const qty = (g: number, heads: number | null | undefined) => formatKg(g) + (heads ? ` · ${formatNumber(heads)} ekor` : '');

/** The fields of a harvest snapshot in the audit trail, with their labels, for "before → after" lines. */
const HARVEST_FIELDS: Array<[string, string, (v: unknown) => string]> = [
  ['commodity', 'Komoditas', String],
  ['location', 'Lokasi', String],
  [
    'harvested_at',
    'Waktu',
    (v) =>
      String(v ?? '')
        .slice(0, 16)
        .replace('T', ' '),
  ],
  ['weight_g', 'Berat', (v) => formatKg(Number(v))],
  ['heads', 'Ekor', (v) => (v === null || v === undefined ? '–' : formatNumber(Number(v)))],
  ['grade', 'Mutu', (v) => String(v ?? '–')],
  ['note', 'Catatan', (v) => String(v ?? '–')],
  ['workers', 'WBP', (v) => (Array.isArray(v) ? v.join(', ') || '–' : '–')],
];

/** Only the fields that changed: "Berat: 2,5 kg" before, "Berat: 3 kg" after. */
export function describeChange(beforeJson: string | null, afterJson: string | null): { before: string; after: string } {
  const parse = (s: string | null): Record<string, unknown> => {
    try {
      return s ? (JSON.parse(s) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const b = parse(beforeJson);
  const a = parse(afterJson);
  const changed = HARVEST_FIELDS.filter(([k]) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null));
  return {
    before: changed.map(([k, label, f]) => `${label}: ${f(b[k])}`).join('; '),
    after: changed.map(([k, label, f]) => `${label}: ${f(a[k])}`).join('; '),
  };
}

export interface SnapshotOptions {
  status: 'draft' | 'final';
  generatedAt: string;
  /** The user drawing it up; null when made by the command line without `--user`. */
  generatedById: number | null;
  /** A final report's maker as chosen when finalising; a draft names the programme officer in office. */
  maker?: ReportPerson | null;
  /**
   * Drawn for someone reading the unit from above (a Kanwil's head): with no programme officer set,
   * the draft names no one as its maker rather than the reader, who does not make the unit's report.
   */
  readFromAbove?: boolean;
  /** A final report's document number. */
  number?: string | null;
}

export async function buildSnapshot(db: DbOrTrx, month: string, opts: SnapshotOptions): Promise<ReportSnapshot> {
  const [figures, reach] = await Promise.all([monthlyFigures(db, month), monthlyReach(db, month)]);
  const { from, to } = figures;
  // The paper is dated on its own day: the month's last day once it is over, today while it runs.
  const today = wibDate(new Date(opts.generatedAt));
  const paperDay = to < today ? to : today;
  const [letterhead, head, officer, user, series, distributed, counts, vHarvests, vOutflows, vReceipts, corrections, stockCounts] =
    await Promise.all([
      letterheadOn(db, paperDay),
      signatoryOn(db, 'kepala_rutan', paperDay),
      signatoryOn(db, 'pengelola_program', today),
      opts.generatedById === null ? null : getPerson(db, opts.generatedById),
      monthSeries(db, month, 12),
      distributedByCommodity(db, from, to),
      outflowCounts(db, from, to),
      voidedHarvests(db, from, to),
      voidedOutflows(db, from, to),
      voidedReceipts(db, from, to),
      harvestCorrections(db, from, to),
      stockCountsOf(db, from, to),
    ]);
  const commodities = figures.production.map((p) => ({
    id: p.commodityId,
    name: p.name,
    tracksHeads: p.tracksHeads,
    code: figures.catalogue.get(p.commodityId)?.code ?? null,
    sector: figures.catalogue.get(p.commodityId)?.sector ?? null,
  }));
  const nameOf = (id: number) => commodities.find((c) => c.id === id)?.name ?? `#${id}`;

  const voids: VoidLine[] = [
    ...vHarvests.map((v) => ({
      day: v.day,
      what: 'Panen',
      detail: `${v.commodity} ${qty(v.qty_g, v.heads)}`,
      reason: v.reason ?? '',
      by: v.by ?? '',
      at: v.at,
    })),
    ...vOutflows.map((v) => ({
      day: v.day,
      what: OUTFLOW_LABELS[v.kind],
      detail: `${v.commodity} ${qty(v.qty_g, v.heads)}`,
      reason: v.reason ?? '',
      by: v.by ?? '',
      at: v.at,
    })),
    ...vReceipts.map((v) => ({
      day: v.day,
      what: 'Tanda terima',
      detail: `${v.receipt_no} — ${v.recipient}${v.replaced_by ? `; diganti ${v.replaced_by}` : ''}`,
      reason: v.reason ?? '',
      by: v.by ?? '',
      at: v.at,
    })),
  ].sort((x, y) => x.day.localeCompare(y.day) || String(x.at).localeCompare(String(y.at)));

  const generatedBy: ReportPerson = user
    ? { name: user.full_name, nip: user.nip, title: user.position }
    : { name: 'Lumbung (dibuat otomatis)', nip: null, title: null };
  const unnamed: ReportPerson = { name: '(pengelola program belum diatur)', nip: null, title: null };
  const maker =
    opts.maker ?? (officer ? { name: officer.name, nip: officer.nip, title: officer.title } : opts.readFromAbove ? unnamed : generatedBy);
  return {
    version: SNAPSHOT_VERSION,
    month,
    from,
    to,
    status: opts.status,
    generatedAt: opts.generatedAt,
    generatedBy,
    maker,
    number: opts.status === 'final' ? (opts.number ?? null) : null,
    letterhead: letterhead.letterhead,
    city: letterhead.city,
    paper: letterhead.paper,
    signDate: today,
    head: head ? { name: head.name, nip: head.nip, title: head.title } : null,
    commodities,
    production: figures.production,
    byLocation: figures.byLocation,
    series: { months: series.months, harvest: series.harvest, distribution: series.distribution },
    balance: figures.balance,
    outColumns: currentOutColumns(),
    outflowCounts: counts,
    salesRp: figures.salesRp,
    receipts: reach.receipts,
    categories: reach.categories,
    distributed: distributed.map((d) => ({ ...d, name: nameOf(d.commodityId) })).sort((a, b) => a.commodityId - b.commodityId),
    packages: reach.packages,
    households: reach.households,
    events: reach.events.map((e) => ({
      id: e.id,
      name: e.name,
      kind: e.kind,
      event_date: e.event_date,
      place: e.place,
      handovers: e.handovers,
    })),
    summary: reach.summary,
    workers: reach.workers,
    workDays: reach.workDays,
    annex: {
      voids,
      corrections: corrections.map((c) => ({
        day: c.day,
        what: `Panen #${c.id}`,
        ...describeChange(c.before_json, c.after_json),
        reason: c.reason || REASON_NOT_RECORDED,
        by: c.by ?? '',
        at: c.at,
      })),
      stockCounts: stockCounts.map((s) => ({
        day: s.day,
        commodity: s.commodity,
        bookG: s.book_g,
        countedG: s.counted_g,
        bookHeads: s.tracks_heads ? s.book_heads : null,
        countedHeads: s.tracks_heads ? s.counted_heads : null,
        reason: s.reason,
        by: s.by ?? '',
      })),
    },
  };
}
