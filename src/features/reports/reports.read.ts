// The one reader of a stored report snapshot (monthly_reports.snapshot_json): checks every stored
// shape and upgrades an older version to the current one, so a final report prints as it was signed.
import { z } from 'zod';
import { PAPER_SIZES, RECIPIENT_CATEGORIES, type PaperSize } from '../../db/database.ts';
import { formatMonth } from '../../lib/format.ts';
import { HttpError } from '../../lib/errors.ts';
import { OUT_KINDS, type OutKind, type ReportOutColumn } from '../../lib/movement-kinds.ts';
import { SNAPSHOT_VERSION, type ReportSnapshot } from './reports.types.ts';

/**
 * The columns every version-1 report was frozen with (before the kinds had a registry). Copied,
 * not derived: a later change of a label in the registry must not change a report already signed.
 */
export const V1_OUT_COLUMNS: ReportOutColumn[] = [
  { kind: 'distribution', column: 'Penyaluran', width: 9, row: 'Penyaluran bantuan', byPackages: true, rupiah: false },
  { kind: 'kitchen', column: 'Dapur', width: 9, row: 'Pemakaian dapur', byPackages: false, rupiah: false },
  { kind: 'sale', column: 'Penjualan', width: 9, row: 'Penjualan (PNBP)', byPackages: false, rupiah: true },
  { kind: 'loss', column: 'Susut', width: 8, row: 'Susut / rusak', byPackages: false, rupiah: false },
];

/** A stored snapshot that cannot be read: said in words, never a crash of the page. */
export class BrokenSnapshotError extends HttpError {
  constructor(month: string) {
    super(
      500,
      `Data laporan final bulan ${formatMonth(month)} yang tersimpan tidak dapat dibaca (rusak atau tidak dikenal). ` +
        'Laporan ini tidak dapat ditampilkan atau diunduh; hubungi admin untuk memulihkannya dari cadangan.',
    );
  }
}

const num = z.number();
const text = z.string();
const person = z.object({ name: text, nip: text.nullable(), title: text.nullable() });
// A kind added to the registry after the report was frozen reads as 0.
const outs = Object.fromEntries(OUT_KINDS.map((k) => [k, num.default(0)])) as Record<OutKind, z.ZodDefault<z.ZodNumber>>;

const balanceRow = z.object({
  commodityId: num,
  name: text,
  tracksHeads: z.boolean(),
  start: num,
  harvest: num,
  adjustment: num,
  end: num,
  heads: z.object({ start: num, harvest: num, out: num, adjustment: num, end: num }),
  ...outs,
});

// Stored reports name their kinds: the registry never renames or removes one (see movement-kinds.ts).
const outColumn = z.object({ kind: z.enum(OUT_KINDS), column: text, width: num, row: text, byPackages: z.boolean(), rupiah: z.boolean() });

const common = {
  month: z.string().regex(/^\d{4}-\d{2}$/),
  from: text,
  to: text,
  status: z.enum(['draft', 'final']),
  generatedAt: text,
  generatedBy: person,
  maker: person.optional(),
  number: text.nullable().optional(),
  letterhead: z.object({
    ministryLine: text,
    kanwilLine: text,
    unitName: text,
    address: text,
    contactLine: text,
    logoFile: text.nullable(),
  }),
  city: text,
  paper: z.enum(PAPER_SIZES),
  signDate: text,
  head: person.nullable(),
  commodities: z.array(
    z.object({ id: num, name: text, tracksHeads: z.boolean(), code: text.nullable().optional(), sector: text.nullable().optional() }),
  ),
  production: z.array(
    z.object({
      commodityId: num,
      name: text,
      tracksHeads: z.boolean(),
      qtyG: num,
      heads: num,
      count: num,
      prevQtyG: num,
      yearAgoQtyG: num,
    }),
  ),
  byLocation: z.array(z.object({ locationId: num, locationName: text, locationKind: text, commodityId: num, qtyG: num, count: num })),
  series: z.object({
    months: z.array(text),
    harvest: z.array(z.object({ commodityId: num, name: text, tracksHeads: z.boolean(), qtyG: z.array(num), heads: z.array(num) })),
    distribution: z.object({ qtyG: z.array(num), handovers: z.array(num), households: z.array(num) }),
  }),
  balance: z.array(balanceRow),
  outflowCounts: z.array(z.object({ kind: text, count: num })),
  salesRp: num,
  receipts: z.object({ issued: num, valid: num, voided: num, reprints: num }),
  categories: z.array(z.object({ category: z.enum(RECIPIENT_CATEGORIES), recipients: num, handovers: num, households: num, people: num })),
  distributed: z.array(z.object({ commodityId: num, name: text, qtyG: num, heads: num, handovers: num })),
  packages: num,
  households: num,
  events: z.array(z.object({ id: num, name: text, kind: text, event_date: text, place: text.nullable(), handovers: num })),
  summary: text,
  workers: z.array(z.object({ name: text, regNumber: text, days: num })),
  workDays: num,
  annex: z.object({
    voids: z.array(z.object({ day: text, what: text, detail: text, reason: text, by: text, at: text.nullable() })),
    corrections: z.array(z.object({ day: text, what: text, before: text, after: text, reason: text, by: text, at: text })),
    stockCounts: z.array(
      z.object({
        day: text,
        commodity: text,
        bookG: num,
        countedG: num,
        bookHeads: num.nullable(),
        countedHeads: num.nullable(),
        reason: text,
        by: text,
      }),
    ),
  }),
};

/**
 * Version 1: the out columns were fixed in the code (penyaluran, dapur, penjualan, susut). The
 * first reports of that version kept no paper: they printed on the paper set in Pengaturan.
 */
const v1 = (paperThen: PaperSize) =>
  z
    .object({ version: z.literal(1), ...common, paper: z.enum(PAPER_SIZES).optional() })
    .transform((s): ReportSnapshot => ({ ...s, paper: s.paper ?? paperThen, version: SNAPSHOT_VERSION, outColumns: V1_OUT_COLUMNS }));
/** Version 2: the snapshot carries the out columns it was frozen with. */
const v2 = z.object({ version: z.literal(2), ...common, outColumns: z.array(outColumn).min(1) });

/**
 * Reads a stored snapshot of `month`, any version, as the current shape; a broken one throws
 * BrokenSnapshotError. `paperSet`: the paper in Pengaturan, for a report that kept none.
 */
export function readSnapshot(json: string, month: string, paperSet: PaperSize = 'a4'): ReportSnapshot {
  return parseStored(json, month, z.union([v1(paperSet), v2]));
}

/** The stored JSON read with `schema`, or BrokenSnapshotError. */
function parseStored<S extends z.ZodType>(json: string, month: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new BrokenSnapshotError(month);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new BrokenSnapshotError(month);
  return parsed.data;
}

/** What of a snapshot adds up across units (the Kanwil's and the nation's roll-ups, issue 18). */
export type SnapshotFigures = Pick<
  ReportSnapshot,
  'commodities' | 'production' | 'balance' | 'salesRp' | 'receipts' | 'categories' | 'households'
>;

const figuresOnly = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  status: z.literal('final'),
  commodities: common.commodities,
  production: common.production,
  balance: common.balance,
  salesRp: common.salesRp,
  receipts: common.receipts,
  categories: common.categories,
  households: common.households,
});

/**
 * A final snapshot's figures only — every version has them in the same shape — checked as
 * readSnapshot checks them, without reading the rest (a national roll-up reads hundreds).
 */
export function readSnapshotFigures(json: string, month: string): SnapshotFigures {
  return parseStored(json, month, figuresOnly);
}
