// Who is acting: the signed-in user as the app keeps it per request, and the part a service needs.
import type { Role } from '../db/database.ts';

/** The user a service acts for: enough to check ownership and roles. */
export interface Actor {
  id: number;
  roles: readonly Role[];
}

/** The signed-in user loaded once per request (res.locals.user). */
export interface SessionUser extends Actor {
  username: string;
  fullName: string;
  roles: Role[];
  mustChangePassword: boolean;
  /** The unit whose records the user reads and writes now (src/db/unit-scope.ts). */
  unitId: number;
}
