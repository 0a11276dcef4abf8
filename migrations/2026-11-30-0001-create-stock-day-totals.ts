// The stock ledger's net per commodity and day, kept in the same transaction as every movement:
// a write that lowers stock checks the running balance of its own date and every later date
// from the monthly totals before it and these days after it, never by reading the ledger.
import { type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stock_day_totals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('commodity_id', 'integer', (c) => c.notNull().references('commodities.id'))
    // 'YYYY-MM-DD' of the movements' date (WIB)
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('qty_g', 'bigint', (c) => c.notNull())
    .addColumn('heads', 'bigint', (c) => c.notNull())
    .execute();
  // The check reads (commodity, day >= d) in order: this index covers it.
  await db.schema.createIndex('stock_day_totals_key').unique().on('stock_day_totals').columns(['commodity_id', 'day']).execute();
  await db
    .insertInto('stock_day_totals')
    .columns(['commodity_id', 'day', 'qty_g', 'heads'])
    .expression((eb) =>
      eb
        .selectFrom('stock_movements')
        .select((s) => ['commodity_id', 'moved_on', s.fn.sum('qty_g').as('qty_g'), s.fn.coalesce(s.fn.sum('heads'), s.lit(0)).as('heads')])
        .groupBy(['commodity_id', 'moved_on']),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stock_day_totals').execute();
}
