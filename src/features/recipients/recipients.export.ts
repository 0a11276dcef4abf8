// The recipient register as a download: the current search and filter, the NIK and No. KK as the viewer may see them (recorded when whole).
import type { DbOrTrx } from '../../db/connect.ts';
import { numbered } from '../../lib/batches.ts';
import type { Cell } from '../../lib/csv.ts';
import type { StreamSheet } from '../../lib/sheets-stream.ts';
import { wibDate } from '../../lib/time.ts';
import type { RecipientFilter } from './recipients.queries.ts';
import { recipientCategoryLabel, recipientsToExport, relationLabel, type Viewer } from './recipients.service.ts';

export async function recipientsSheet(db: DbOrTrx, f: RecipientFilter, viewer: Viewer): Promise<StreamSheet> {
  // An admin's download of the whole register is one entry in the record of NIK access, made now.
  const recipients = await recipientsToExport(db, f, viewer);
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const [n, r] of numbered(recipients)) {
      yield [
        n,
        r.name,
        recipientCategoryLabel(r.category),
        relationLabel(r.relation),
        r.nikShown,
        r.kkShown,
        r.inmate_name,
        r.inmate_reg_number,
        r.address,
        r.rt_rw,
        r.village,
        r.district,
        r.phone,
        r.household_size,
        r.note,
        r.active ? 'Aktif' : 'Nonaktif',
        wibDate(new Date(r.created_at)),
      ];
    }
  }
  return {
    name: 'Penerima',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'Nama', width: 26 },
      { header: 'Kategori', width: 24 },
      { header: 'Hubungan dengan WBP', width: 12 },
      { header: 'NIK', width: 20 },
      { header: 'No. KK', width: 20 },
      { header: 'WBP terkait', width: 22 },
      { header: 'No. registrasi WBP', width: 16 },
      { header: 'Alamat', width: 30 },
      { header: 'RT/RW', width: 9 },
      { header: 'Desa / kelurahan', width: 18 },
      { header: 'Kecamatan', width: 16 },
      { header: 'Telepon', width: 16 },
      { header: 'Anggota keluarga', kind: 'int', width: 10 },
      { header: 'Catatan', width: 30 },
      { header: 'Status', width: 10 },
      { header: 'Terdaftar', kind: 'date', width: 12 },
    ],
    rows: rows(),
  };
}
