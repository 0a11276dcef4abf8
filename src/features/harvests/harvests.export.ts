// The harvest list as a download: the columns the CSV has always had, now typed for XLSX too.
import type { DbOrTrx } from '../../db/connect.ts';
import { numbered } from '../../lib/batches.ts';
import type { Cell } from '../../lib/csv.ts';
import type { StreamSheet } from '../../lib/sheets-stream.ts';
import { wibTime } from '../../lib/time.ts';
import type { HarvestFilter } from './harvests.queries.ts';
import { harvestsToExport } from './harvests.service.ts';

/** The rows of the download, read from the database while the file is written. */
async function* harvestRows(db: DbOrTrx, f: HarvestFilter): AsyncGenerator<Cell[]> {
  for await (const [n, r] of numbered(harvestsToExport(db, f))) {
    yield [
      n,
      r.id,
      r.harvest_date,
      wibTime(new Date(r.harvested_at)),
      r.commodity_name,
      r.location_name,
      r.weight_g,
      r.heads,
      r.grade,
      r.workerNames.join(', '),
      r.note,
      r.recorded_by_name,
      r.status === 'void' ? 'Batal' : 'Sah',
      r.void_reason,
    ];
  }
}

export function harvestsSheet(db: DbOrTrx, f: HarvestFilter): StreamSheet {
  return {
    name: 'Panen',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'ID', kind: 'int', width: 8 },
      { header: 'Tanggal', kind: 'date', width: 12 },
      { header: 'Jam (WIB)', kind: 'time', width: 10 },
      { header: 'Komoditas', width: 14 },
      { header: 'Lokasi', width: 18 },
      { header: 'Berat (kg)', kind: 'kg', width: 12 },
      { header: 'Ekor', kind: 'int', width: 8 },
      { header: 'Mutu', width: 6 },
      { header: 'WBP yang bekerja', width: 30 },
      { header: 'Catatan', width: 30 },
      { header: 'Petugas', width: 20 },
      { header: 'Status', width: 8 },
      { header: 'Alasan batal', width: 30 },
    ],
    rows: harvestRows(db, f),
  };
}
