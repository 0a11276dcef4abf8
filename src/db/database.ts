// The typed shape of every table: one interface per table, `X = Selectable<XTable>`.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
// The movement kinds are defined once, in the stock registry; the ledger's kind columns take its union.
import type { MovementKind, OutflowKind } from '../lib/movement-kinds.ts';

export type { MovementKind, OutflowKind };

export const ROLES = ['admin', 'petugas', 'staf', 'pimpinan'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  nip: string | null;
  position: string | null;
  password_hash: string;
  /** 0/1 */
  active: number;
  /** 0/1: set by an admin's password reset, cleared when the user picks their own. */
  must_change_password: number;
  created_at: string;
  updated_at: string;
}
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

/** A role a user holds on one unit (the unit set by the unit scope, src/db/unit-scope.ts). */
export interface UserRolesTable {
  id: Generated<number>;
  unit_id: ColumnType<number, never, never>;
  user_id: number;
  role: Role;
}

export interface SessionsTable {
  id: Generated<number>;
  sid: string;
  user_id: number | null;
  data: string;
  /** epoch milliseconds */
  expires_at: ColumnType<number, number, number>;
}

/** Each save of the site settings is a new version, so old papers keep their old letterhead. */
export interface SiteSettingsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  /** ISO date (Asia/Jakarta) from which this version is in force. */
  effective_from: string;
  unit_name: string;
  unit_code: string;
  ministry_line: string;
  kanwil_line: string;
  address: string;
  city: string;
  phone: string | null;
  email: string | null;
  logo_file: string | null;
  /** How receipts print unless the person printing chooses otherwise. */
  paper_size: ColumnType<PaperSize, PaperSize | undefined, PaperSize>;
  receipts_per_page: ColumnType<number, number | undefined, number>;
  /** The monthly report's number, e.g. "W13.PAS.PAS.12-PK.01.01-{nomor}/{tahun}"; null = "{nomor}/{tahun}". */
  report_number_format: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  created_by: number | null;
}
export const PAPER_SIZES = ['a4', 'f4'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
export type SiteSettings = Selectable<SiteSettingsTable>;
export type NewSiteSettings = Insertable<SiteSettingsTable>;

export interface SignatoriesTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  position: string;
  title: string;
  name: string;
  nip: string | null;
  /** ISO dates, inclusive; valid_to null = still in office. */
  valid_from: string;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}
export type Signatory = Selectable<SignatoriesTable>;
export type NewSignatory = Insertable<SignatoriesTable>;

export interface AuditLogTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  /** ISO timestamp, UTC */
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
}
export type AuditEntry = Selectable<AuditLogTable>;

/** A whole NIK shown to an admin: one row per page or download (UU 27/2022, PDP). */
export interface NikAccessLogTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  /** ISO timestamp, UTC */
  at: string;
  user_id: number;
  channel: 'page' | 'download';
  /** Which page or download, a key of NIK_PLACES (audit feature). */
  place: string;
  /** The request path, e.g. `/recipients/12` or `/recipients/export.xlsx`. */
  path: string;
  recipient_count: number;
  /** Recipient ids as sorted ranges: `3-7,12,15-5000`. */
  recipient_ids: string;
}

export const COMMODITY_KINDS = ['sayur', 'ikan', 'lainnya'] as const;
export type CommodityKind = (typeof COMMODITY_KINDS)[number];

export interface CommoditiesTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  name: string;
  kind: CommodityKind;
  unit: string;
  /** 0/1: a head count (ekor) is recorded beside the weight, e.g. lele. */
  tracks_heads: number;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
  /** the national catalogue's entry (src/lib/national-catalogue.ts); null: not mapped yet */
  national_code: string | null;
  /** its sector, kept beside it for the roll-ups: 'pertanian' | 'peternakan' | 'perikanan' */
  sector: string | null;
}
export type Commodity = Selectable<CommoditiesTable>;

export const LOCATION_KINDS = ['lahan', 'kolam'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export interface LocationsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  name: string;
  kind: LocationKind;
  area_m2: number | null;
  note: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}
export type Location = Selectable<LocationsTable>;

export interface InmatesTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  name: string;
  reg_number: string;
  block: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}
export type Inmate = Selectable<InmatesTable>;

export type RecordStatus = 'active' | 'void';

