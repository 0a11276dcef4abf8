// All Kysely for the recipient register: search, look-alikes, insert and update.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/connect.ts';
import type { RecipientCategory, RecipientsTable } from '../../db/database.ts';
import { inSlices, likePattern } from '../../db/sql-helpers.ts';

function withInmate(db: DbOrTrx) {
  return db.selectFrom('recipients as r').leftJoin('inmates as i', 'i.id', 'r.inmate_id');
}

const columns = [
  'r.id',
  'r.category',
  'r.name',
  'r.nik',
  'r.inmate_id',
  'r.relation',
  'r.address',
  'r.rt_rw',
  'r.village',
  'r.district',
  'r.phone',
  'r.household_size',
  'r.note',
  'r.active',
  'r.created_at',
  'r.updated_at',
  'r.kk_number',
  'r.merged_into_id',
  'i.name as inmate_name',
  'i.reg_number as inmate_reg_number',
  'i.active as inmate_active',
] as const;

/** Recipients by id with their inmate, in no set order. */
export async function findRecipients(db: DbOrTrx, ids: number[]) {
  return inSlices(ids, 500, (part) => withInmate(db).select(columns).where('r.id', 'in', part).execute());
}

export interface RecipientFilter {
  /** A part of a name, phone, inmate name or registration number, or a whole NIK or No. KK (a part too with `nikPartial`). */
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
      // The No. KK is personal data like the NIK: the same rule for a part of it.
      if (f.nikPartial) {
        ors.push(sql`r.nik like ${likePattern(compact)} escape '\\'`, sql`r.kk_number like ${likePattern(compact)} escape '\\'`);
      } else if (/^\d{16}$/.test(compact)) {
        ors.push(sql`r.nik = ${compact}`, sql`r.kk_number = ${compact}`);
      }
      for (const form of phoneForms(compact)) ors.push(sql`r.phone like ${likePattern(form)} escape '\\'`);
    }
    q = q.where(sql<boolean>`(${sql.join(ors, sql` or `)})`);
  }
  return q;
}

export async function countRecipients(db: DbOrTrx, f: RecipientFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listRecipients(db: DbOrTrx, f: RecipientFilter, limit: number, offset: number) {
  return filtered(db, f).select(columns).orderBy('r.name').orderBy('r.id').limit(limit).offset(offset).execute();
}

/** A batch of the recipients of a filter, in the list's order, after this one (for downloads). */
export async function recipientsForExport(db: DbOrTrx, f: RecipientFilter, after: { name: string; id: number } | undefined, limit: number) {
  let q = filtered(db, f);
  if (after) q = q.where(sql<boolean>`(r.name, r.id) > (${after.name}, ${after.id})`);
  return q.select(columns).orderBy('r.name').orderBy('r.id').limit(limit).execute();
}

/** The first and last registration time of the recipients of a filter (a download's name). */
export async function registeredSpan(db: DbOrTrx, f: RecipientFilter) {
  return filtered(db, f)
    .select((eb) => [eb.fn.min<string | null>('r.created_at').as('first'), eb.fn.max<string | null>('r.created_at').as('last')])
    .executeTakeFirstOrThrow();
}

/** The ids of the recipients of a filter that have a NIK or a No. KK (what a whole download shows). */
export async function idsWithNik(db: DbOrTrx, f: RecipientFilter): Promise<number[]> {
  const rows = await filtered(db, f)
    .select('r.id')
    .where(sql<boolean>`(coalesce(r.nik, '') <> '' or coalesce(r.kk_number, '') <> '')`)
    .execute();
  return rows.map((r) => r.id);
}

/** Case and spaces do not make two people different: "Siti  Aminah" = "siti aminah". */
export function looseKey(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '');
}

/**
 * Words put before a name that say how she or he is addressed, not who it is: "Bu Marsini",
 * "Ibu Marsini", "Hj. Marsini" and "Marsini" are one person.
 */
const HONORIFICS = new Set([
  'bu',
  'ibu',
  'pak',
  'bapak',
  'bpk',
  'mbah',
  'mbok',
  'mbak',
  'mas',
  'sdr',
  'sdri',
  'sdra',
  'saudara',
  'saudari',
  'nyonya',
  'ny',
  'nona',
  'nn',
  'tuan',
  'tn',
  'h',
  'hj',
  'haji',
  'hajah',
  'hajjah',
  'kh',
  'almarhum',
  'alm',
  'almh',
]);

/** A name as one person is known by: case, spaces, dots and honorifics in front left out ("Ny. Hj. Siti" → "siti"). */
export function nameKey(name: string): string {
  const words = name
    .toLowerCase()
    .split(/[\s.,]+/)
    .filter(Boolean);
  while (words.length > 1 && HONORIFICS.has(words[0]!)) words.shift();
  return words.join('');
}

