// A total over several commodities never adds fish kilos to vegetable kilos without saying so: one
// sum per kind of commodity, named ("sayur 3,5 kg · ikan 2 kg (10 ekor)").
import { formatKg, formatNumber } from './format.ts';

const KIND_ORDER = ['sayur', 'ikan', 'lainnya'] as const;

/** "sayur 1 kg · ikan 2 kg (10 ekor)"; '' for no items. */
export function kindTotalsLine(items: Array<{ kind: string; qty_g: number; heads: number | null }>): string {
  const kinds = [...new Set([...KIND_ORDER, ...items.map((i) => i.kind)])];
  return kinds
    .flatMap((kind) => {
      const of = items.filter((i) => i.kind === kind);
      if (!of.length) return [];
      const g = of.reduce((s, i) => s + i.qty_g, 0);
      const heads = of.reduce((s, i) => s + (i.heads ?? 0), 0);
      return [`${kind} ${formatKg(g)}${heads ? ` (${formatNumber(heads)} ekor)` : ''}`];
    })
    .join(' · ');
}