export interface HarvestsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  commodity_id: number;
  location_id: number;
  /** ISO timestamp (UTC) of the weighing. */
  harvested_at: string;
  /** Its calendar day in WIB. */
  harvest_date: string;
  weight_g: number;
  heads: number | null;
  grade: 'A' | 'B' | 'C' | null;
  note: string | null;
  photo_file: string | null;
  recorded_by: number;
  form_token: string;
  status: RecordStatus;
  void_reason: string | null;
  voided_by: number | null;
  voided_at: string | null;
  /** When the server received it. */
  created_at: string;
  updated_at: string;
  /** When the officer entered it on the tablet (a queued entry sent later), else as created_at. */
  entered_at: string | null;
}
export type Harvest = Selectable<HarvestsTable>;

export interface HarvestWorkersTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  harvest_id: number;
  inmate_id: number;
}

export interface OutflowsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  kind: OutflowKind;
  commodity_id: number;
  out_date: string;
  qty_g: number;
  heads: number | null;
  amount_rp: ColumnType<number | null, number | null, number | null>;
  /** The buyer of a sale. */
  party: string | null;
  /** Reason of a loss; remark otherwise. */
  note: string | null;
  recorded_by: number;
  form_token: string;
  status: RecordStatus;
  void_reason: string | null;
  voided_by: number | null;
  voided_at: string | null;
  /** When the server received it. */
  created_at: string;
  /** When the officer entered it on the tablet (a queued entry sent later), else as created_at. */
  entered_at: string | null;
}
export type Outflow = Selectable<OutflowsTable>;

export interface StockCountsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  commodity_id: number;
  count_date: string;
  counted_g: number;
  counted_heads: number | null;
  book_g: number;
  book_heads: number | null;
  reason: string;
  recorded_by: number;
  form_token: string;
  created_at: string;
}

/** The stock ledger, append-only: + comes in, − goes out; a void appends a reversal. */
export interface StockMovementsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  commodity_id: number;
  moved_on: string;
  kind: MovementKind;
  qty_g: number;
  heads: number;
  harvest_id: number | null;
  outflow_id: number | null;
  stock_count_id: number | null;
  distribution_id: ColumnType<number | null, number | null | undefined, never>;
  reverses_id: number | null;
  created_at: string;
  created_by: number | null;
}
export type StockMovement = Selectable<StockMovementsTable>;
export type NewStockMovement = Insertable<StockMovementsTable>;

export const RECIPIENT_CATEGORIES = ['keluarga_wbp', 'masyarakat', 'lembaga'] as const;
export type RecipientCategory = (typeof RECIPIENT_CATEGORIES)[number];
export const RELATIONS = ['istri', 'suami', 'ibu', 'ayah', 'anak', 'saudara', 'lainnya'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Who receives aid. `nik` is personal data: shown masked except to admins, never logged. */
export interface RecipientsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  category: RecipientCategory;
  name: string;
  nik: string | null;
  /** For `keluarga_wbp`: the inmate and how the recipient is related. */
  inmate_id: number | null;
  relation: Relation | null;
  address: string;
  rt_rw: string | null;
  /** desa / kelurahan */
  village: string;
  /** kecamatan */
  district: string;
  phone: string | null;
  household_size: number | null;
  note: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  /** No. KK, the family card: one household. Personal data, masked like the NIK. */
  kk_number: string | null;
  /** Set when an admin merged this record into another (the same person): that one holds the history now. */
  merged_into_id: number | null;
}
export type Recipient = Selectable<RecipientsTable>;

export const EVENT_KINDS = ['bakti_sosial', 'panen_raya', 'hari_bhakti', 'rutin', 'lainnya'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface EventsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  name: string;
  kind: EventKind;
  event_date: string;
  place: string | null;
  note: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}
export type Event = Selectable<EventsTable>;

export interface EventPhotosTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  event_id: number;
  file: string;
  created_by: number;
  created_at: string;
}

/** A named set of items that fills a handover in one tap. */
export interface PackagesTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  name: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface PackageItemsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  package_id: number;
  commodity_id: number;
  qty_g: number;
  heads: number | null;
}

export interface ReceiptCountersTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  year: number;
  last_seq: number;
}

