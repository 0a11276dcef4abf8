// The kinds of stock movement, each defined once: its words, its sign, what it needs, and where it
// shows (outflow form, report balance line and columns, dashboard cards). Everything else derives
// from this table; types keyed by `MovementKind` make a kind left out anywhere a compile error.
//
// A kind's code is stored (stock_movements.kind, outflows.kind, final reports' columns): add a
// kind, change its words, but never rename or remove a code — old records and signed reports name it.

/** A text field of the outflow form this kind asks for; `required` is the message when it is empty. */
interface KindField {
  label: string;
  required?: string;
  hint?: string;
}

export interface KindSpec {
  /** The full name: outflow form title, report row, audit trail, void annex ("Pemakaian dapur"). */
  label: string;
  /** The short name: movement history, its filter and export, stock buttons ("Dapur"). */
  shortLabel: string;
  /** in: adds to stock; out: takes from it; either: a stock count, + found or − missing. */
  sign: 'in' | 'out' | 'either';
  /** Which record a movement of this kind comes from. */
  source: 'harvests' | 'distributions' | 'outflows' | 'stock_counts';
  /** Chosen on the outflow form (Stok → Dapur / Penjualan / …). */
  outflowForm: boolean;
  /**
   * Its outflow form keeps an entry on the tablet while the Wi-Fi is down and sends it later
   * (public/js/offline-queue.js): no receipt is printed for it and no buyer waits for it.
   */
  offline?: true;
  /** What the outflow form asks for besides commodity, weight and date. */
  needs: {
    /** A rupiah amount (PNBP), required. */
    rupiah?: KindField;
    /** The other party (buyer, institution): stored in outflows.party. */
    party?: KindField & { maxlength: number };
    /** The note, labelled for this kind (a loss's cause). */
    note?: KindField;
  };
  /** Its column in the report's stock balance (out kinds): header, spreadsheet width. */
  report: { column: string; width: number } | null;
  /** Its card on the dashboard, or null. */
  dashboard: { label: string } | null;
}

export const MOVEMENT_KIND_SPECS = {
  harvest: {
    label: 'Panen',
    shortLabel: 'Panen',
    sign: 'in',
    source: 'harvests',
    outflowForm: false,
    needs: {},
    report: null,
    dashboard: null,
  },
  distribution: {
    label: 'Penyaluran bantuan',
    shortLabel: 'Penyaluran bantuan',
    sign: 'out',
    source: 'distributions',
    outflowForm: false,
    needs: {},
    report: { column: 'Penyaluran', width: 9 },
    dashboard: { label: 'Penyaluran bantuan' },
  },
  kitchen: {
    label: 'Pemakaian dapur',
    shortLabel: 'Dapur',
    sign: 'out',
    source: 'outflows',
    outflowForm: true,
    offline: true,
    needs: {},
    report: { column: 'Dapur', width: 9 },
    dashboard: { label: 'Dapur' },
  },
  sale: {
    label: 'Penjualan (PNBP)',
    shortLabel: 'Penjualan',
    sign: 'out',
    source: 'outflows',
    outflowForm: true,
    needs: {
      rupiah: {
        label: 'Nilai penjualan (Rp)',
        required: 'Nilai penjualan (Rp) wajib diisi untuk penjualan.',
        hint: 'Disetor sebagai PNBP. Contoh: 150000',
      },
      party: { label: 'Pembeli', maxlength: 150 },
    },
    report: { column: 'Penjualan', width: 9 },
    dashboard: { label: 'Penjualan (PNBP)' },
  },
  loss: {
    label: 'Susut / rusak',
    shortLabel: 'Susut / rusak',
    sign: 'out',
    source: 'outflows',
    outflowForm: true,
    offline: true,
    needs: { note: { label: 'Sebab susut / rusak', required: 'Tuliskan sebab susut atau rusak.' } },
    report: { column: 'Susut', width: 8 },
    dashboard: { label: 'Susut / rusak' },
  },
  grant: {
    label: 'Hibah ke lembaga',
    shortLabel: 'Hibah',
    sign: 'out',
    source: 'outflows',
    outflowForm: true,
    needs: {
      party: {
        label: 'Nama lembaga penerima',
        required: 'Tuliskan nama lembaga penerima hibah.',
        hint: 'Misalnya panti asuhan, pondok pesantren, mitra PKS.',
        maxlength: 150,
      },
    },
    report: { column: 'Hibah', width: 8 },
    dashboard: { label: 'Hibah ke lembaga' },
  },
  adjustment: {
    label: 'Stok opname',
    shortLabel: 'Stok opname',
    sign: 'either',
    source: 'stock_counts',
    outflowForm: false,
    needs: {},
    report: null,
    dashboard: null,
  },
} as const satisfies Record<string, KindSpec>;

