// The harvest list as a download: the columns the CSV has always had, now typed for XLSX too.
import type { DbOrTrx } from '../../db/connect.ts';
import type { Sheet } from '../../lib/sheets.ts';
import { wibTime } from '../../lib/time.ts';
import type { HarvestFilter } from './harvests.queries.ts';
import { harvestsForExport } from './harvests.service.ts';

export async function harvestsSheet(db: DbOrTrx, f: HarvestFilter): Promise<Sheet> {
  const rows = await harvestsForExport(db, f);
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
    rows: rows.map((r, i) => [
      i + 1,
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
    ]),
  };
}
