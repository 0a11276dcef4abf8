// Each unit's commodity maps to the programme's national catalogue (src/lib/national-catalogue.ts):
// its code and its sector, so that units add up by sector. The seeded commodities and those named
// like a catalogue entry are mapped now; any other stays unmapped (shown as such) until its admin
// maps it.
import type { Kysely } from 'kysely';

/** Names as units write them → code and sector (frozen here: the catalogue may grow later). */
const KNOWN: Array<[RegExp, string, string]> = [
  [/^terong/, 'terong', 'pertanian'],
  [/^cabai|^cabe/, 'cabai', 'pertanian'],
  [/^tomat/, 'tomat', 'pertanian'],
  [/^kangkung/, 'kangkung', 'pertanian'],
  [/^bayam/, 'bayam', 'pertanian'],
  [/^sawi/, 'sawi', 'pertanian'],
  [/^kacang panjang/, 'kacang_panjang', 'pertanian'],
  [/^(mentimun|timun)/, 'mentimun', 'pertanian'],
  [/^jagung/, 'jagung', 'pertanian'],
  [/^telur ayam/, 'telur_ayam', 'peternakan'],
  [/^ayam kampung/, 'ayam_kampung', 'peternakan'],
  [/^ayam/, 'ayam_pedaging', 'peternakan'],
  [/^lele/, 'lele', 'perikanan'],
  [/^nila/, 'nila', 'perikanan'],
  [/^gura?mi/, 'gurami', 'perikanan'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commodities').addColumn('national_code', 'varchar(30)').execute();
  await db.schema.alterTable('commodities').addColumn('sector', 'varchar(20)').execute();
  const rows = await db.selectFrom('commodities').select(['id', 'name']).execute();
  for (const r of rows) {
    const name = String(r.name).trim().toLowerCase();
    const hit = KNOWN.find(([re]) => re.test(name));
    if (hit) await db.updateTable('commodities').set({ national_code: hit[1], sector: hit[2] }).where('id', '=', r.id).execute();
  }
  await db.schema.createIndex('commodities_unit_national_idx').on('commodities').columns(['unit_id', 'national_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commodities_unit_national_idx').execute();
  await db.schema.alterTable('commodities').dropColumn('sector').execute();
  await db.schema.alterTable('commodities').dropColumn('national_code').execute();
}
