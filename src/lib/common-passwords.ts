// The ~49 000 passwords people pick first (zxcvbn-ts's maintained list): a new password must not be one.
import { createRequire } from 'node:module';

// Loaded on first use, not at the server's start: the list costs ≈ 10 MB of memory, and a server
// that never sees a new password never needs it.
const require = createRequire(import.meta.url);

let common: Set<string> | undefined;

/** Lower case, without the digits and marks people add at the end (`Indonesia2026!` → `indonesia`). */
export function passwordStem(password: string): string {
  return password
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\p{N}\p{P}\p{S}\s]+$/u, '');
}

/** True for a listed password, in any case, also with digits or marks added at the end. */
export function isCommonPassword(password: string): boolean {
  // Built on first use, once.
  common ??= new Set(
    (require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')).dictionary['passwords-common'].map((p) =>
      String(p).toLowerCase(),
    ),
  );
  const whole = password.normalize('NFKC').trim().toLowerCase();
  const stem = passwordStem(password);
  return common.has(whole) || (stem !== '' && common.has(stem));
}
