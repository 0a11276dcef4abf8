// Locked months: once a month's report is final, nothing dated in it — or before it, since its
// opening stock is the sum of everything earlier — may be added, changed or voided.
import type { DbOrTrx } from '../../db/connect.ts';
import { formatMonth } from '../../lib/format.ts';
import { ValidationError } from '../../lib/errors.ts';
import { latestFinalMonth } from './locks.queries.ts';

/** A write dated in a locked month; its own class so callers can tell it from a stock shortage. */
export class MonthLockedError extends ValidationError {
  constructor(
    readonly month: string,
    readonly latestFinal: string,
  ) {
    const msg =
      month === latestFinal
        ? `Laporan bulan ${formatMonth(month)} sudah final, sehingga catatan bertanggal pada bulan itu tidak dapat ditambah, diubah, atau dibatalkan.`
        : `Laporan bulan ${formatMonth(latestFinal)} sudah final, dan stok awalnya dihitung dari semua catatan sebelumnya, sehingga catatan bertanggal ${formatMonth(month)} tidak dapat lagi ditambah, diubah, atau dibatalkan.`;
    super(
      {},
      `${msg} Bila perlu koreksi, minta admin membuka kembali laporan bulan ${formatMonth(latestFinal)} (dengan alasan) di menu Laporan.`,
    );
  }
}

/** The newest month with a final report, or null: it and every month before it are locked. */
export async function lockedThrough(db: DbOrTrx): Promise<string | null> {
  return latestFinalMonth(db);
}

/** Refuses a write dated on any of these days ('YYYY-MM-DD') in a locked month. Call inside the write's transaction. */
export async function assertDaysOpen(db: DbOrTrx, days: string[]): Promise<void> {
  if (!days.length) return;
  const latest = await latestFinalMonth(db);
  if (!latest) return;
  const earliest = days.map((d) => d.slice(0, 7)).sort()[0]!;
  if (earliest <= latest) throw new MonthLockedError(earliest, latest);
}
