// The monthly report as data: everything its PDF and spreadsheets show, and nothing they look up.
// A final report stores this object as JSON, so the same papers can be drawn again years later.
import type { PaperSize, RecipientCategory } from '../../db/database.ts';
import type { ReportOutColumn } from '../../lib/movement-kinds.ts';
import type { BalanceRow } from './reports.service.ts';

/** The shape a new snapshot is stored in; older ones are upgraded by readSnapshot (reports.read.ts). */
export const SNAPSHOT_VERSION = 2;

/** The files a month's report comes as (the web download and `npm run report`). */
export const REPORT_FORMATS = ['pdf', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportPerson {
  name: string;
  nip: string | null;
  /** The position line under the name ("Kepala Rutan Kelas IIB Blora", "Staf Distribusi"). */
  title: string | null;
}

export interface ReportLetterhead {
  ministryLine: string;
  kanwilLine: string;
  unitName: string;
  address: string;
  contactLine: string;
  /** A logo in the uploads folder (stored under its content hash, never overwritten). */
  logoFile: string | null;
}

export interface ProductionRow {
  commodityId: number;
  name: string;
  tracksHeads: boolean;
  qtyG: number;
  heads: number;
  count: number;
  prevQtyG: number;
  yearAgoQtyG: number;
}

export interface LocationRow {
  locationId: number;
  locationName: string;
  locationKind: string;
  commodityId: number;
  qtyG: number;
  count: number;
}

export interface CategoryReach {
  category: RecipientCategory;
  recipients: number;
  handovers: number;
  households: number;
  people: number;
}

export interface VoidLine {
  day: string;
  /** Panen, an outflow kind's label (Pemakaian dapur, …), Tanda terima */
  what: string;
  detail: string;
  reason: string;
  by: string;
  at: string | null;
}

export interface ReportSnapshot {
  version: typeof SNAPSHOT_VERSION;
  month: string;
  from: string;
  to: string;
  status: 'draft' | 'final';
  /** ISO instant; for a final report, when it was finalised. */
  generatedAt: string;
  generatedBy: ReportPerson;
  /**
   * "Yang membuat laporan": the programme officer (chosen when finalising, or set in Pengaturan).
   * Absent in snapshots frozen before issue 13: those read `generatedBy`.
   */
  maker?: ReportPerson;
  /** The document number given at finalising; null/absent for a draft (and for old final reports). */
  number?: string | null;
  letterhead: ReportLetterhead;
  city: string;
  /** The paper set in Pengaturan then: a final report prints on it unless another is asked for. */
  paper: PaperSize;
  /** The day written above the signatures ("Blora, 3 November 2025"). */
  signDate: string;
  /** The Kepala Rutan in office in the month (at its end, or today for the month still running). */
  head: ReportPerson | null;
  /**
   * `code` and `sector`: the commodity's entry in the national catalogue when the report was made
   * (issue 18: the Kanwil's and the nation's roll-ups add units up by them). Absent in older reports.
   */
  commodities: Array<{ id: number; name: string; tracksHeads: boolean; code?: string | null; sector?: string | null }>;
  production: ProductionRow[];
  byLocation: LocationRow[];
  series: {
    months: string[];
    harvest: Array<{ commodityId: number; name: string; tracksHeads: boolean; qtyG: number[]; heads: number[] }>;
    distribution: { qtyG: number[]; handovers: number[]; households: number[] };
  };
  balance: BalanceRow[];
  /**
   * The out columns of the balance line and the rows of "Pemanfaatan", as the registry had them
   * when the report was made: an old report keeps its columns when a kind is added later.
   */
  outColumns: ReportOutColumn[];
  outflowCounts: Array<{ kind: string; count: number }>;
  salesRp: number;
  receipts: { issued: number; valid: number; voided: number; reprints: number };
  categories: CategoryReach[];
  distributed: Array<{ commodityId: number; name: string; qtyG: number; heads: number; handovers: number }>;
  packages: number;
  households: number;
  events: Array<{ id: number; name: string; kind: string; event_date: string; place: string | null; handovers: number }>;
  summary: string;
  workers: Array<{ name: string; regNumber: string; days: number }>;
  workDays: number;
  annex: {
    voids: VoidLine[];
    corrections: Array<{ day: string; what: string; before: string; after: string; reason: string; by: string; at: string }>;
    stockCounts: Array<{
      day: string;
      commodity: string;
      bookG: number;
      countedG: number;
      bookHeads: number | null;
      countedHeads: number | null;
      reason: string;
      by: string;
    }>;
  };
}
