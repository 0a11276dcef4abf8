// The stock ledger summed per commodity, month and kind, kept up to date in the same transaction
// as every movement: stock on hand and a month's opening balance read a few hundred rows, not the
// whole ledger.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stock_month_totals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    // 'YYYY-MM' of the movements' date (WIB)
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('qty_g', 'bigint', (c) => c.notNull())
    .addColumn('heads', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_month_totals_key')
    .unique()
    .on('stock_month_totals')
    .columns(['commodity_id', 'month', 'kind'])
    .execute();
  await db.schema.createIndex('stock_month_totals_month_idx').on('stock_month_totals').columns(['month', 'commodity_id']).execute();
  const month = sql<string>`substr(moved_on, 1, 7)`;
  await db
    .insertInto('stock_month_totals')
    .columns(['commodity_id', 'month', 'kind', 'qty_g', 'heads'])
    .expression((eb) =>
      eb
        .selectFrom('stock_movements')
        .select((s) => ['commodity_id', month.as('month'), 'kind', s.fn.sum('qty_g').as('qty_g'), s.fn.sum('heads').as('heads')])
        .groupBy(['commodity_id', month, 'kind']),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stock_month_totals').execute();
}
