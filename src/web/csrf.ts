// CSRF protection (synchroniser token in the session) for every state-changing request.
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';

const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
  },
  // A multipart body is not parsed yet here; `upload()` checks the token after parsing it.
  skipCsrfProtection: (req: Request) => Boolean(req.is('multipart/form-data')),
});

export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;

/** For multipart routes, after the body is parsed. */
export const csrfCheck: RequestHandler = (req, _res, next) =>
  next(csrf.isRequestValid(req) ? undefined : csrf.invalidCsrfTokenError);

/** A new token, e.g. after login changed the session. */
export function rotateCsrfToken(req: Request): void {
  csrf.generateToken(req, true);
}
