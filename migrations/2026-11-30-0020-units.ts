// The unit tree: Ditjenpas (national) → Kanwil → UPT (Rutan, Lapas, LPKA, Lapas Terbuka…). An
// installation that already holds a unit's records becomes that one UPT (the first id), named after its
// newest letterhead, so that the unit's records can be given to it; a fresh installation gets its
// unit on the first-run page.
import type { Kysely } from 'kysely';

/** What the unit's name says it is (as src/features/units/units.service.ts reads it today). */
function uptTypeOf(name: string): string {
  const n = name.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^(lapas terbuka|lembaga pemasyarakatan terbuka)/.test(n)) return 'lapas_terbuka';
  if (/^(rutan|rumah tahanan)/.test(n)) return 'rutan';
  if (/^(lpka|lembaga pembinaan khusus anak)/.test(n)) return 'lpka';
  if (/^(bapas|balai pemasyarakatan)/.test(n)) return 'bapas';
  if (/^(lapas|lembaga pemasyarakatan)/.test(n)) return 'lapas';
  return 'lainnya';
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
    // 'national' | 'kanwil' | 'upt'
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    // for a UPT: 'rutan' | 'lapas' | 'lpka' | 'lapas_terbuka' | 'bapas' | 'lainnya'
    .addColumn('upt_type', 'varchar(20)')
    .addColumn('code', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(150)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_code_unique').unique().on('units').column('code').execute();
  await db.schema.createIndex('units_parent_idx').on('units').columns(['parent_id', 'name']).execute();

  const letterhead = await db
    .selectFrom('site_settings')
    .select(['unit_name', 'unit_code'])
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!letterhead && !anyUser) return;
  const now = new Date().toISOString();
  const name = letterhead?.unit_name.trim() || 'Unit';
  const code = letterhead?.unit_code.trim() || 'UNIT';
  await db
    .insertInto('units')
    .values({ parent_id: null, kind: 'upt', upt_type: uptTypeOf(name), code, name, active: 1, created_at: now, updated_at: now })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('units').execute();
}
