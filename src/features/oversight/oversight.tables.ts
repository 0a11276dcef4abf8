// The roll-up's tables, defined once: the PDF draws them, the CSV and XLSX hold them.
import { formatDate, formatDateTime, formatMonth } from '../../lib/format.ts';
import type { Cell } from '../../lib/csv.ts';
import { SECTORS, SECTOR_LABELS } from '../../lib/national-catalogue.ts';
import { col, type Sheet } from '../../lib/sheets.ts';
import { RECIPIENT_CATEGORIES } from '../../db/database.ts';
import { RECIPIENT_CATEGORY_LABELS } from '../recipients/recipients.schema.ts';
import { STATE_LABELS } from './oversight.service.ts';
import type { Rollup } from './oversight.rollup.ts';
import type { DayBoard } from './oversight.harvest-day.ts';

const UNMAPPED = 'Belum dipetakan';
const sectorName = (s: string | null) => (s ? SECTOR_LABELS[s as keyof typeof SECTOR_LABELS] : UNMAPPED);

export type RollupTableKey = 'sectors' | 'commodities' | 'use' | 'reach' | 'units' | 'kanwils' | 'missing';

export function rollupTables(r: Rollup): Record<RollupTableKey, Sheet> {
  const month = formatMonth(r.month);
  const title = (what: string) => `${what} — ${r.area.name}, ${month} (${r.stamp})`;
  const t = r.total;
  // Heads only where a commodity of the sector counts them (fish, livestock): elsewhere none, not 0.
  const headsOf = (sector: string) => {
    const counted = r.byCommodity.filter((c) => c.sector === sector && c.tracksHeads);
    return counted.length ? counted.reduce((n, c) => n + c.heads, 0) : null;
  };
  const unitsOf = (sector: string | null) => r.rows.filter((row) => row.bySector[(sector ?? 'unmapped') as 'unmapped'] > 0).length;

  const sectors: Sheet = {
    name: 'Per sektor',
    title: title('Produksi per sektor'),
    totalRow: true,
    columns: [col('Sektor', 'text', 22), col('Hasil (kg)', 'kg', 12), col('Ekor', 'int', 9), col('UPT yang panen', 'int', 9)],
    rows: [
      ...SECTORS.map((s): Cell[] => [SECTOR_LABELS[s], t.bySector[s], headsOf(s), unitsOf(s)]),
      ...(t.bySector.unmapped ? [[UNMAPPED, t.bySector.unmapped, null, unitsOf(null)] as Cell[]] : []),
      ['Jumlah', t.harvestG, SECTORS.reduce((n, s) => n + (headsOf(s) ?? 0), 0), r.rows.filter((row) => row.harvestG > 0).length],
    ],
  };

  const commodities: Sheet = {
    name: 'Per komoditas',
    title: title('Produksi per komoditas (katalog nasional)'),
    totalRow: true,
    columns: [
      col('Sektor', 'text', 18),
      col('Komoditas', 'text', 18),
      col('Kode', 'text', 12),
      col('Hasil (kg)', 'kg', 12),
      col('Ekor', 'int', 9),
      col('Jumlah panen (kali)', 'int', 9),
      col('UPT', 'int', 7),
    ],
    rows: [
      ...r.byCommodity.map((c): Cell[] => [
        sectorName(c.sector),
        c.code ? c.name : `${c.name} (${UNMAPPED.toLowerCase()})`,
        c.code ?? '–',
        c.qtyG,
        c.tracksHeads ? c.heads : null,
        c.count,
        c.units,
      ]),
      [
        'Jumlah',
        '',
        '',
        t.harvestG,
        r.byCommodity.reduce((n, c) => n + c.heads, 0),
        r.byCommodity.reduce((n, c) => n + c.count, 0),
        r.rows.filter((row) => row.harvestG > 0).length,
      ],
    ],
  };

  const use: Sheet = {
    name: 'Pemanfaatan',
    title: title('Pemanfaatan hasil'),
    columns: [col('Pemanfaatan', 'text', 24), col('Jumlah (kg)', 'kg', 12), col('Nilai (Rp)', 'rp', 14)],
    rows: r.outColumns.map((o): Cell[] => [o.row, t.figures.use[o.kind], o.rupiah ? t.figures.salesRp : null]),
  };

  const reach: Sheet = {
    name: 'Penerima',
    title: title(`Penerima bantuan (tanda terima sah ${t.figures.receipts}, KK ${t.figures.households})`),
    totalRow: true,
    columns: [
      col('Kategori', 'text', 24),
      col('Penerima', 'int', 9),
      col('Penyaluran', 'int', 9),
      col('KK', 'int', 8),
      col('Jiwa', 'int', 8),
    ],
    rows: [
      ...RECIPIENT_CATEGORIES.map((c): Cell[] => {
        const x = t.figures.categories[c];
        return [RECIPIENT_CATEGORY_LABELS[c], x.recipients, x.handovers, x.households, x.people];
      }),
      [
        'Jumlah',
        ...(['recipients', 'handovers', 'households', 'people'] as const).map((k) =>
          RECIPIENT_CATEGORIES.reduce((n, c) => n + t.figures.categories[c][k], 0),
        ),
      ],
    ],
  };

  const national = r.area.kind === 'national';
  const people = (row: Rollup['rows'][number]) => RECIPIENT_CATEGORIES.reduce((n, c) => n + (row.figures?.categories[c].people ?? 0), 0);
  const units: Sheet = {
    name: 'Per UPT',
    title: title('Per UPT'),
    totalRow: true,
    columns: [
      ...(national ? [col('Kanwil', 'text', 18)] : []),
      col('UPT', 'text', 22),
      col('Kode', 'text', 10),
      col('Status', 'text', 14),
      ...SECTORS.map((s) => col(`${SECTOR_LABELS[s]} (kg)`, 'kg', 11)),
      col(`${UNMAPPED} (kg)`, 'kg', 10),
      col('Panen (kg)', 'kg', 11),
      ...r.outColumns.map((o) => col(`${o.column} (kg)`, 'kg', 10)),
      col('PNBP (Rp)', 'rp', 13),
      col('Tanda terima', 'int', 8),
      col('KK', 'int', 7),
      col('Jiwa', 'int', 7),
    ],
    rows: [
      ...r.rows.map((row): Cell[] => [
        ...(national ? [row.unit.kanwilName] : []),
        row.unit.name,
        row.unit.code,
        row.draft
          ? `KONSEP (${STATE_LABELS[row.state].toLowerCase()})`
          : row.unreadable
            ? 'Final, data tidak terbaca (tidak dihitung)'
            : STATE_LABELS[row.state],
        ...(row.figures
          ? [
              ...SECTORS.map((s) => row.bySector[s]),
              row.bySector.unmapped,
              row.harvestG,
              ...r.outColumns.map((o) => row.figures!.use[o.kind]),
              row.figures.salesRp,
              row.figures.receipts,
              row.figures.households,
              people(row),
            ]
          : Array.from({ length: SECTORS.length + 6 + r.outColumns.length }, () => null)),
      ]),
      [
        ...(national ? [''] : []),
        `Jumlah (${r.counted} UPT)`,
        '',
        '',
        ...SECTORS.map((s) => t.bySector[s]),
        t.bySector.unmapped,
        t.harvestG,
        ...r.outColumns.map((o) => t.figures.use[o.kind]),
        t.figures.salesRp,
        t.figures.receipts,
        t.figures.households,
        RECIPIENT_CATEGORIES.reduce((n, c) => n + t.figures.categories[c].people, 0),
      ],
    ],
  };

  const kanwils: Sheet = {
    name: 'Per Kanwil',
    title: title('Per Kanwil'),
    totalRow: true,
    columns: [
      col('Kanwil', 'text', 22),
      col('UPT', 'int', 6),
      col('Final', 'int', 6),
      ...SECTORS.map((s) => col(`${SECTOR_LABELS[s]} (kg)`, 'kg', 11)),
      col(`${UNMAPPED} (kg)`, 'kg', 10),
      col('Panen (kg)', 'kg', 11),
      col('Disalurkan (kg)', 'kg', 11),
      col('PNBP (Rp)', 'rp', 13),
      col('Tanda terima', 'int', 8),
      col('KK', 'int', 7),
    ],
    rows: [
      ...r.byKanwil.map((k): Cell[] => [
        k.name,
        k.upts,
        k.final,
        ...SECTORS.map((s) => k.bySector[s]),
        k.bySector.unmapped,
        k.harvestG,
        k.aidG,
        k.salesRp,
        k.receipts,
        k.households,
      ]),
      [
        'Jumlah',
        r.rate.counts.total,
        r.rate.counts.final,
        ...SECTORS.map((s) => t.bySector[s]),
        t.bySector.unmapped,
        t.harvestG,
        t.figures.use.distribution,
        t.figures.salesRp,
        t.figures.receipts,
        t.figures.households,
      ],
    ],
  };

  const missing: Sheet = {
    name: 'Belum final',
    title: title('UPT yang belum final atau dikembalikan'),
    columns: [...(national ? [col('Kanwil', 'text', 18)] : []), col('UPT', 'text', 24), col('Status', 'text', 24)],
    rows: r.rate.units
      .filter((u) => u.state === 'missing' || u.state === 'returned')
      .map((u): Cell[] => [
        ...(national ? [u.unit.kanwilName] : []),
        u.unit.name,
        STATE_LABELS[u.state] + (u.reviewReason && u.state === 'returned' ? `: ${u.reviewReason}` : ''),
      ]),
  };

  return { sectors, commodities, use, reach, units, kanwils, missing };
}