type Specs = typeof MOVEMENT_KIND_SPECS;
export type MovementKind = keyof Specs;
/** Kinds recorded on the outflow form. */
export type OutflowKind = { [K in MovementKind]: Specs[K]['outflowForm'] extends true ? K : never }[MovementKind];
/** Kinds that take stock away: one column each in the report's balance line. */
export type OutKind = { [K in MovementKind]: Specs[K]['sign'] extends 'out' ? K : never }[MovementKind];

const keys = Object.keys(MOVEMENT_KIND_SPECS) as MovementKind[];
const spec = (k: MovementKind): KindSpec => MOVEMENT_KIND_SPECS[k];
const nonEmpty = <T>(xs: T[]) => xs as [T, ...T[]];

export const MOVEMENT_KINDS = nonEmpty(keys);
export const OUTFLOW_KINDS = nonEmpty(keys.filter((k): k is OutflowKind => spec(k).outflowForm));
export const OUT_KINDS = nonEmpty(keys.filter((k): k is OutKind => spec(k).sign === 'out'));

/** Outflow kinds a tablet may keep while offline and send later. */
export const OFFLINE_OUTFLOW_KINDS = OUTFLOW_KINDS.filter((k) => spec(k).offline);

/** Kinds that carry rupiah (PNBP): their amounts are the month's sales. */
export const RUPIAH_KINDS = nonEmpty(OUTFLOW_KINDS.filter((k) => spec(k).needs.rupiah));

export function kindSpec(kind: MovementKind): KindSpec {
  return spec(kind);
}

const labels = <K extends MovementKind>(ks: readonly K[], pick: (s: KindSpec) => string) =>
  Object.fromEntries(ks.map((k) => [k, pick(spec(k))])) as Record<K, string>;

/** Full names of the outflow kinds, in the registry's order (form tabs, audit, report rows). */
export const OUTFLOW_LABELS: Record<OutflowKind, string> = labels(OUTFLOW_KINDS, (s) => s.label);
/** Short names of every kind (movement history, its filter and export). */
export const MOVEMENT_LABELS: Record<MovementKind, string> = labels(MOVEMENT_KINDS, (s) => s.shortLabel);

/** The outflow kinds with their buttons (Stok page). */
export const OUTFLOW_BUTTONS = OUTFLOW_KINDS.map((kind) => ({ kind, label: spec(kind).shortLabel }));

/** The outflow kinds in words for a sentence ("dapur, penjualan, susut / rusak, hibah"). */
export const OUTFLOW_WORDS = OUTFLOW_BUTTONS.map((b) => b.label.toLowerCase()).join(', ');
/** Everything that takes stock away, in words ("penyaluran, dapur, penjualan, susut, hibah"). */
export const OUT_WORDS = OUT_KINDS.map((k) => (spec(k).report?.column ?? spec(k).shortLabel).toLowerCase()).join(', ');

/** The dashboard's outflow cards, in the registry's order. */
export const DASHBOARD_KINDS = keys.flatMap((k) => {
  const d = spec(k).dashboard;
  return d ? [{ kind: k, label: d.label, rupiah: Boolean(spec(k).needs.rupiah), source: spec(k).source }] : [];
});

/** A column of the report's balance line, as a snapshot freezes it. */
export interface ReportOutColumn {
  kind: OutKind;
  /** Balance column header ("Dapur"); its lower case names it in the balance title. */
  column: string;
  width: number;
  /** The row in "Pemanfaatan hasil panen" ("Pemakaian dapur"). */
  row: string;
  /** Counted by packages (handovers) rather than outflow records. */
  byPackages: boolean;
  /** The row carries the month's rupiah (PNBP). */
  rupiah: boolean;
}

/** The report's out columns as the registry has them today; a new report freezes these. */
export function currentOutColumns(): ReportOutColumn[] {
  return OUT_KINDS.map((kind) => {
    const s = spec(kind);
    return {
      kind,
      column: s.report?.column ?? s.shortLabel,
      width: s.report?.width ?? 9,
      row: s.label,
      byPackages: s.source === 'distributions',
      rupiah: Boolean(s.needs.rupiah),
    };
  });
}
