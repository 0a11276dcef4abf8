// What the app puts in res.locals for every request.
import type { UnitScope } from '../db/unit-scope.ts';
import type { SessionUser } from '../lib/actor.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      user: SessionUser | null;
      /** Whose records this request may read and write: the user's unit, or none (src/db/unit-scope.ts). */
      unitScope?: UnitScope;
      /** Set by a JSON route's guard: errors are answered in JSON (src/web/error-handler.ts). */
      jsonAnswers?: boolean;
    }
  }
}

export {};
