// The audit trail every write goes through, in the same transaction as the write itself.
import type { DbOrTrx } from '../../db/connect.ts';
import { paging } from '../../lib/paging.ts';
import { nowIso } from '../../lib/time.ts';
import { countAudit, insertAudit, listAudit, listAuditEntities, namesFor, type AuditFilter } from './audit.queries.ts';
import { auditFields, referencedIds } from './audit.fields.ts';

/**
 * What a harvest correction made before every correction needed a reason shows instead of an
 * empty cell or "–" (the audit page, the monthly report's annex).
 */
export const REASON_NOT_RECORDED = 'tidak dicatat (diubah sebelum alasan diwajibkan)';

export interface AuditInput {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Fields that never enter the audit trail as they are. */
const SECRET_KEYS = new Set(['password', 'password_hash', 'password_confirm', 'session', 'sid']);

function redact(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? '[disembunyikan]' : v));
}

export async function recordAudit(db: DbOrTrx, e: AuditInput): Promise<void> {
  await insertAudit(db, {
    at: nowIso(),
    user_id: e.userId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
    before_json: redact(e.before),
    after_json: redact(e.after),
    reason: e.reason ?? null,
  });
}

export const PAGE_SIZE = 50;

/** WIB day bounds → UTC instants (WIB is UTC+7 all year, no daylight saving). */
export function wibDayStartUtc(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00+07:00`).toISOString();
}
export function wibDayEndUtc(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00+07:00`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export async function browseAudit(
  db: DbOrTrx,
  q: { entity: string | null; userId: number | null; from: string | null; to: string | null; page: number },
) {
  const filter: AuditFilter = {
    entity: q.entity,
    userId: q.userId,
    from: q.from ? wibDayStartUtc(q.from) : null,
    to: q.to ? wibDayEndUtc(q.to) : null,
  };
  const total = await countAudit(db, filter);
  const { page, pages, limit, offset } = paging(total, q.page, PAGE_SIZE);
  const found = await listAudit(db, filter, limit, offset);
  const names = await namesFor(db, referencedIds(found.flatMap((r) => [r.before_json, r.after_json])));
  const rows = found.map((r) => ({
    ...r,
    before: auditFields(r.entity, r.before_json, names),
    after: auditFields(r.entity, r.after_json, names),
    reason: r.reason ?? (r.entity === 'harvest' && r.action === 'update' ? REASON_NOT_RECORDED : null),
  }));
  return { rows, total, page, pages, entities: await listAuditEntities(db) };
}
