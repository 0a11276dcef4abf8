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
  /** The unit whose records the user reads (and, when `writable`, writes) now (src/db/unit-scope.ts). */
  unitId: number;
  unitName: string;
  /** False for a unit read from above (a Kanwil user in a UPT under it). */
  writable: boolean;
  /** How many units the user may switch between. */
  unitChoices: number;
  /** May manage what belongs to the whole installation (backups, the public address). */
  installationAdmin: boolean;
  /** The Kanwil and Ditjenpas units the user oversees (reporting rate, roll-ups), highest first. */
  areas: number[];
}
