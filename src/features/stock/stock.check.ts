// The check of an existing database: every day on which a commodity's balance already ends below
// zero (written before Lumbung checked every date), in words for the admin. Changes nothing.
import type { DbOrTrx } from '../../db/connect.ts';
import { formatDayShort, formatKg, formatNumber } from '../../lib/format.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { negativeBalances, type NegativeDay } from './stock.balance.ts';

export interface NegativeStockReport {
  days: Array<NegativeDay & { commodity: string }>;
  /** one line per commodity: how many days, the first and the lowest */
  summary: string[];
}

export async function negativeStockReport(db: DbOrTrx): Promise<NegativeStockReport> {
  const names = new Map((await listCommodities(db)).map((c) => [c.id, c.name]));
  const days = (await negativeBalances(db)).map((d) => ({ ...d, commodity: names.get(d.commodityId) ?? `#${d.commodityId}` }));
  const summary: string[] = [];
  for (const id of new Set(days.map((d) => d.commodityId))) {
    const own = days.filter((d) => d.commodityId === id);
    // A pond can be short in ekor only: the lowest is told in the measure that went below zero.
    const inKg = own.some((d) => d.qtyG < 0);
    const lowest = own.reduce((a, b) => ((inKg ? b.qtyG < a.qtyG : b.heads < a.heads) ? b : a));
    const low = inKg ? formatKg(lowest.qtyG) : `${formatNumber(lowest.heads)} ekor`;
    summary.push(
      `${own[0]!.commodity}: ${own.length} hari di bawah nol, mulai ${formatDayShort(own[0]!.day)}, terendah ${low} pada ${formatDayShort(lowest.day)}.`,
    );
  }
  return { days, summary };
}

/** One line per day, for the command's listing. */
export function negativeDayLine(d: NegativeDay & { commodity: string }): string {
  const heads = d.heads < 0 ? `, ${formatNumber(d.heads)} ekor` : '';
  return `${formatDayShort(d.day)}  ${d.commodity}: stok akhir hari ${formatKg(d.qtyG)}${heads}`;
}

/** What the server and `npm run migrate` print at start when such days exist (nothing otherwise). */
export async function negativeStockWarning(db: DbOrTrx): Promise<string | null> {
  const { days, summary } = await negativeStockReport(db);
  if (!days.length) return null;
  return [
    `Peringatan: stok beberapa komoditas tercatat di bawah nol pada ${days.length} hari (catatan lama, sebelum Lumbung memeriksa setiap tanggal).`,
    ...summary.map((s) => `  ${s}`),
    '  Daftar lengkapnya: npm run check:stock. Perbaiki dengan stok opname pada tanggal-tanggal itu (menu Stok → Stok opname). Tidak ada yang diubah otomatis.',
  ].join('\n');
}
