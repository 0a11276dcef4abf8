// Figures computed from the records, kept until the records change: every write bumps a version
// (recordAudit, which every write transaction calls), and a cached value is served only while the
// version it was computed at is still current, and for at most a minute.
//
// One process holds one cache; several app processes (a PostgreSQL deployment) would each keep
// their own, and a write in one would reach the others' pages within that minute.

let version = 0;

/** Called inside every write transaction (by recordAudit). */
export function bumpDataVersion(): void {
  version++;
}

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 200;
const entries = new Map<string, { version: number; at: number; value: Promise<unknown> }>();

/** The value for `key` computed at the current version, computing it once however many ask at the same time. */
export function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.version === version && now - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = compute();
  entries.set(key, { version, at: now, value });
  // A failed computation is not kept.
  value.catch(() => entries.delete(key));
  return value;
}