/** A handover to one recipient; its receipt (tanda terima) carries `receipt_no`. */
export interface DistributionsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  receipt_no: string;
  receipt_year: number;
  receipt_seq: number;
  recipient_id: number;
  event_id: number | null;
  handed_on: string;
  /** The officer who handed over (PIHAK KESATU). */
  officer_id: number;
  note: string | null;
  photo_file: string | null;
  /** A correction: the voided handover this one replaces. */
  replaces_id: number | null;
  /** The unguessable part of the verification link printed as a QR code. */
  verify_token: string;
  print_count: number;
  form_token: string;
  /**
   * "Diterima tahun …" as it stood when the receipt was issued (JSON: commodity_name, qty_g, heads),
   * so every print of the number shows the same figures. Null only if never filled (printed the old way).
   */
  year_to_date_json: ColumnType<string | null, string | null | undefined, string | null>;
  status: RecordStatus;
  void_reason: string | null;
  voided_by: number | null;
  voided_at: string | null;
  recorded_by: number;
  /** Why a household (No. KK) got a second package at this event; null when it did not. */
  household_reason: string | null;
  created_at: string;
}
export type Distribution = Selectable<DistributionsTable>;

export interface DistributionItemsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  distribution_id: number;
  commodity_id: number;
  qty_g: number;
  heads: number | null;
  note: string | null;
}

export interface ReceiptPrintsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  distribution_id: number;
  /** 1 = the original; 2 and up print "SALINAN — cetakan ke-n". */
  copy_no: number;
  printed_by: number;
  printed_at: string;
  /** The print form's one-time token (a resend is one print); null for prints recorded before prints were a POST. */
  form_token: string | null;
}

/** A finalised monthly report; while `status` is 'final' its month is locked. */
export interface MonthlyReportsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  /** 'YYYY-MM', a WIB calendar month */
  month: string;
  status: 'final' | 'reopened';
  /** The report's figures as signed: the PDF and spreadsheets are drawn from this alone. */
  snapshot_json: string;
  finalised_at: string;
  finalised_by: number;
  reopened_at: string | null;
  reopened_by: number | null;
  reopen_reason: string | null;
  /** The document number's year and per-year counter, given at finalising (null before issue 13). */
  doc_year: ColumnType<number | null, number | null | undefined, number | null>;
  doc_seq: ColumnType<number | null, number | null | undefined, number | null>;
  /** The Kanwil's review of this final record (issue 18): null until reviewed. */
  review: ColumnType<'accepted' | 'returned' | null, 'accepted' | 'returned' | null | undefined, 'accepted' | 'returned' | null>;
  reviewed_by: ColumnType<number | null, number | null | undefined, number | null>;
  reviewed_at: ColumnType<string | null, string | null | undefined, string | null>;
  review_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'import': brought in as a signed file from the UPT's own installation; null: finalised here. */
  source: ColumnType<'import' | null, 'import' | null | undefined, 'import' | null>;
  /** sha256 of an imported file's snapshot: the same file imported again is recognised. */
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
}
export type MonthlyReportRow = Selectable<MonthlyReportsTable>;

/** The ledger summed per commodity, month and kind; written with every movement, in its transaction. */
export interface StockMonthTotalsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  commodity_id: number;
  month: string;
  kind: MovementKind;
  qty_g: number;
  heads: number;
}

/** The ledger's net per commodity and day (WIB): the running balance of any date, read fast. */
export interface StockDayTotalsTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  commodity_id: number;
  day: string;
  qty_g: number;
  heads: number;
}

/** The time of day (WIB) the server makes its own backup; one row. */
export interface BackupScheduleTable {
  id: number;
  daily_time: string;
  updated_at: string;
  updated_by: number | null;
}

/** The address receipts' QR codes open (one row): set in Pengaturan or at setup; PUBLIC_URL wins. */
export interface PublicAddressTable {
  id: number;
  public_url: string;
  updated_at: string;
  updated_by: number | null;
}

export type BackupTrigger = 'jadwal' | 'halaman' | 'perintah';

/** The outcome of each backup, for the warning on the admin's home page. */
export interface BackupRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string;
  trigger: BackupTrigger;
  ok: number;
  file_name: string | null;
  error: string | null;
}
export type BackupRun = Selectable<BackupRunsTable>;

