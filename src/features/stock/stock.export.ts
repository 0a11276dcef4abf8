// The stock ledger as a download: one row per movement, signed (+ in, − out), as the history page shows it.
import type { DbOrTrx } from '../../db/connect.ts';
import { numbered } from '../../lib/batches.ts';
import type { Cell } from '../../lib/csv.ts';
import type { StreamSheet } from '../../lib/sheets-stream.ts';
import type { MovementFilter } from './stock.queries.ts';
import { MOVEMENT_LABELS } from '../../lib/movement-kinds.ts';
import { movementsToExport } from './stock.service.ts';

type Row = Awaited<ReturnType<typeof movementsToExport>> extends AsyncIterable<infer R> ? R : never;

/** Where a movement comes from, as on the history page; a handover by its receipt number. */
function source(m: Row): string {
  if (m.harvest_id) return `Panen #${m.harvest_id}`;
  if (m.outflow_id) return `Catatan #${m.outflow_id}`;
  if (m.distribution_id) return m.receipt_no ? `Tanda terima ${m.receipt_no}` : `Penyaluran #${m.distribution_id}`;
  if (m.stock_count_id) return `Opname #${m.stock_count_id}`;
  return '';
}

/** The rows of the download, read from the database while the file is written. */
async function* movementRows(db: DbOrTrx, f: MovementFilter): AsyncGenerator<Cell[]> {
  for await (const [n, m] of numbered(movementsToExport(db, f))) {
    yield [
      n,
      m.moved_on,
      m.commodity_name,
      `${MOVEMENT_LABELS[m.kind] ?? m.kind}${m.reverses_id ? ' (pembatalan)' : ''}`,
      m.qty_g,
      m.tracks_heads && m.heads ? m.heads : null,
      source(m),
      m.user_name,
    ];
  }
}

export function movementsSheet(db: DbOrTrx, f: MovementFilter): StreamSheet {
  return {
    name: 'Pergerakan stok',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'Tanggal', kind: 'date', width: 12 },
      { header: 'Komoditas', width: 14 },
      { header: 'Jenis', width: 24 },
      { header: 'Masuk / keluar (kg)', kind: 'kg', width: 14 },
      { header: 'Ekor', kind: 'int', width: 8 },
      { header: 'Sumber', width: 40 },
      { header: 'Dicatat oleh', width: 20 },
    ],
    rows: movementRows(db, f),
  };
}
