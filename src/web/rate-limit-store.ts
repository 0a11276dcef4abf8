// express-rate-limit's counts kept in the database instead of each process's memory: with several
// processes (WORKERS on PostgreSQL) a login's failures add up whichever process answers, and a
// restart does not wipe them. One upsert per attempt, atomic on both engines.
import { sql } from 'kysely';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Db } from '../db/connect.ts';

/** Expired rows are cleared every so many increments of a process (they are ignored meanwhile). */
const SWEEP_EVERY = 200;

export class DatabaseRateStore implements Store {
  private windowMs = 60_000;
  private calls = 0;
  /** Counts are shared between processes: express-rate-limit must not assume they are its own. */
  readonly localKeys = false;

  /** `prefix` keeps the counts of two limiters apart (the login's per address and per name). */
  constructor(
    private readonly db: Db,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`.slice(0, 200);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db.selectFrom('rate_limits').select(['hits', 'reset_at']).where('key', '=', this.key(key)).executeTakeFirst();
    if (!row || row.reset_at <= Date.now()) return undefined;
    return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = Date.now();
    if (++this.calls % SWEEP_EVERY === 0) await this.db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
    // A window that has ended starts again at 1; otherwise one more in the same window.
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key: this.key(key), hits: 1, reset_at: now + this.windowMs })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when rate_limits.reset_at <= ${now} then 1 else rate_limits.hits + 1 end`,
          reset_at: sql<number>`case when rate_limits.reset_at <= ${now} then excluded.reset_at else rate_limits.reset_at end`,
        }),
      )
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow();
    return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set({ hits: sql<number>`hits - 1` })
      .where('key', '=', this.key(key))
      .where('hits', '>', 0)
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', this.key(key)).execute();
  }
}
