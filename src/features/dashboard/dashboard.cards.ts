// The dashboard's figures as cards: a big number, what it links to, and how it compares.
import { formatKg, formatNumber, formatRupiah } from '../../lib/format.ts';
import { delta, type Compared, type Dashboard, type Delta } from './dashboard.service.ts';

export interface Card {
  label: string;
  value: string;
  extra?: string;
  href: string;
  compare: Array<{ label: string; value: string; delta: Delta }>;
}

function query(params: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
}

/** The dashboard's sections, each a list of cards; an empty list is a section this user does not see. */
export function dashboardCards(d: Dashboard) {
  const from = `${d.month}-01`;
  const to = d.today;
  const withYearAgo = d.parts.full;
  const compare = (c: Compared, show: (n: number) => string) => [
    { label: d.compareLabels.prev, value: show(c.prev), delta: delta(c.now, c.prev) },
    ...(withYearAgo ? [{ label: d.compareLabels.yearAgo, value: show(c.yearAgo), delta: delta(c.now, c.yearAgo) }] : []),
  ];
  const count = (n: number) => formatNumber(n);

  const harvest: Card[] = d.parts.harvest
    ? d.harvest.map((h) => ({
        label: h.name,
        value: formatKg(h.qtyG.now),
        extra: h.tracksHeads ? `${formatNumber(h.heads.now)} ekor` : undefined,
        href: `/harvests?${query({ from, to, commodity: h.commodityId })}`,
        compare: compare(h.qtyG, formatKg),
      }))
    : [];

  const outflows: Card[] = d.parts.outflows
    ? d.outflows.map((o) =>
        o.rupiah
          ? // A kind that carries rupiah (PNBP) shows the money, its kilos beside.
            {
              label: o.label,
              value: formatRupiah(d.salesRp.now),
              extra: formatKg(o.qtyG.now),
              href: `/stock/movements?${query({ kind: o.kind, from, to })}`,
              compare: compare(d.salesRp, formatRupiah),
            }
          : {
              label: o.label,
              value: formatKg(o.qtyG.now),
              href:
                o.source === 'distributions'
                  ? `/distributions?${query({ from, to, status: 'active' })}`
                  : `/stock/movements?${query({ kind: o.kind, from, to })}`,
              compare: compare(o.qtyG, formatKg),
            },
      )
    : [];

  const r = d.reach;
  const reach: Card[] = d.parts.reach
    ? [
        {
          label: 'Tanda terima diterbitkan',
          value: count(r.issued.now),
          href: `/distributions?${query({ from, to })}`,
          compare: compare(r.issued, count),
        },
        {
          label: 'Tanda terima dibatalkan',
          value: count(r.voided.now),
          href: `/distributions?${query({ from, to, status: 'void' })}`,
          compare: compare(r.voided, count),
        },
        {
          label: 'Keluarga WBP menerima',
          value: count(r.families.now),
          extra: `${count(r.handovers.now)} paket sah`,
          href: `/distributions?${query({ from, to, status: 'active' })}`,
          compare: compare(r.families, count),
        },
        ...(d.parts.households
          ? [
              {
                label: 'Rumah tangga (KK) terjangkau',
                value: count(r.households.now),
                href: `/distributions?${query({ from, to, status: 'active' })}`,
                compare: compare(r.households, count),
              },
            ]
          : []),
      ]
    : [];

  const stock: Card[] = d.stock.map((s) => ({
    label: s.commodity.name,
    value: formatKg(s.qtyG),
    extra: s.commodity.tracks_heads ? `${formatNumber(s.heads)} ekor` : undefined,
    href: `/stock/movements?${query({ commodity: s.commodity.id })}`,
    compare: [],
  }));

  return { harvest, outflows, reach, stock };
}
