// All Kysely for the audit log.
import type { DbOrTrx } from '../../db/connect.ts';
import type { AuditLogTable } from '../../db/database.ts';
import type { Insertable } from 'kysely';

export async function insertAudit(db: DbOrTrx, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  entity?: string | null;
  userId?: number | null;
  from?: string | null;
  to?: string | null;
}

function filtered(db: DbOrTrx, f: AuditFilter) {
  let q = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.user_id');
  if (f.entity) q = q.where('audit_log.entity', '=', f.entity);
  if (f.userId) q = q.where('audit_log.user_id', '=', f.userId);
  // `at` is a UTC timestamp; the WIB day bounds are converted by the service.
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<', f.to);
  return q;
}

export async function listAudit(db: DbOrTrx, f: AuditFilter, limit: number, offset: number) {
  return filtered(db, f)
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.reason',
      'users.full_name as user_name',
      'users.username',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countAudit(db: DbOrTrx, f: AuditFilter): Promise<number> {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listAuditEntities(db: DbOrTrx): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute();
  return rows.map((r) => r.entity);
}

/** id → name of the records the shown page of the trail points at (commodities and locations are few: all). */
export async function namesFor(db: DbOrTrx, ids: { recipients: number[]; events: number[]; inmates: number[] }) {
  const pairs = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  const some = async (table: 'recipients' | 'events' | 'inmates', list: number[]) =>
    list.length ? pairs(await db.selectFrom(table).select(['id', 'name']).where('id', 'in', list).execute()) : new Map<number, string>();
  return {
    commodities: pairs(await db.selectFrom('commodities').select(['id', 'name']).execute()),
    locations: pairs(await db.selectFrom('locations').select(['id', 'name']).execute()),
    users: pairs(await db.selectFrom('users').select(['id', 'full_name as name']).execute()),
    recipients: await some('recipients', ids.recipients),
    events: await some('events', ids.events),
    inmates: await some('inmates', ids.inmates),
  };
}
