// Handovers as downloads: one row per receipt with a column per commodity, and one row per item line.
// The NIK is left out of both: a receipt list travels further than the recipient register.
import type { DbOrTrx } from '../../db/connect.ts';
import { numbered } from '../../lib/batches.ts';
import type { Cell } from '../../lib/csv.ts';
import type { StreamSheet } from '../../lib/sheets-stream.ts';
import { commodityColumns } from '../commodities/commodities.export.ts';
import { recipientCategoryLabel, relationLabel } from '../recipients/recipients.service.ts';
import type { DistributionFilter } from './distributions.queries.ts';
import { WALK_IN_LABEL } from './distributions.schema.ts';
import { receiptsToExport } from './distributions.service.ts';

const WALK_IN = WALK_IN_LABEL;
const statusLabel = (s: string) => (s === 'void' ? 'Batal' : 'Sah');

/** "Budi Santoso (BI.123/2025)" */
function inmateLink(r: { inmate_name: string | null; inmate_reg_number: string | null }): string | null {
  return r.inmate_name ? `${r.inmate_name} (${r.inmate_reg_number})` : null;
}

export async function receiptsSheet(db: DbOrTrx, f: DistributionFilter): Promise<StreamSheet> {
  const perCommodity = await commodityColumns(db);
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const [n, r] of numbered(receiptsToExport(db, f))) {
      yield [
        n,
        r.receipt_no,
        r.handed_on,
        r.event_name ?? WALK_IN,
        r.recipient_name,
        recipientCategoryLabel(r.recipient_category),
        inmateLink(r),
        relationLabel(r.relation),
        r.officer_name,
        statusLabel(r.status),
        r.void_reason,
        ...perCommodity.cells(r.items),
      ];
    }
  }
  return {
    name: 'Tanda terima',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'Nomor tanda terima', width: 26 },
      { header: 'Tanggal', kind: 'date', width: 12 },
      { header: 'Kegiatan', width: 26 },
      { header: 'Penerima', width: 26 },
      { header: 'Kategori', width: 24 },
      { header: 'WBP terkait', width: 26 },
      { header: 'Hubungan dengan WBP', width: 12 },
      { header: 'Petugas yang menyerahkan', width: 22 },
      { header: 'Status', width: 8 },
      { header: 'Alasan batal', width: 30 },
      ...perCommodity.columns,
    ],
    rows: rows(),
  };
}

/** One row per item line: the receipts read a batch at a time, each spread into its lines. */
async function* itemRows(db: DbOrTrx, f: DistributionFilter): AsyncGenerator<Cell[]> {
  let n = 0;
  for await (const r of receiptsToExport(db, f)) {
    for (const it of r.items) {
      yield [
        ++n,
        r.receipt_no,
        r.handed_on,
        r.event_name ?? WALK_IN,
        r.recipient_name,
        recipientCategoryLabel(r.recipient_category),
        it.commodity_name,
        it.qty_g,
        it.heads,
        it.note,
        statusLabel(r.status),
      ];
    }
  }
}

export function receiptItemsSheet(db: DbOrTrx, f: DistributionFilter): StreamSheet {
  return {
    name: 'Rincian penyaluran',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'Nomor tanda terima', width: 26 },
      { header: 'Tanggal', kind: 'date', width: 12 },
      { header: 'Kegiatan', width: 26 },
      { header: 'Penerima', width: 26 },
      { header: 'Kategori', width: 24 },
      { header: 'Komoditas', width: 14 },
      { header: 'Berat (kg)', kind: 'kg', width: 12 },
      { header: 'Ekor', kind: 'int', width: 8 },
      { header: 'Catatan', width: 30 },
      { header: 'Status', width: 8 },
    ],
    rows: itemRows(db, f),
  };
}
