// A stored before/after of the audit trail as the officer reads it: the field names of the forms,
// weights in kg, times in WIB, a commodity or a person by name, each item of a package on its own line.
import { formatDate, formatDateTime, formatKg, formatNumber, formatRupiah } from '../../lib/format.ts';
import { COMMODITY_KIND_LABELS } from '../commodities/commodities.schema.ts';
import { EVENT_KIND_LABELS } from '../events/events.schema.ts';
import { LOCATION_KIND_LABELS } from '../locations/locations.schema.ts';
import { RECIPIENT_CATEGORY_LABELS, RELATION_LABELS } from '../recipients/recipients.schema.ts';
import { PAPER_LABELS } from '../settings/settings.schema.ts';
import { OUTFLOW_LABELS } from '../../lib/movement-kinds.ts';
import { ROLE_LABELS } from '../users/users.schema.ts';

/** Names of the records an audit entry points at by id (loaded once per page). */
export interface AuditNames {
  commodities: Map<number, string>;
  locations: Map<number, string>;
  users: Map<number, string>;
  recipients: Map<number, string>;
  events: Map<number, string>;
  inmates: Map<number, string>;
}

/** One field as shown: its label and one or more lines of value. */
export interface AuditField {
  label: string;
  lines: string[];
  /** Item lines: shown as a list even when there is one. */
  list: boolean;
}

/** Technical fields a reader of the trail does not need. */
const HIDDEN_FIELDS = new Set([
  'form_token',
  'created_at',
  'updated_at',
  'created_by',
  'recorded_by',
  'receipt_year',
  'receipt_seq',
  'print_count',
  'replaces_id',
]);

/** The labels of the forms, for the fields every kind of record shares. */
const LABELS: Record<string, string> = {
  username: 'Nama pengguna',
  full_name: 'Nama lengkap',
  nip: 'NIP',
  position: 'Jabatan',
  active: 'Aktif',
  roles: 'Peran',
  name: 'Nama',
  kind: 'Jenis',
  note: 'Catatan',
  status: 'Status',
  address: 'Alamat',
  phone: 'Telepon',
  email: 'Email',
  commodity: 'Komoditas',
  commodity_id: 'Komoditas',
  location: 'Lahan / kolam',
  location_id: 'Lahan / kolam',
  harvested_at: 'Waktu panen',
  harvest_date: 'Tanggal panen',
  weight_g: 'Berat',
  heads: 'Jumlah ekor',
  grade: 'Mutu',
  photo_file: 'Foto',
  file: 'Foto',
  workers: 'WBP yang bekerja',
  out_date: 'Tanggal',
  qty_g: 'Berat',
  amount_rp: 'Nilai penjualan (Rp)',
  party: 'Pembeli / lembaga',
  receipt_no: 'Nomor tanda terima',
  recipient_id: 'Penerima',
  event_id: 'Kegiatan',
  handed_on: 'Tanggal penyerahan',
  officer_id: 'Yang menyerahkan',
  items: 'Barang',
  cetakan_ke: 'Cetakan ke',
  category: 'Kategori penerima',
  nik: 'NIK',
  inmate_id: 'WBP yang terkait',
  relation: 'Hubungan dengan WBP',
  rt_rw: 'RT/RW',
  village: 'Desa / kelurahan',
  district: 'Kecamatan',
  household_size: 'Jumlah anggota keluarga',
  reg_number: 'Nomor registrasi',
  block: 'Blok / kamar',
  area_m2: 'Luas (m²)',
  sort_order: 'Urutan tampil',
  unit: 'Satuan',
  event_date: 'Tanggal',
  place: 'Tempat',
  title: 'Sebutan jabatan (seperti dicetak)',
  valid_from: 'Berlaku sejak',
  valid_to: 'Berlaku sampai',
  unit_name: 'Nama satuan kerja',
  unit_code: 'Kode satuan kerja',
  ministry_line: 'Baris kementerian',
  kanwil_line: 'Baris kantor wilayah',
  city: 'Kota',
  paper_size: 'Kertas tanda terima',
  receipts_per_page: 'Tanda terima per lembar',
  effective_from: 'Berlaku sejak',
  logo_file: 'Logo',
  month: 'Bulan',
  summary: 'Ringkasan',
  berkas: 'Berkas',
  ukuran: 'Ukuran',
  dihapus: 'Cadangan lama dihapus',
  dipulihkan_dari: 'Dipulihkan dari',
  basis_data_lama: 'Basis data lama disimpan sebagai',
  oleh: 'Dibuat oleh',
  jam: 'Jam cadangan harian',
  kk_number: 'No. KK',
  household_reason: 'Alasan paket kedua untuk satu KK',
  merged: 'Data yang digabungkan',
  kept: 'Data yang dipakai',
  merged_into_id: 'Digabungkan ke (nomor data)',
  moved_receipts: 'Tanda terima yang dipindah',
  id: 'Nomor data',
  number: 'Nomor laporan',
  maker: 'Yang membuat laporan',
  report_number_format: 'Format nomor laporan bulanan',
  public_url: 'Alamat publik',
  reason_pick: 'Alasan',
  reason: 'Alasan',
};

