// All Kysely for the recipient register: search, look-alikes, insert and update.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { RecipientCategory, RecipientsTable } from '../../db/database.ts';
import { likePattern } from '../../db/sql-helpers.ts';

function withInmate(db: DbOrTrx) {
  return db.selectFrom('recipients as r').leftJoin('inmates as i', 'i.id', 'r.inmate_id');
}

const columns = [
  'r.id', 'r.category', 'r.name', 'r.nik', 'r.inmate_id', 'r.relation', 'r.address', 'r.rt_rw', 'r.village', 'r.district',
  'r.phone', 'r.household_size', 'r.note', 'r.active', 'r.created_at', 'r.updated_at',
  'i.name as inmate_name', 'i.reg_number as inmate_reg_number', 'i.active as inmate_active',
] as const;

export async function findRecipient(db: DbOrTrx, id: number) {
  return withInmate(db).select(columns).where('r.id', '=', id).executeTakeFirst();
}

export interface RecipientFilter {
  /** A part of a name, phone, inmate name or registration number, or a whole NIK (a part too with `nikPartial`). */
  term?: string;
  /**
   * A part of a NIK finds it too: for admins only. Anyone else sees the first and last four digits,
   * so a part that matched would give the rest away one digit at a time.
   */
  nikPartial?: boolean;
  /** Name only: for pick lists shown where the NIK must not be searchable. */
  nameTerm?: string;
  category?: RecipientCategory | null;
  activeOnly?: boolean;
}

/** The other ways a phone number may have been written: 0812… and +62812…. */
function phoneForms(digits: string): string[] {
  if (digits.startsWith('+62')) return [digits, `0${digits.slice(3)}`];
  if (digits.startsWith('62')) return [`+${digits}`, `0${digits.slice(2)}`];
  if (digits.startsWith('0')) return [digits, `+62${digits.slice(1)}`];
  return [digits];
}

function filtered(db: DbOrTrx, f: RecipientFilter) {
  let q = withInmate(db);
  if (f.category) q = q.where('r.category', '=', f.category);
  if (f.activeOnly) q = q.where('r.active', '=', 1);
  if (f.nameTerm) q = q.where(sql<boolean>`lower(r.name) like ${likePattern(f.nameTerm)} escape '\\'`);
  if (f.term) {
    const p = likePattern(f.term);
    // ESCAPE spelled out: SQLite has no default escape character, PostgreSQL's is the backslash.
    const ors = [
      sql`lower(r.name) like ${p} escape '\\'`,
      sql`lower(i.name) like ${p} escape '\\'`,
      sql`lower(i.reg_number) like ${p} escape '\\'`,
    ];
    // Numbers are typed with spaces and dashes ("3316 0101…", "0812-3456…"); stored without.
    const compact = f.term.replace(/[\s\-.()]/g, '');
    if (/^\+?\d+$/.test(compact)) {
      if (f.nikPartial) ors.push(sql`r.nik like ${likePattern(compact)} escape '\\'`);
      else if (/^\d{16}$/.test(compact)) ors.push(sql`r.nik = ${compact}`);
      for (const form of phoneForms(compact)) ors.push(sql`r.phone like ${likePattern(form)} escape '\\'`);
    }
    q = q.where(sql<boolean>`(${sql.join(ors, sql` or `)})`);
  }
  return q;
}

export async function countRecipients(db: DbOrTrx, f: RecipientFilter): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listRecipients(db: DbOrTrx, f: RecipientFilter, limit: number, offset: number) {
  return filtered(db, f).select(columns).orderBy('r.name').orderBy('r.id').limit(limit).offset(offset).execute();
}

/** Case and spaces do not make two people different: "Siti  Aminah" = "siti aminah". */
export function looseKey(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '');
}

function loose(column: 'r.name' | 'r.address' | 'r.village') {
  return sql<string>`replace(lower(${sql.ref(column)}), ' ', '')`;
}

/** Records with the same NIK, or the same name at the same address and village. */
export async function findLookAlikes(
  db: DbOrTrx,
  p: { nik: string | null; name: string; address: string; village: string },
  exceptId?: number,
) {
  let q = withInmate(db)
    .select(columns)
    .where((eb) => {
      const sameHome = eb.and([
        eb(loose('r.name'), '=', looseKey(p.name)),
        eb(loose('r.address'), '=', looseKey(p.address)),
        eb(loose('r.village'), '=', looseKey(p.village)),
      ]);
      return p.nik ? eb.or([eb('r.nik', '=', p.nik), sameHome]) : sameHome;
    });
  if (exceptId) q = q.where('r.id', '!=', exceptId);
  return q.orderBy('r.name').limit(10).execute();
}

export async function insertRecipient(db: DbOrTrx, row: Insertable<RecipientsTable>): Promise<number> {
  return (await db.insertInto('recipients').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRecipientRow(db: DbOrTrx, id: number, changes: Updateable<RecipientsTable>): Promise<void> {
  await db.updateTable('recipients').set(changes).where('id', '=', id).execute();
}
