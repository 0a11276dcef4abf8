// Handovers (distributions), their receipt numbers, and the events and packages they belong to.
import type { DbOrTrx } from '../../db/connect.ts';

export interface RecipientHistoryRow {
  id: number;
  receipt_no: string;
  handed_on: string;
  event_name: string | null;
  status: 'active' | 'void';
  /** "Terong 1 kg, Cabai 0,5 kg" */
  itemsLine: string;
}

/** What a recipient received, newest first, and this year's totals ("Terong 12 kg", …). */
export async function recipientHistory(_db: DbOrTrx, _recipientId: number): Promise<{ rows: RecipientHistoryRow[]; yearTotals: string[] }> {
  return { rows: [], yearTotals: [] };
}
