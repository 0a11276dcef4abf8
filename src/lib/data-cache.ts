// Figures computed from the records, kept until the records change. The version moves when a
// write commits (src/db/connect.ts settles it after every commit and every statement outside a
// transaction, and never on a rollback), and when another process commits to the same database
// file (SQLite's data_version, probed on every read of the cache). A cached value is served only
// while the version it was computed at is still current, and for at most a minute.
//
// On PostgreSQL several processes share the records: there the version is also a row that every
// committed write moves in its own transaction (src/db/postgres.ts), read by each cached read, so a
// page cached by one process is not served after another process changed the records.

/**
 * Writes no cached figure reads: a signed-in user's session (touched about once a minute and on
 * every flash message), the attempt counts of the rate limits, and uploaded files (the record that
 * names one is written on its own). Those leave the cache as it is.
 */
export const UNCACHED_WRITE = /^\s*(insert\s+into|update|delete\s+from)\s+"(sessions|rate_limits|stored_files)"/i;

import { scopeKey } from '../db/unit-scope.ts';

let version = 0;
const probes = new Set<() => number | Promise<number>>();

/** Called by the database layer when a write has committed. */
export function bumpDataVersion(): void {
  version++;
}

/**
 * A database connection registers a cheap reading that changes when another process commits
 * (SQLite's `PRAGMA data_version`); returns the call that unregisters it when the connection closes.
 */
export function registerVersionProbe(probe: () => number | Promise<number>): () => void {
  probes.add(probe);
  return () => probes.delete(probe);
}

/** The current version of the records as this process can see it. */
export async function dataVersion(): Promise<string> {
  let v = String(version);
  for (const probe of probes) v += `:${await probe()}`;
  return v;
}

const MAX_AGE_MS = 60_000;

/** Values computed from the records, each served while the version it was computed at is current. */
export class VersionedCache {
  private readonly entries = new Map<string, { version: string; at: number; value: Promise<unknown> }>();
  constructor(private readonly maxEntries: number) {}

  /** The value for `key` computed at the current version, computing it once however many ask at the same time. */
  async get<T>(name: string, compute: () => Promise<T>): Promise<T> {
    // One unit's figures are never served to another: the scope is part of every key.
    const key = `${scopeKey()}|${name}`;
    const current = await dataVersion();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.version === current && now - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = compute();
    this.entries.set(key, { version: current, at: now, value });
    // A failed computation is not kept.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

const figures = new VersionedCache(200);

/** The value for `key` computed at the current version, computing it once however many ask at the same time. */
export function cached<T>(name: string, compute: () => Promise<T>): Promise<T> {
  return figures.get(name, compute);
}