export interface Database {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  site_settings: SiteSettingsTable;
  signatories: SignatoriesTable;
  audit_log: AuditLogTable;
  nik_access_log: NikAccessLogTable;
  commodities: CommoditiesTable;
  locations: LocationsTable;
  inmates: InmatesTable;
  harvests: HarvestsTable;
  harvest_workers: HarvestWorkersTable;
  outflows: OutflowsTable;
  stock_counts: StockCountsTable;
  stock_movements: StockMovementsTable;
  recipients: RecipientsTable;
  events: EventsTable;
  event_photos: EventPhotosTable;
  packages: PackagesTable;
  package_items: PackageItemsTable;
  receipt_counters: ReceiptCountersTable;
  distributions: DistributionsTable;
  distribution_items: DistributionItemsTable;
  receipt_prints: ReceiptPrintsTable;
  monthly_reports: MonthlyReportsTable;
  stock_month_totals: StockMonthTotalsTable;
  stock_day_totals: StockDayTotalsTable;
  backup_schedule: BackupScheduleTable;
  backup_runs: BackupRunsTable;
  refused_entries: RefusedEntriesTable;
  public_address: PublicAddressTable;
  rate_limits: RateLimitsTable;
  data_version: DataVersionTable;
  stored_files: StoredFilesTable;
  units: UnitsTable;
  unit_report_keys: UnitReportKeysTable;
  report_links: ReportLinksTable;
  harvest_days: HarvestDaysTable;
}

/** A key the central installation issued to a standalone UPT: it signs the UPT's report files; its token pushes them. */
export interface UnitReportKeysTable {
  id: Generated<number>;
  /** The UPT it was issued to (the keys are the installation's, not a unit's records). */
  for_unit_id: number;
  key_id: string;
  /** base64url of 32 random bytes: the HMAC key, known to the UPT's box and to the centre */
  secret: string;
  /** sha256 (hex) of the push token */
  token_hash: string;
  issued_at: string;
  issued_by: number;
  revoked_at: string | null;
}

/** On a UPT's own installation: the credential the centre issued to it, and where the centre is. */
export interface ReportLinksTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  credential: string;
  central_url: string | null;
  saved_at: string;
  saved_by: number;
}

/** A national harvest day (Panen Raya Serentak): every UPT's harvests and handovers of that day count for it. */
export interface HarvestDaysTable {
  id: Generated<number>;
  day: string;
  name: string;
  note: string | null;
  declared_at: string;
  declared_by: number;
}

/** A count of attempts (failed logins, NIK lookups) per key until its window ends (src/web/rate-limit-store.ts). */
export interface RateLimitsTable {
  key: string;
  hits: number;
  /** ms since the epoch */
  reset_at: number;
}

/** One row: moved by every committed write on PostgreSQL, read by the data cache of every process. */
export interface DataVersionTable {
  id: number;
  n: number;
}

/** An entry sent from a tablet and refused because its month is already final: the admin's list. */
export interface RefusedEntriesTable {
  id: Generated<number>;
  /** the unit the record belongs to: set by the unit scope (src/db/unit-scope.ts), never by a query */
  unit_id: ColumnType<number, never, never>;
  user_id: number;
  /** The id the tablet gave the entry. */
  entry_id: string;
  kind: 'harvest' | 'outflow';
  /** The fields as sent, JSON (never a photo). */
  payload: string;
  reason: string;
  entered_at: string | null;
  received_at: string;
  handled_by: number | null;
  handled_at: string | null;
  handled_note: string | null;
}

/** An uploaded file's bytes, on PostgreSQL (src/db/file-store.ts); empty on SQLite, where they stay in DATA_DIR/uploads. */
export interface StoredFilesTable {
  /** the name the records hold: 'harvests/unit-<unit>/<token>.jpg', 'logo-<hash>.png' */
  name: string;
  bytes: Buffer;
  size: number;
  /** hex SHA-256 of the bytes */
  sha256: string;
  created_at: string;
}

export const UNIT_KINDS = ['national', 'kanwil', 'upt'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UPT_TYPES = ['rutan', 'lapas', 'lpka', 'lapas_terbuka', 'bapas', 'lainnya'] as const;
export type UptType = (typeof UPT_TYPES)[number];

/** The unit tree: Ditjenpas (national) → Kanwil → UPT. A single-unit installation has one UPT and no parent. */
export interface UnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  kind: UnitKind;
  upt_type: UptType | null;
  code: string;
  name: string;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
  /** On the root unit: the day of the next month by which a month's report is due (null: the 10th). */
  report_deadline_day: ColumnType<number | null, number | null | undefined, number | null>;
}
export type Unit = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
