// What the app puts in res.locals for every request.
import type { SessionUser } from '../lib/actor.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      user: SessionUser | null;
      /** Set by a JSON route's guard: errors are answered in JSON (src/web/error-handler.ts). */
      jsonAnswers?: boolean;
    }
  }
}

export {};
