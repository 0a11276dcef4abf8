// All Kysely for site settings versions and signatories.
import type { DbOrTrx } from '../../db/connect.ts';
import type { NewSignatory, NewSiteSettings, Signatory, SiteSettings } from '../../db/database.ts';

/** The version in force on a day: the latest that started on or before it. */
export async function settingsInForceOn(db: DbOrTrx, isoDate: string): Promise<SiteSettings | undefined> {
  return db
    .selectFrom('site_settings')
    .selectAll()
    .where('effective_from', '<=', isoDate)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function earliestSettings(db: DbOrTrx): Promise<SiteSettings | undefined> {
  return db.selectFrom('site_settings').selectAll().orderBy('effective_from').orderBy('id').limit(1).executeTakeFirst();
}

export async function listSettingsVersions(db: DbOrTrx, limit = 20) {
  return db
    .selectFrom('site_settings')
    .leftJoin('users', 'users.id', 'site_settings.created_by')
    .select([
      'site_settings.id',
      'site_settings.effective_from',
      'site_settings.unit_name',
      'site_settings.created_at',
      'users.full_name as created_by_name',
    ])
    .orderBy('site_settings.id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertSettings(db: DbOrTrx, row: NewSiteSettings): Promise<number> {
  const r = await db.insertInto('site_settings').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findSettingsByLogo(db: DbOrTrx, logoFile: string) {
  return db.selectFrom('site_settings').select('id').where('logo_file', '=', logoFile).limit(1).executeTakeFirst();
}

/** Every logo file some settings version refers to, once each. */
export async function listLogoFiles(db: DbOrTrx): Promise<string[]> {
  const rows = await db
    .selectFrom('site_settings')
    .select('logo_file')
    .distinct()
    .where('logo_file', 'is not', null)
    .orderBy('logo_file')
    .execute();
  return rows.map((r) => r.logo_file!);
}

export async function listSignatories(db: DbOrTrx): Promise<Signatory[]> {
  return db.selectFrom('signatories').selectAll().orderBy('position').orderBy('valid_from', 'desc').execute();
}

export async function findSignatory(db: DbOrTrx, id: number): Promise<Signatory | undefined> {
  return db.selectFrom('signatories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function signatoriesOfPosition(db: DbOrTrx, position: string): Promise<Signatory[]> {
  return db.selectFrom('signatories').selectAll().where('position', '=', position).orderBy('valid_from').execute();
}

export async function signatoryInOffice(db: DbOrTrx, position: string, isoDate: string): Promise<Signatory | undefined> {
  return db
    .selectFrom('signatories')
    .selectAll()
    .where('position', '=', position)
    .where('valid_from', '<=', isoDate)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', isoDate)]))
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertSignatory(db: DbOrTrx, row: NewSignatory): Promise<number> {
  const r = await db.insertInto('signatories').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateSignatoryRow(db: DbOrTrx, id: number, changes: Partial<NewSignatory>): Promise<void> {
  await db.updateTable('signatories').set(changes).where('id', '=', id).execute();
}
