// Handovers as downloads: one row per receipt with a column per commodity, and one row per item line.
// The NIK is left out of both: a receipt list travels further than the recipient register.
import type { DbOrTrx } from '../../db/connect.ts';
import type { Sheet } from '../../lib/sheets.ts';
import { commodityColumns } from '../commodities/commodities.export.ts';
import { recipientCategoryLabel, relationLabel } from '../recipients/recipients.service.ts';
import type { DistributionFilter } from './distributions.queries.ts';
import { WALK_IN_LABEL } from './distributions.schema.ts';
import { receiptItemsToExport, receiptsToExport } from './distributions.service.ts';

const WALK_IN = WALK_IN_LABEL;
const statusLabel = (s: string) => (s === 'void' ? 'Batal' : 'Sah');

/** "Budi Santoso (BI.123/2025)" */
function inmateLink(r: { inmate_name: string | null; inmate_reg_number: string | null }): string | null {
  return r.inmate_name ? `${r.inmate_name} (${r.inmate_reg_number})` : null;
}

export async function receiptsSheet(db: DbOrTrx, f: DistributionFilter): Promise<Sheet> {
  const [rows, perCommodity] = await Promise.all([receiptsToExport(db, f), commodityColumns(db)]);
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
    rows: rows.map((r, i) => [
      i + 1,
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
    ]),
  };
}

export async function receiptItemsSheet(db: DbOrTrx, f: DistributionFilter): Promise<Sheet> {
  const rows = await receiptItemsToExport(db, f);
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
    rows: rows.map((r, i) => [
      i + 1,
      r.receipt_no,
      r.handed_on,
      r.event_name ?? WALK_IN,
      r.recipient_name,
      recipientCategoryLabel(r.recipient_category),
      r.commodity_name,
      r.qty_g,
      r.heads,
      r.note,
      statusLabel(r.status),
    ]),
  };
}
