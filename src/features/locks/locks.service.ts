// Locked months: once a month's report is final, nothing dated in it may be added, changed or voided.
import type { DbOrTrx } from '../../db/connect.ts';
import { formatMonth } from '../../lib/format.ts';
import { ValidationError } from '../../web/errors.ts';
import { finalMonthsIn } from './locks.queries.ts';

/** A write dated in a finalised month; its own class so callers can tell it from a stock shortage. */
export class MonthLockedError extends ValidationError {
  constructor(readonly months: string[]) {
    const names = months.map(formatMonth).join(', ');
    const msg = `Laporan bulan ${names} sudah final, sehingga catatan bertanggal pada bulan itu tidak dapat ditambah, diubah, atau dibatalkan. ` +
      'Bila perlu koreksi, minta admin membuka kembali bulan tersebut (dengan alasan) di menu Laporan.';
    super({}, msg);
  }
}

/** The months among `months` that are locked by a final report. */
export async function lockedAmong(db: DbOrTrx, months: string[]): Promise<string[]> {
  const unique = [...new Set(months)];
  if (!unique.length) return [];
  return [...new Set(await finalMonthsIn(db, unique))].sort();
}

/** Refuses a write dated on any of these days ('YYYY-MM-DD') when its month is final. Call inside the write's transaction. */
export async function assertDaysOpen(db: DbOrTrx, days: string[]): Promise<void> {
  const locked = await lockedAmong(db, days.map((d) => d.slice(0, 7)));
  if (locked.length) throw new MonthLockedError(locked);
}
