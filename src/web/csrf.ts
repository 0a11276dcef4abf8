// CSRF protection (synchroniser token in the session) for every state-changing request.
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { CsrfError } from './errors.ts';

const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
  },
  // A multipart body is not parsed yet here: a route that accepts one (RouteSpec.upload) checks
  // the token after parsing it, and every other route refuses multipart bodies.
  skipCsrfProtection: (req: Request) => Boolean(req.is('multipart/form-data')),
});

export const csrfProtection: RequestHandler = (req, res, next) =>
  csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => next(err ? new CsrfError() : undefined));

/** For multipart routes, after the body is parsed. */
export const csrfCheck: RequestHandler = (req, _res, next) =>
  next(csrf.isRequestValid(req) ? undefined : new CsrfError());

/** A new token, e.g. after login changed the session. */
export function rotateCsrfToken(req: Request): void {
  csrf.generateToken(req, true);
}