/** Where one name means something else for one kind of record. */
const ENTITY_LABELS: Record<string, Record<string, string>> = {
  inmate: { name: 'Nama WBP' },
  event: { name: 'Nama kegiatan', kind: 'Jenis kegiatan' },
  commodity: { name: 'Nama komoditas' },
  location: { name: 'Nama lokasi' },
  package: { name: 'Nama paket' },
  recipient: { name: 'Nama penerima' },
  outflow: { note: 'Keterangan' },
  unit: { name: 'Nama unit', code: 'Kode unit', kind: 'Jenis unit', parent_id: 'Induk (nomor unit)', upt_type: 'Jenis UPT' },
};

const STATUS_LABELS: Record<string, string> = { active: 'Berlaku', void: 'Dibatalkan', final: 'Final', reopened: 'Dibuka kembali' };
const KIND_LABELS: Record<string, Record<string, string>> = {
  outflow: OUTFLOW_LABELS,
  event: EVENT_KIND_LABELS,
  location: LOCATION_KIND_LABELS,
  commodity: COMMODITY_KIND_LABELS,
};

function label(entity: string, key: string): string {
  return ENTITY_LABELS[entity]?.[key] ?? LABELS[key] ?? key.replace(/_/g, ' ');
}

function byId(map: Map<number, string>, v: unknown): string {
  return map.get(Number(v)) ?? `#${String(v)}`;
}

/** One item of a handover or a package: "Cabai 0,5 kg", "Lele 1 kg (7 ekor)". */
function itemLine(item: Record<string, unknown>, names: AuditNames): string {
  const what = item.commodity_id !== undefined ? byId(names.commodities, item.commodity_id) : String(item.commodity ?? '');
  const qty = typeof item.qty_g === 'number' ? ` ${formatKg(item.qty_g)}` : '';
  const heads = typeof item.heads === 'number' ? ` (${formatNumber(item.heads)} ekor)` : '';
  return `${what}${qty}${heads}`.trim();
}

function lines(entity: string, key: string, v: unknown, names: AuditNames): string[] {
  if (v === null || v === undefined || v === '') return ['–'];
  if (key === 'items' && Array.isArray(v))
    return v.length ? v.map((i) => (i && typeof i === 'object' ? itemLine(i as Record<string, unknown>, names) : String(i))) : ['–'];
  if (key === 'roles' && Array.isArray(v)) return [v.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? String(r)).join(', ')];
  if (Array.isArray(v)) return [v.map((x) => (x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')];
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${label(entity, k)}: ${lines(entity, k, x, names).join(', ')}`);
  if (key === 'active') return [v ? 'Ya' : 'Tidak'];
  if (key === 'dihapus' && typeof v === 'number') return [formatNumber(v)];
  if (key.endsWith('_g') && typeof v === 'number') return [formatKg(v)];
  if (key === 'amount_rp' && typeof v === 'number') return [formatRupiah(v)];
  if (key === 'ukuran' && typeof v === 'number') return [`${formatNumber(Math.round(v / 1024))} KB`];
  if (key.endsWith('_at') && typeof v === 'string') return [formatDateTime(v)];
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return [formatDate(v)];
  if (key === 'commodity_id') return [byId(names.commodities, v)];
  if (key === 'location_id') return [byId(names.locations, v)];
  if (key === 'officer_id') return [byId(names.users, v)];
  if (key === 'recipient_id') return [byId(names.recipients, v)];
  if (key === 'event_id') return [byId(names.events, v)];
  if (key === 'inmate_id') return [byId(names.inmates, v)];
  if (key === 'status') return [STATUS_LABELS[String(v)] ?? String(v)];
  if (key === 'kind') return [KIND_LABELS[entity]?.[String(v)] ?? String(v)];
  if (key === 'category') return [RECIPIENT_CATEGORY_LABELS[v as keyof typeof RECIPIENT_CATEGORY_LABELS] ?? String(v)];
  if (key === 'relation') return [RELATION_LABELS[v as keyof typeof RELATION_LABELS] ?? String(v)];
  if (key === 'paper_size') return [PAPER_LABELS[v as keyof typeof PAPER_LABELS] ?? String(v)];
  if (typeof v === 'number') return [formatNumber(v)];
  return [String(v)];
}

/** A stored before/after (JSON) as labelled lines. */
export function auditFields(entity: string, json: string | null, names: AuditNames): AuditField[] {
  if (!json) return [];
  const value: unknown = JSON.parse(json);
  if (!value || typeof value !== 'object') return [{ label: 'Nilai', lines: [String(value)], list: false }];
  return Object.entries(value)
    .filter(([k]) => !HIDDEN_FIELDS.has(k))
    .map(([k, v]) => ({
      label: label(entity, k),
      lines: lines(entity, k, v, names),
      list: k === 'items' && Array.isArray(v) && v.length > 0,
    }));
}

/** The ids an entry's before/after points at, to load their names in one query per table. */
export function referencedIds(jsons: (string | null)[]): Record<'commodities' | 'recipients' | 'events' | 'inmates', number[]> {
  const out = { commodities: new Set<number>(), recipients: new Set<number>(), events: new Set<number>(), inmates: new Set<number>() };
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'number') {
        if (k === 'commodity_id') out.commodities.add(x);
        if (k === 'recipient_id') out.recipients.add(x);
        if (k === 'event_id') out.events.add(x);
        if (k === 'inmate_id') out.inmates.add(x);
      } else visit(x);
    }
  };
  for (const j of jsons) if (j) visit(JSON.parse(j));
  return { commodities: [...out.commodities], recipients: [...out.recipients], events: [...out.events], inmates: [...out.inmates] };
}
