// The monthly report as a file (PDF, CSV or XLSX), for the web download and the command line alike.
import type { DbOrTrx } from '../../db/connect.ts';
import type { PaperSize } from '../../db/database.ts';
import type { FileStore } from '../../db/file-store.ts';
import { FILE_TYPES, sheetsToCsv, sheetsToXlsx } from '../../lib/sheets.ts';
import { reportOf } from './reports.archive.ts';
import { reportSheets } from './reports.tables.ts';
import { REPORT_FORMATS, type ReportFormat } from './reports.types.ts';
import { letOthersThrough } from '../../lib/turns.ts';

export { REPORT_FORMATS, type ReportFormat };

const TYPES: Record<ReportFormat, string> = FILE_TYPES;

export interface ReportFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  status: 'draft' | 'final';
}

/** `paper` null = the paper size set in Pengaturan. */
export async function reportFile(
  db: DbOrTrx,
  month: string,
  format: ReportFormat,
  opts: { paper: PaperSize | null; userId: number | null; files: FileStore },
): Promise<ReportFile> {
  const snapshot = await reportOf(db, month, opts.userId);
  const fileName = `laporan-bulanan_${month}_${snapshot.status === 'final' ? 'final' : 'konsep'}.${format}`;
  let bytes: Buffer;
  if (format === 'pdf') {
    const paper = opts.paper ?? snapshot.paper;
    const { renderMonthlyReport } = await import('./reports.pdf.ts');
    // The month's figures were read in one go: other requests first, then the drawing, in parts.
    await letOthersThrough();
    bytes = await renderMonthlyReport(snapshot, paper, opts.files);
  } else {
    const sheets = reportSheets(snapshot, snapshot.letterhead.unitName);
    bytes =
      format === 'csv'
        ? Buffer.from(sheetsToCsv(sheets), 'utf8')
        : await sheetsToXlsx(sheets, { title: `Laporan Bulanan ${month}`, created: new Date(snapshot.generatedAt) });
  }
  return { bytes, fileName, contentType: TYPES[format], status: snapshot.status };
}
