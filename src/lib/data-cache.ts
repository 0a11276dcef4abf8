// Figures computed from the records, kept until the records change. The version moves when a
// write commits (src/db/connect.ts settles it after every commit and every statement outside a
// transaction, and never on a rollback), and when another process commits to the same database
// file (SQLite's data_version, probed on every read of the cache). A cached value is served only
// while the version it was computed at is still current, and for at most a minute.
//
// One process holds one cache; several app processes (a PostgreSQL deployment) will need the
// version kept in the database instead of here.

let version = 0;
const probes = new Set<() => number>();

/** Called by the database layer when a write has committed. */
export function bumpDataVersion(): void {
  version++;
}

/**
 * A database connection registers a cheap reading that changes when another process commits
 * (SQLite's `PRAGMA data_version`); returns the call that unregisters it when the connection closes.
 */
export function registerVersionProbe(probe: () => number): () => void {
  probes.add(probe);
  return () => probes.delete(probe);
}

/** The current version of the records as this process can see it. */
export function dataVersion(): string {
  let v = String(version);
  for (const probe of probes) v += `:${probe()}`;
  return v;
}

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 200;
const entries = new Map<string, { version: string; at: number; value: Promise<unknown> }>();

/** The value for `key` computed at the current version, computing it once however many ask at the same time. */
export function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const current = dataVersion();
  const hit = entries.get(key);
  if (hit && hit.version === current && now - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = compute();
  entries.set(key, { version: current, at: now, value });
  // A failed computation is not kept.
  value.catch(() => entries.delete(key));
  return value;
}
