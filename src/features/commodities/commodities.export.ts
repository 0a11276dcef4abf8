// One column per commodity in a download: kg for each, ekor beside it where heads are counted.
// Every commodity, deactivated ones too, in id order, so a month's file lines up with the last one.
import type { DbOrTrx } from '../../db/connect.ts';
import type { Cell } from '../../lib/csv.ts';
import type { Column } from '../../lib/sheets.ts';
import { listCommodities } from './commodities.queries.ts';

export interface CommodityQty {
  commodity_id: number;
  qty_g: number;
  heads: number | null;
}

export interface CommodityColumns {
  columns: Column[];
  /** A row's cells from its quantities (lines of one commodity add up); blank where there is none. */
  cells(qtys: readonly CommodityQty[]): Cell[];
}

export async function commodityColumns(db: DbOrTrx): Promise<CommodityColumns> {
  const commodities = [...(await listCommodities(db))].sort((a, b) => a.id - b.id);
  const columns: Column[] = commodities.flatMap((c) => [
    { header: `${c.name} (kg)`, kind: 'kg' as const },
    ...(c.tracks_heads ? [{ header: `${c.name} (ekor)`, kind: 'int' as const }] : []),
  ]);
  return {
    columns,
    cells(qtys) {
      return commodities.flatMap((c) => {
        const mine = qtys.filter((q) => q.commodity_id === c.id);
        const grams = mine.length ? mine.reduce((s, q) => s + q.qty_g, 0) : null;
        const counted = mine.filter((q) => q.heads !== null);
        const heads = counted.length ? counted.reduce((s, q) => s + q.heads!, 0) : null;
        return c.tracks_heads ? [grams, heads] : [grams];
      });
    },
  };
}
