// A receipt's "Diterima tahun …" line is fixed when the receipt is issued: every print of the same
// number shows the same figures (a reprint after another receipt of the recipient was voided used to
// show other totals). Existing receipts get their figures once, as of their issue order: the valid
// receipts of the same recipient and year issued before them (or with them), counting one voided
// later as it was then, valid.
import type { Kysely } from 'kysely';

interface Totals {
  commodity_name: string;
  qty_g: number;
  heads: number | null;
}

/** Fills year_to_date_json of every receipt that has none. Exported for its test. */
export async function fillYearToDate(db: Kysely<any>): Promise<void> {
  const receipts: Array<{
    id: number;
    recipient_id: number;
    handed_on: string;
    status: string;
    voided_at: string | null;
    created_at: string;
    year_to_date_json: string | null;
  }> = await db
    .selectFrom('distributions')
    .select(['id', 'recipient_id', 'handed_on', 'status', 'voided_at', 'created_at', 'year_to_date_json'])
    .orderBy('id')
    .execute();
  if (!receipts.some((r) => r.year_to_date_json === null)) return;
  const items: Array<{
    distribution_id: number;
    commodity_id: number;
    name: string;
    sort_order: number;
    qty_g: number;
    heads: number | null;
  }> = await db
    .selectFrom('distribution_items as i')
    .innerJoin('commodities as c', 'c.id', 'i.commodity_id')
    .select(['i.distribution_id', 'i.commodity_id', 'c.name', 'c.sort_order', 'i.qty_g', 'i.heads'])
    .execute();
  const itemsOf = new Map<number, typeof items>();
  for (const i of items) itemsOf.set(i.distribution_id, [...(itemsOf.get(i.distribution_id) ?? []), i]);
  const byRecipientYear = new Map<string, typeof receipts>();
  for (const r of receipts) {
    const key = `${r.recipient_id}/${r.handed_on.slice(0, 4)}`;
    byRecipientYear.set(key, [...(byRecipientYear.get(key) ?? []), r]);
  }
  for (const d of receipts) {
    if (d.year_to_date_json !== null) continue;
    // Issued no later than d (a smaller id), dated no later, and valid when d was issued.
    const counted = byRecipientYear
      .get(`${d.recipient_id}/${d.handed_on.slice(0, 4)}`)!
      .filter(
        (e) =>
          e.id <= d.id &&
          e.handed_on <= d.handed_on &&
          (e.id === d.id || e.status === 'active' || (e.voided_at !== null && e.voided_at > d.created_at)),
      );
    const sums = new Map<number, Totals & { sort: number; id: number }>();
    for (const e of counted) {
      for (const i of itemsOf.get(e.id) ?? []) {
        const s = sums.get(i.commodity_id) ?? { commodity_name: i.name, qty_g: 0, heads: null, sort: i.sort_order, id: i.commodity_id };
        s.qty_g += i.qty_g;
        if (i.heads !== null) s.heads = (s.heads ?? 0) + i.heads;
        sums.set(i.commodity_id, s);
      }
    }
    const totals: Totals[] = [...sums.values()]
      .sort((a, b) => a.sort - b.sort || a.id - b.id)
      .map((s) => ({ commodity_name: s.commodity_name, qty_g: s.qty_g, heads: s.heads }));
    await db
      .updateTable('distributions')
      .set({ year_to_date_json: JSON.stringify(totals) })
      .where('id', '=', d.id)
      .execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('distributions').addColumn('year_to_date_json', 'text').execute();
  await fillYearToDate(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('distributions').dropColumn('year_to_date_json').execute();
}
