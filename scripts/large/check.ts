// Cheap SQL checks of a generated database: the ledger never below zero at any point, every
// record's movements add up, receipt numbers gap-free per year and the counters in step. Every
// correlation names the unit too: the indexes lead with it (migration 0021), and without it each
// lookup would read the whole ledger.
import type SQLite from 'better-sqlite3';

export function checkConsistency(sqlite: SQLite.Database): string[] {
  const problems: string[] = [];
  const all = <T>(q: string) => sqlite.prepare(q).all() as T[];
  const one = (q: string) => Number(sqlite.prepare(q).pluck().get() ?? 0);

  // Running balance per commodity in date order (and entry order within a day): never below zero.
  for (const r of all<{ commodity_id: number; min_g: number; min_heads: number; end_g: number }>(`
    select commodity_id, min(g) as min_g, min(h) as min_heads, sum(case when last = 1 then g end) as end_g from (
      select commodity_id,
        sum(qty_g) over (partition by commodity_id order by moved_on, id) as g,
        sum(heads) over (partition by commodity_id order by moved_on, id) as h,
        row_number() over (partition by commodity_id order by moved_on desc, id desc) as last
      from stock_movements)
    group by commodity_id`)) {
    if (r.min_g < 0 || r.min_heads < 0)
      problems.push(`stok komoditas ${r.commodity_id} pernah di bawah nol (${r.min_g} g, ${r.min_heads} ekor)`);
    if (r.end_g < 0) problems.push(`stok komoditas ${r.commodity_id} di bawah nol`);
  }

  const harvests = one(`
    select count(*) from harvests h
    where coalesce((select sum(m.qty_g) from stock_movements m where m.unit_id = h.unit_id and m.harvest_id = h.id), 0)
      != case when h.status = 'active' then h.weight_g else 0 end`);
  if (harvests) problems.push(`${harvests} panen tidak cocok dengan pergerakan stoknya`);

  const outflows = one(`
    select count(*) from outflows o
    where coalesce((select sum(m.qty_g) from stock_movements m where m.unit_id = o.unit_id and m.outflow_id = o.id), 0)
      != case when o.status = 'active' then -o.qty_g else 0 end`);
  if (outflows) problems.push(`${outflows} pengeluaran tidak cocok dengan pergerakan stoknya`);

  const handovers = one(`
    select count(*) from (
      select d.status,
        (select sum(i.qty_g) from distribution_items i where i.unit_id = d.unit_id and i.distribution_id = d.id) as items,
        coalesce((select sum(m.qty_g) from stock_movements m where m.unit_id = d.unit_id and m.distribution_id = d.id), 0) as net
      from distributions d)
    where items is null or net != case when status = 'active' then -items else 0 end`);
  if (handovers) problems.push(`${handovers} penyaluran tanpa barang atau tidak cocok dengan pergerakan stoknya`);

  for (const r of all<{ receipt_year: number; n: number; lo: number; hi: number; distinct_n: number; last_seq: number | null }>(`
    select d.receipt_year, count(*) as n, min(d.receipt_seq) as lo, max(d.receipt_seq) as hi, count(distinct d.receipt_seq) as distinct_n,
      (select c.last_seq from receipt_counters c where c.unit_id = d.unit_id and c.year = d.receipt_year) as last_seq
    from distributions d group by d.unit_id, d.receipt_year`)) {
    if (r.lo !== 1 || r.hi !== r.n || r.distinct_n !== r.n || r.last_seq !== r.hi) {
      problems.push(
        `nomor tanda terima ${r.receipt_year} tidak urut tanpa celah (${r.n} buah, ${r.lo}..${r.hi}, penghitung ${r.last_seq})`,
      );
    }
  }

  // The monthly totals the app keeps beside the ledger (when this schema has them) equal the ledger.
  if (one("select count(*) from sqlite_master where type = 'table' and name = 'stock_month_totals'")) {
    const off = one(`
      select count(*) from (
        select commodity_id, substr(moved_on, 1, 7) as month, kind, sum(qty_g) as g, sum(heads) as h from stock_movements group by 1, 2, 3) m
      full join stock_month_totals t on t.commodity_id = m.commodity_id and t.month = m.month and t.kind = m.kind
      where coalesce(t.qty_g, 0) != coalesce(m.g, 0) or coalesce(t.heads, 0) != coalesce(m.h, 0)`);
    if (off) problems.push(`${off} baris stock_month_totals tidak sama dengan buku besar`);
  }
  return problems;
}