function loose(column: 'r.address' | 'r.village') {
  return sql<string>`replace(lower(${sql.ref(column)}), ' ', '')`;
}

/**
 * Records that may be the same person: at the same address and village, or on the same family
 * card, with the same name once honorifics are left out (compared here, not in SQL, so that the
 * rule is one function). Merged records are left out: their person has another record.
 */
export async function findLookAlikes(
  db: DbOrTrx,
  p: { name: string; address: string; village: string; kk_number?: string | null },
  exceptId?: number,
) {
  let q = withInmate(db)
    .select(columns)
    .where('r.merged_into_id', 'is', null)
    .where((eb) => {
      const sameHome = eb.and([eb(loose('r.address'), '=', looseKey(p.address)), eb(loose('r.village'), '=', looseKey(p.village))]);
      return p.kk_number ? eb.or([sameHome, eb('r.kk_number', '=', p.kk_number)]) : sameHome;
    });
  if (exceptId) q = q.where('r.id', '!=', exceptId);
  const key = nameKey(p.name);
  return (await q.orderBy('r.name').limit(500).execute()).filter((r) => nameKey(r.name) === key).slice(0, 10);
}

/** The record that holds this NIK already, other than `exceptId`. */
export async function findNikOwner(db: DbOrTrx, nik: string, exceptId?: number) {
  let q = withInmate(db).select(columns).where('r.nik', '=', nik);
  if (exceptId) q = q.where('r.id', '!=', exceptId);
  return q.orderBy('r.id').executeTakeFirst();
}

export async function insertRecipient(db: DbOrTrx, row: Insertable<RecipientsTable>): Promise<number> {
  return (await db.insertInto('recipients').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRecipientRow(db: DbOrTrx, id: number, changes: Updateable<RecipientsTable>): Promise<void> {
  await db.updateTable('recipients').set(changes).where('id', '=', id).execute();
}

/** Other records with this NIK (two records of one person, from before one NIK, one person). */
export async function findSameNik(db: DbOrTrx, nik: string, exceptId: number) {
  return withInmate(db)
    .select(columns)
    .where('r.nik', '=', nik)
    .where('r.id', '!=', exceptId)
    .where('r.merged_into_id', 'is', null)
    .execute();
}

/** Records found by name for the merge page, merged ones left out. */
export async function findByName(db: DbOrTrx, term: string, exceptId: number) {
  return filtered(db, { nameTerm: term })
    .select(columns)
    .where('r.id', '!=', exceptId)
    .where('r.merged_into_id', 'is', null)
    .orderBy('r.name')
    .orderBy('r.id')
    .limit(20)
    .execute();
}

/**
 * Moves every handover of one recipient to another, returning their receipt numbers. A form token
 * keeps one handover per recipient; where both records were ticked on one form, the moved one's
 * token gets a suffix (a resend of that old form is still recognised by the kept one's).
 */
export async function moveHandovers(db: DbOrTrx, fromId: number, toId: number): Promise<string[]> {
  const moving = await db
    .selectFrom('distributions')
    .select(['id', 'form_token', 'receipt_no'])
    .where('recipient_id', '=', fromId)
    .orderBy('id')
    .execute();
  const keptTokens = new Set(
    (await db.selectFrom('distributions').select('form_token').where('recipient_id', '=', toId).execute()).map((d) => d.form_token),
  );
  for (const d of moving) {
    if (keptTokens.has(d.form_token))
      await db
        .updateTable('distributions')
        .set({ form_token: `${d.form_token}-m${d.id}`.slice(0, 64) })
        .where('id', '=', d.id)
        .execute();
  }
  await db.updateTable('distributions').set({ recipient_id: toId }).where('recipient_id', '=', fromId).execute();
  return moving.map((d) => d.receipt_no);
}

/** Whether any NIK is still on two records of one unit (from before the unique index). */
export async function duplicateNikExists(db: DbOrTrx): Promise<boolean> {
  const dup = await db
    .selectFrom('recipients')
    .select('nik')
    .where('nik', 'is not', null)
    .groupBy(['unit_id', 'nik'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .limit(1)
    .executeTakeFirst();
  return Boolean(dup);
}

/**
 * The database's own refusal of a second record with one NIK in a unit (migration 0012's index,
 * which it skipped on duplicates, led by the unit as migration 0021 made every index).
 */
export async function createNikUniqueIndex(db: DbOrTrx): Promise<void> {
  await db.schema
    .createIndex('recipients_nik_unique')
    .ifNotExists()
    .unique()
    .on('recipients')
    .columns(['unit_id', 'nik'])
    .where('nik', 'is not', null)
    .execute();
}
