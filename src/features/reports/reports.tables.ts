// The monthly report's tables, defined once: the PDF draws them and the CSV/XLSX downloads hold them.
import { formatDateTime, formatMonth } from '../../lib/format.ts';
import type { Cell } from '../../lib/csv.ts';
import { col, type Sheet } from '../../lib/sheets.ts';
import { EVENT_KIND_LABELS } from '../events/events.schema.ts';
import { RECIPIENT_CATEGORY_LABELS } from '../recipients/recipients.schema.ts';
import type { ReportSnapshot } from './reports.types.ts';

/** The change from `base` to `now` as a fraction, or null when there was nothing to compare with. */
export function change(now: number, base: number): number | null {
  return base > 0 ? (now - base) / base : null;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
/** The total row of a table whose kilos add vegetables and fish: it says so. */
const ALL = 'Jumlah semua komoditas';
/** The same, where one receipt may hand out several commodities: it counts receipts once, and says so too. */
export const DISTINCT_RECEIPTS = `${ALL} (tanda terima dihitung sekali)`;

/** Keys of the tables, in the order the PDF and the workbook show them. */
export type TableKey =
  | 'production'
  | 'locations'
  | 'trend'
  | 'balance'
  | 'balanceHeads'
  | 'outflows'
  | 'categories'
  | 'distributed'
  | 'events'
  | 'workers'
  | 'voids'
  | 'corrections'
  | 'stockCounts';

/** The balance line in words, over the out columns the snapshot was frozen with. */
export function balanceFormula(s: ReportSnapshot): string {
  return `stok awal + panen − ${s.outColumns.map((o) => o.column.toLowerCase()).join(' − ')} ± opname = stok akhir`;
}

export function reportTables(s: ReportSnapshot): Record<TableKey, Sheet> {
  const month = formatMonth(s.month);
  const prevMonth = formatMonth(s.series.months.at(-2) ?? s.month);
  const fish = s.commodities.filter((c) => c.tracksHeads);

  const production: Sheet = {
    name: 'Produksi',
    title: `Produksi panen ${month}`,
    totalRow: true,
    columns: [
      col('Komoditas', 'text', 14),
      col('Jumlah panen (kali)', 'int', 9),
      col('Hasil (kg)', 'kg', 11),
      col('Ekor', 'int', 8),
      col(`${prevMonth} (kg)`, 'kg', 11),
      col('Perubahan (%)', 'pct', 10),
      col(`Tahun lalu (kg)`, 'kg', 11),
      col('Perubahan (%)', 'pct', 10),
    ],
    rows: [
      ...s.production.map((p) => [
        p.name,
        p.count,
        p.qtyG,
        p.tracksHeads ? p.heads : null,
        p.prevQtyG,
        change(p.qtyG, p.prevQtyG),
        p.yearAgoQtyG,
        change(p.qtyG, p.yearAgoQtyG),
      ]),
      [
        ALL,
        sum(s.production.map((p) => p.count)),
        sum(s.production.map((p) => p.qtyG)),
        fish.length ? sum(s.production.map((p) => p.heads)) : null,
        sum(s.production.map((p) => p.prevQtyG)),
        change(sum(s.production.map((p) => p.qtyG)), sum(s.production.map((p) => p.prevQtyG))),
        sum(s.production.map((p) => p.yearAgoQtyG)),
        change(sum(s.production.map((p) => p.qtyG)), sum(s.production.map((p) => p.yearAgoQtyG))),
      ],
    ],
  };

  // Locations down, one column per commodity across.
  const places = [...new Map(s.byLocation.map((l) => [l.locationId, l])).values()];
  const locations: Sheet = {
    name: 'Per lokasi',
    title: `Hasil panen per lahan/kolam (kg), ${month}`,
    totalRow: true,
    columns: [col('Lahan / kolam', 'text', 18), ...s.commodities.map((c) => col(c.name, 'kg', 9)), col(ALL, 'kg', 10)],
    rows: [
      ...places.map((p) => {
        const of = (id: number) =>
          sum(s.byLocation.filter((l) => l.locationId === p.locationId && l.commodityId === id).map((l) => l.qtyG));
        return [p.locationName, ...s.commodities.map((c) => of(c.id)), sum(s.commodities.map((c) => of(c.id)))];
      }),
      [
        ALL,
        ...s.commodities.map((c) => sum(s.byLocation.filter((l) => l.commodityId === c.id).map((l) => l.qtyG))),
        sum(s.byLocation.map((l) => l.qtyG)),
      ],
    ],
  };

  const trend: Sheet = {
    name: 'Tren 12 bulan',
    title: `Panen dan penyaluran 12 bulan sampai ${month}`,
    columns: [
      col('Bulan', 'text', 14),
      ...s.series.harvest.map((h) => col(`${h.name} (kg)`, 'kg', 9)),
      col('Disalurkan, semua komoditas (kg)', 'kg', 10),
      col('Paket', 'int', 7),
    ],
    rows: s.series.months.map((m, i) => [
      formatMonth(m),
      ...s.series.harvest.map((h) => h.qtyG[i] ?? 0),
      s.series.distribution.qtyG[i] ?? 0,
      s.series.distribution.handovers[i] ?? 0,
    ]),
  };

  // The out columns as the snapshot froze them: an old report keeps its own, a new one has today's.
  const outs = s.outColumns;
  const outOf = (b: ReportSnapshot['balance'][number]) => sum(outs.map((o) => b[o.kind]));
  const balance: Sheet = {
    name: 'Neraca stok',
    title: `Neraca stok (kg): ${balanceFormula(s)}`,
    columns: [
      col('Komoditas', 'text', 12),
      col('Stok awal', 'kg', 9),
      col('Panen', 'kg', 9),
      ...outs.map((o) => col(o.column, 'kg', o.width)),
      col('Opname (±)', 'kg', 9),
      col('Stok akhir', 'kg', 9),
    ],
    rows: s.balance.map((b) => [b.name, b.start, b.harvest, ...outs.map((o) => b[o.kind]), b.adjustment, b.end]),
  };

  const balanceHeads: Sheet = {
    name: 'Neraca ekor',
    title: 'Neraca stok ikan (ekor)',
    columns: [
      col('Komoditas', 'text', 12),
      col('Stok awal', 'int'),
      col('Panen', 'int'),
      col('Keluar', 'int'),
      col('Opname (±)', 'int'),
      col('Stok akhir', 'int'),
    ],
    rows: s.balance
      .filter((b) => b.tracksHeads)
      .map((b) => [b.name, b.heads.start, b.heads.harvest, b.heads.out, b.heads.adjustment, b.heads.end]),
  };

  const outflows: Sheet = {
    name: 'Pemanfaatan',
    title: `Pemanfaatan hasil panen ${month}`,
    totalRow: true,
    // Per commodity in the spreadsheet; on paper the stock balance below breaks it down already.
    columns: [
      col('Pemanfaatan', 'text', 18),
      col('Catatan (kali)', 'int', 8),
      ...s.commodities.map((c) => ({ ...col(c.name, 'kg', 9), onPaper: false })),
      col('Jumlah (kg)', 'kg', 10),
      col('Nilai (Rp)', 'rp', 13),
    ],
    rows: [
      ...outs.map((o) => {
        const kg = s.commodities.map((c) => s.balance.find((b) => b.commodityId === c.id)?.[o.kind] ?? 0);
        const count = o.byPackages ? s.packages : (s.outflowCounts.find((x) => x.kind === o.kind)?.count ?? 0);
        return [o.row, count, ...kg, sum(kg), o.rupiah ? s.salesRp : null] as Cell[];
      }),
      [
        ALL,
        null,
        ...s.commodities.map((c) => {
          const b = s.balance.find((x) => x.commodityId === c.id);
          return b ? outOf(b) : 0;
        }),
        sum(s.balance.map(outOf)),
        s.salesRp,
      ],
    ],
  };

  const categories: Sheet = {
    name: 'Penerima',
    title: `Penerima bantuan per kategori, ${month}`,
    totalRow: true,
    columns: [col('Kategori', 'text', 24), col('Penerima', 'int', 9), col('Paket', 'int', 8), col('KK', 'int', 7), col('Jiwa', 'int', 7)],
    rows: [
      ...s.categories.map((c) => [
        RECIPIENT_CATEGORY_LABELS[c.category],
        c.recipients,
        c.handovers,
        c.category === 'lembaga' ? null : c.households,
        c.people,
      ]),
      ['Jumlah', sum(s.categories.map((c) => c.recipients)), s.packages, s.households, sum(s.categories.map((c) => c.people))],
    ],
  };

  const distributed: Sheet = {
    name: 'Disalurkan',
    title: `Bantuan yang disalurkan per komoditas, ${month}`,
    totalRow: true,
    columns: [col('Komoditas', 'text', 14), col('Jumlah (kg)', 'kg', 10), col('Ekor', 'int', 8), col('Tanda terima', 'int', 9)],
    rows: [
      ...s.distributed.map((d) => [
        d.name,
        d.qtyG,
        s.commodities.find((c) => c.id === d.commodityId)?.tracksHeads ? d.heads : null,
        d.handovers,
      ]),
      // One receipt may hand out several commodities: the total counts it once, and says so.
      [DISTINCT_RECEIPTS, sum(s.distributed.map((d) => d.qtyG)), fish.length ? sum(s.distributed.map((d) => d.heads)) : null, s.packages],
    ],
  };

  const events: Sheet = {
    name: 'Kegiatan',
    title: `Kegiatan penyaluran, ${month}`,
    columns: [
      col('Tanggal', 'date', 11),
      col('Kegiatan', 'text', 24),
      col('Jenis', 'text', 14),
      col('Tempat', 'text', 16),
      col('Paket', 'int', 7),
    ],
    rows: s.events.map((e) => [
      e.event_date,
      e.name,
      EVENT_KIND_LABELS[e.kind as keyof typeof EVENT_KIND_LABELS] ?? e.kind,
      e.place,
      e.handovers,
    ]),
  };

  const workers: Sheet = {
    name: 'Pembinaan',
    title: `WBP yang bekerja pada panen, ${month}`,
    totalRow: true,
    columns: [col('No', 'int', 5), col('Nama WBP', 'text', 24), col('Nomor registrasi', 'text', 14), col('Hari kerja', 'int', 9)],
    rows: [...s.workers.map((w, i) => [i + 1, w.name, w.regNumber, w.days]), [null, `Jumlah: ${s.workers.length} WBP`, null, s.workDays]],
  };

  const voids: Sheet = {
    name: 'Pembatalan',
    title: 'Lampiran 1. Pembatalan',
    columns: [
      col('Tanggal', 'date', 11),
      col('Catatan', 'text', 12),
      col('Rincian', 'text', 26),
      col('Alasan', 'text', 20),
      col('Oleh', 'text', 14),
    ],
    rows: s.annex.voids.map((v) => [v.day, v.what, v.detail, v.reason, v.by]),
  };

  const corrections: Sheet = {
    name: 'Koreksi',
    title: 'Lampiran 2. Koreksi catatan panen',
    columns: [
      col('Tanggal', 'date', 11),
      col('Catatan', 'text', 10),
      col('Sebelum', 'text', 20),
      col('Sesudah', 'text', 20),
      col('Alasan', 'text', 16),
      col('Oleh', 'text', 12),
    ],
    rows: s.annex.corrections.map((c) => [c.day, c.what, c.before, c.after, c.reason, c.by]),
  };

  const stockCounts: Sheet = {
    name: 'Stok opname',
    title: 'Lampiran 3. Stok opname',
    columns: [
      col('Tanggal', 'date', 11),
      col('Komoditas', 'text', 12),
      col('Buku (kg)', 'kg', 9),
      col('Hitung (kg)', 'kg', 9),
      col('Selisih (kg)', 'kg', 9),
      col('Selisih (ekor)', 'int', 8),
      col('Alasan', 'text', 18),
      col('Oleh', 'text', 12),
    ],
    rows: s.annex.stockCounts.map((c) => [
      c.day,
      c.commodity,
      c.bookG,
      c.countedG,
      c.countedG - c.bookG,
      c.countedHeads !== null && c.bookHeads !== null ? c.countedHeads - c.bookHeads : null,
      c.reason,
      c.by,
    ]),
  };

  return {
    production,
    locations,
    trend,
    balance,
    balanceHeads,
    outflows,
    categories,
    distributed,
    events,
    workers,
    voids,
    corrections,
    stockCounts,
  };
}

/** Every table, in order, for the CSV and XLSX downloads; the first sheet says what the file is. */
export function reportSheets(s: ReportSnapshot, unitName: string): Sheet[] {
  const t = reportTables(s);
  const about: Sheet = {
    name: 'Ringkasan',
    title: `Laporan Bulanan Program Ketahanan Pangan — ${unitName} — ${formatMonth(s.month)}`,
    columns: [col('Keterangan', 'text', 30), col('Isi', 'text', 60)],
    rows: [
      ['Bulan', formatMonth(s.month)],
      ['Status', s.status === 'final' ? 'FINAL' : 'KONSEP (belum final; angka dapat berubah)'],
      ['Nomor', s.status === 'final' && s.number ? s.number : '(nomor diberikan saat final)'],
      ['Ringkasan penyaluran', s.summary],
      ['Kepala Rutan', s.head ? `${s.head.name}${s.head.nip ? ` (NIP ${s.head.nip})` : ''}` : '–'],
      ['Yang membuat laporan', (s.maker ?? s.generatedBy).name],
      ['Dibuat oleh', s.generatedBy.name],
      ['Dibuat pada', formatDateTime(s.generatedAt)],
    ],
  };
  return [about, ...Object.values(t)];
}