/** The sheets of a download, in order: the Kanwil table only in a national roll-up. */
export function rollupSheets(r: Rollup): Sheet[] {
  const t = rollupTables(r);
  return [t.sectors, t.commodities, t.use, t.reach, ...(r.area.kind === 'national' ? [t.kanwils] : []), t.units, t.missing];
}

/** The harvest day's board as tables: by sector, by Kanwil (national), by UPT. */
export function dayBoardSheets(b: DayBoard, national: boolean): Sheet[] {
  const stamp = `${b.name}, ${formatDate(b.day)} — data per ${formatDateTime(b.at)}, ${b.reporting} dari ${b.upts} UPT sudah melaporkan panen`;
  const sectorCols = SECTORS.map((s) => col(`${SECTOR_LABELS[s]} (kg)`, 'kg', 11));
  const sectors: Sheet = {
    name: 'Per sektor',
    title: `Panen per sektor — ${stamp}`,
    totalRow: true,
    columns: [col('Sektor', 'text', 22), col('Hasil (kg)', 'kg', 12)],
    rows: [
      ...SECTORS.map((s): Cell[] => [SECTOR_LABELS[s], b.total.bySector[s]]),
      ...(b.total.bySector.unmapped ? [[UNMAPPED, b.total.bySector.unmapped] as Cell[]] : []),
      ['Jumlah', b.total.harvestG],
    ],
  };
  const lineCells = (l: DayBoard['total']): Cell[] => [...SECTORS.map((s) => l.bySector[s]), l.bySector.unmapped, l.harvestG, l.handedG];
  const kanwils: Sheet = {
    name: 'Per Kanwil',
    title: `Per Kanwil — ${stamp}`,
    totalRow: true,
    columns: [
      col('Kanwil', 'text', 22),
      col('UPT', 'int', 6),
      col('Sudah panen', 'int', 8),
      ...sectorCols,
      col(`${UNMAPPED} (kg)`, 'kg', 10),
      col('Panen (kg)', 'kg', 11),
      col('Disalurkan (kg)', 'kg', 11),
    ],
    rows: [
      ...b.byKanwil.map((k): Cell[] => [k.name, k.upts, k.reporting, ...lineCells(k)]),
      ['Jumlah', b.upts, b.reporting, ...lineCells(b.total)],
    ],
  };
  const units: Sheet = {
    name: 'Per UPT',
    title: `Per UPT — ${stamp}`,
    totalRow: true,
    columns: [
      ...(national ? [col('Kanwil', 'text', 18)] : []),
      col('UPT', 'text', 22),
      ...sectorCols,
      col(`${UNMAPPED} (kg)`, 'kg', 10),
      col('Panen (kg)', 'kg', 11),
      col('Disalurkan (kg)', 'kg', 11),
    ],
    rows: [
      ...b.byUnit.map((u): Cell[] => [...(national ? [u.unit.kanwilName] : []), u.unit.name, ...lineCells(u)]),
      [...(national ? [''] : []), 'Jumlah', ...lineCells(b.total)],
    ],
  };
  return [sectors, ...(national ? [kanwils] : []), units];
}
