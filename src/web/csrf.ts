// CSRF protection for every state-changing request: a logged-in session keeps its synchroniser
// token (csrf-sync); a visitor without one (login, first-run setup) gets a signed double-submit
// token from `req.visitor`, so showing them a form stores no session.
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../lib/errors.ts';

/** A state-changing request without this session's CSRF token. */
export class CsrfError extends HttpError {
  constructor() {
    super(403, 'Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim lagi.');
  }
}

function tokenFrom(req: Request): string | undefined {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  // A form that carries the page's token twice (a partial's and its own) sends it as a list of
  // the same value: that is still the token. Two different values are no token.
  const one = Array.isArray(fromBody) && fromBody.length > 1 && fromBody.every((v) => v === fromBody[0]) ? fromBody[0] : fromBody;
  return typeof one === 'string' ? one : (req.headers['x-csrf-token'] as string | undefined);
}

const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: tokenFrom,
  // A multipart body is not parsed yet here: a route that accepts one (RouteSpec.upload) checks
  // the token after parsing it, and every other route refuses multipart bodies.
  skipCsrfProtection: (req: Request) => Boolean(req.is('multipart/form-data')),
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A session that is logged in, or holds a token from when it was (a user deactivated mid-way),
 * answers with the session's token; anyone else with the visitor's signed cookie. The visitor
 * token is never accepted from a logged-in session: a cookie planted from a sibling host must
 * not be able to post as the user.
 */
function usesSessionToken(req: Request): boolean {
  return Boolean(req.session?.userId) || typeof req.session?.csrfToken === 'string';
}

function visitorTokenValid(req: Request): boolean {
  return req.visitor?.csrfValid(tokenFrom(req)) ?? false;
}

export const csrfProtection: RequestHandler = (req, res, next) => {
  if (usesSessionToken(req)) {
    return csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => next(err ? new CsrfError() : undefined));
  }
  if (SAFE_METHODS.has(req.method) || req.is('multipart/form-data') || visitorTokenValid(req)) return next();
  // A token that is no visitor's: most likely a form from a session that has since ended. The route
  // guard decides: a public route refuses it (CsrfError), any other leads to login, doing nothing.
  if (tokenFrom(req)) {
    req.staleFormToken = true;
    return next();
  }
  next(new CsrfError());
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Sent by someone not logged in with a form token that is not theirs (see csrfProtection). */
      staleFormToken?: boolean;
    }
  }
}

/** For multipart routes, after the body is parsed. */
export const csrfCheck: RequestHandler = (req, _res, next) =>
  next((usesSessionToken(req) ? csrf.isRequestValid(req) : visitorTokenValid(req)) ? undefined : new CsrfError());

/** The token a form rendered for this request must carry (empty before the session is read). */
export function csrfToken(req: Request): string {
  if (usesSessionToken(req)) return csrf.generateToken(req);
  return req.visitor?.csrfToken() ?? '';
}

/** A new token, e.g. after login changed the session. */
export function rotateCsrfToken(req: Request): void {
  csrf.generateToken(req, true);
}
