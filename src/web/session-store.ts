// A small express-session store on Kysely (the published SQLite stores are GPL or unmaintained).
import session from 'express-session';
import type { Db } from '../db/connect.ts';

/**
 * Saves the session now rather than as the response ends: a session that cannot be written (a full
 * disk) then answers the error page, instead of a page already sent that counts on it (a login).
 */
export function saveSession(req: Express.Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err: unknown) => (err ? reject(err) : resolve())));
}

const DAY_MS = 24 * 60 * 60 * 1000;

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** A session's expiry is moved at most once a minute: a page view is then a read, not a durable write. */
const TOUCH_EVERY_MS = 60 * 1000;

export class KyselySessionStore extends session.Store {
  private lastPrune = 0;
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly defaultTtlMs = DAY_MS,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): number {
    const exp = sess.cookie?.expires;
    return exp ? new Date(exp).getTime() : Date.now() + this.defaultTtlMs;
  }

  private run<T>(promise: Promise<T>, cb?: Callback<T>): void {
    promise.then(
      (v) => cb?.(undefined, v),
      (err) => cb?.(err),
    );
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.run(
      (async () => {
        const row = await this.db.selectFrom('sessions').select(['data', 'expires_at']).where('sid', '=', sid).executeTakeFirst();
        if (!row) return null;
        if (Number(row.expires_at) <= Date.now()) {
          await this.db.deleteFrom('sessions').where('sid', '=', sid).execute();
          return null;
        }
        return JSON.parse(row.data) as session.SessionData;
      })(),
      cb,
    );
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const data = JSON.stringify(sess);
    const expires_at = this.expiry(sess);
    const user_id = sess.userId ?? null;
    // A save moves the expiry too: no touch is needed for another minute.
    this.noteTouched(sid, Date.now());
    this.run(
      (async () => {
        await this.db
          .insertInto('sessions')
          .values({ sid, data, expires_at, user_id })
          .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at, user_id }))
          .execute();
        await this.pruneNowAndThen();
      })(),
      cb,
    );
  }

  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    const now = Date.now();
    if (now - (this.touched.get(sid) ?? 0) < TOUCH_EVERY_MS) {
      cb?.();
      return;
    }
    this.noteTouched(sid, now);
    this.run(
      this.db
        .updateTable('sessions')
        .set({ expires_at: this.expiry(sess) })
        .where('sid', '=', sid)
        .execute()
        .then(() => undefined),
      cb,
    );
  }

  private noteTouched(sid: string, at: number): void {
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(sid, at);
  }

  override destroy(sid: string, cb?: Callback): void {
    this.touched.delete(sid);
    this.run(
      this.db
        .deleteFrom('sessions')
        .where('sid', '=', sid)
        .execute()
        .then(() => undefined),
      cb,
    );
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60 * 60 * 1000) return;
    this.lastPrune = now;
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** The minute of the last request that moved the session's expiry (src/app.ts). */
    seenMinute?: number;
    /** The unit chosen on the unit page, for a user who may open several (src/features/units). */
    unitId?: number;
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
    /** The recipient search: kept here, not in the URL, because it may be a NIK. */
    recipientSearch?: string;
  }
}
