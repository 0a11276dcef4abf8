// The route table: every route declares who may use it; mounting adds the guard in front.
import { Router, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { FileStore } from '../db/file-store.ts';
import type { Role } from '../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { CsrfError } from './csrf.ts';
import { keptValues } from './forms.ts';
import { inFlightOf } from './in-flight.ts';
import { NO_UNIT, withUnitScope } from '../db/unit-scope.ts';

const FORM_TOKEN = /^[0-9a-f]{32}$/;

const messages = {
  sessionEnded: 'Sesi Anda telah berakhir, sehingga isian tadi belum tersimpan. Masuk lagi untuk melanjutkan.',
  signInToSend: 'Sesi Anda telah berakhir. Masuk lagi untuk mengirim catatan yang tersimpan di tablet.',
  passwordFirst: 'Ganti kata sandi Anda dahulu, lalu catatan di tablet akan dikirim.',
};

/** What a feature's routes are built with. */
export interface Deps {
  db: Db;
  config: Readonly<Config>;
  /** Where uploaded photos and logos are written and read (src/db/file-store.ts). */
  files: FileStore;
}

/**
 * - `public`: anyone, logged in or not (login, setup, healthz, verification links).
 * - `user`: any logged-in user.
 * - `area`: a user who oversees a Kanwil or the nation (a pimpinan there): its reporting rate and roll-ups.
 * - a list of roles: a logged-in user holding at least one of them.
 */
export type Access = 'public' | 'user' | 'area' | readonly Role[];

export interface FormSpec {
  /** The view re-rendered with the typed values when the handler throws a ValidationError. */
  view: string;
  /** Extra data that view needs (select options, the record being edited). */
  locals?: (req: Request, res: Response) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

export interface RouteSpec {
  method: 'get' | 'post';
  path: string;
  access: Access;
  form?: FormSpec;
  /** Middleware run after the guard and before the handler (e.g. a rate limit). */
  before?: RequestHandler[];
  /**
   * A multipart upload parser that checks CSRF itself once the body is parsed (`fileUpload`).
   * Only routes with one accept multipart bodies: the global CSRF check skips them.
   */
  upload?: RequestHandler[];
  /** Pages a user must still reach while a password change is pending (logout, the change form). */
  allowPendingPasswordChange?: boolean;
  /**
   * Answered in JSON for a script (the tablet's queue), never with a redirect or a page: no session
   * is 401 `{status: 'login'}`, and errors become `{status, message}` (src/web/error-handler.ts).
   */
  json?: boolean;
  /**
   * Called by another installation with a bearer token, not by a browser (a UPT's box pushing its
   * signed report): no session, no CSRF token; the handler checks the token and refuses with 401.
   */
  bearer?: true;
  handler: (req: Request, res: Response) => Promise<void> | void;
}

export interface RouteTableEntry {
  method: 'get' | 'post';
  path: string;
  access: Access;
  json?: boolean;
  bearer?: true;
}

/** `oversees`: the user oversees a Kanwil or the nation (SessionUser.areas is not empty). */
export function canAccess(access: Access, roles: readonly Role[] | null, oversees = false): boolean {
  if (access === 'public') return true;
  if (!roles) return false;
  if (access === 'user') return true;
  if (access === 'area') return oversees;
  return access.some((r) => roles.includes(r));
}

const patterns = new WeakMap<RouteTableEntry, RegExp>();
function patternOf(r: RouteTableEntry): RegExp {
  let re = patterns.get(r);
  if (!re) {
    re = new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);
    patterns.set(r, re);
  }
  return re;
}

/**
 * Whether a user with these roles may use what a link or form points at (`url`, with or without a
 * query). Views ask this before they show a link or a button, so nobody is shown one that answers
 * 403. A literal route (/distributions/new) wins over a parameter one (/distributions/:id), as in Express order
 * here; an address no route answers is not to be shown either.
 */
export function mayUse(
  table: readonly RouteTableEntry[],
  roles: readonly Role[] | null,
  url: string,
  method: 'get' | 'post' = 'get',
  oversees = false,
): boolean {
  const pathname = url.split(/[?#]/)[0]!;
  const found = table.filter((r) => r.method === method && patternOf(r).test(pathname));
  if (!found.length) return false;
  const literal = found.find((r) => !r.path.includes(':')) ?? found[0]!;
  return canAccess(literal.access, roles, oversees);
}

/** The same-site page a request came from (path and query), if the browser said. */
export function refererPath(req: Request): string | undefined {
  const ref = req.get('referer');
  if (!ref) return undefined;
  try {
    const url = new URL(ref);
    return url.host === req.get('host') ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}

function guard(spec: RouteSpec): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (spec.json) res.locals.jsonAnswers = true;
    if (req.is('multipart/form-data') && !spec.upload) return next(new CsrfError());
    if (spec.access === 'public') return req.staleFormToken ? next(new CsrfError()) : next();
    const user = res.locals.user;
    if (spec.json && (!user || (user.mustChangePassword && !spec.allowPendingPasswordChange))) {
      res.status(401).json({ status: 'login', message: user ? messages.passwordFirst : messages.signInToSend });
      return;
    }
    if (!user) {
      // A form sent after its session ended: nothing is done; after login the officer is back on the
      // form's page, where the browser's draft (public/js/draft.js) puts back what was typed.
      if (req.method === 'GET') {
        // Only a page the user opened is one to return to, not a background fetch (the service
        // worker keeping the forms offline): browsers mark a navigation `Sec-Fetch-Mode: navigate`.
        const mode = req.get('sec-fetch-mode');
        if (!mode || mode === 'navigate') req.visitor?.rememberReturnTo(req.originalUrl);
      } else {
        const from = refererPath(req);
        if (from) req.visitor?.rememberReturnTo(from);
        flash(req, 'info', messages.sessionEnded);
      }
      return res.redirect(303, '/login');
    }
    if (user.mustChangePassword && !spec.allowPendingPasswordChange) {
      return res.redirect(303, '/account/password');
    }
    if (!canAccess(spec.access, user.roles, user.areas.length > 0)) return next(new ForbiddenError());
    next();
  };
}

/**
 * Bad input on a form route: the same form again with the typed values and the messages beside
 * their fields, status 422. Runs in the route's own stack, where req.params are still set.
 */
function formErrors(form: FormSpec): ErrorRequestHandler {
  return async (err, req, res, next) => {
    if (!(err instanceof ValidationError) || res.headersSent) return next(err);
    try {
      const extra = form.locals ? await withUnitScope(res.locals.unitScope ?? NO_UNIT, () => form.locals!(req, res)) : {};
      const data = { ...extra, values: keptValues(req.body), errors: err.fieldErrors, formError: err.message };
      res.status(422).render(form.view, data, (renderErr, html) => (renderErr ? next(renderErr) : res.send(html)));
    } catch (localsErr) {
      next(localsErr);
    }
  };
}

/**
 * A POST carrying a one-time form token that answers with a redirect has done its work (saved, or
 * recognised as saved before): the next page names the token (`<body data-saved-forms>`), so the
 * browser's draft of that form is dropped only once the server confirmed it. Set as the redirect is
 * made (a signed cookie, see Visitor.confirmSaved).
 */
function confirmSavesOf(req: Request, res: Response): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const token: unknown = req.body?.form_token;
    if (typeof token === 'string' && FORM_TOKEN.test(token) && req.session?.userId) req.visitor?.confirmSaved(token);
    redirect(...args);
  }) as Response['redirect'];
}

/**
 * In front of what belongs to the whole installation (its backups hold every unit's records): only
 * its admin — on a single-unit installation, the unit's admin.
 */
export function installationAdminOnly(_req: Request, res: Response, next: NextFunction): void {
  next(res.locals.user?.installationAdmin ? undefined : new ForbiddenError('Halaman ini hanya untuk admin instalasi (seluruh unit).'));
}

/** Builds a router from route specs and returns the table entries for the app's route list. */
export function buildRouter(specs: readonly RouteSpec[]): { router: Router; table: RouteTableEntry[] } {
  const router = Router();
  for (const spec of specs) {
    const handler: RequestHandler = async (req, res, next) => {
      // Counted until the handler is done, even after its client hung up: a stop waits for it.
      const end = inFlightOf(req)?.begin();
      try {
        if (spec.method === 'post') confirmSavesOf(req, res);
        // Set here again, around the handler itself: a body parsed from a stream (an upload) may
        // have called on in the stream's context instead of the request's.
        await withUnitScope(res.locals.unitScope ?? NO_UNIT, () => spec.handler(req, res));
      } catch (err) {
        next(err);
      } finally {
        end?.();
      }
    };
    const stack = [guard(spec), ...(spec.before ?? []), ...(spec.upload ?? []), handler];
    if (spec.form) router[spec.method](spec.path, ...stack, formErrors(spec.form));
    else router[spec.method](spec.path, ...stack);
  }
  return {
    router,
    table: specs.map(({ method, path, access, json, bearer }) => ({
      method,
      path,
      access,
      ...(json ? { json } : {}),
      ...(bearer ? { bearer } : {}),
    })),
  };
}

/** Flash messages shown once on the next page: in the session when logged in, else in a visitor's cookie. */
export function flash(req: Request, type: 'success' | 'error' | 'info', text: string): void {
  if (req.session?.userId || !req.visitor) (req.session.flash ??= []).push({ type, text });
  else req.visitor.flash({ type, text });
}

/** A positive integer id from the URL, or a 404. */
export function idParam(req: Request, name = 'id'): number {
  const raw = req.params[name];
  const n = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFoundError();
  return n;
}

/** A feature as mounted: its router and the routes it answers. */
export interface MountedFeature {
  router: RequestHandler;
  table: readonly RouteTableEntry[];
}

/** `/harvests/12/edit` → `harvests`; `/` → ``. Lower case: Express matches routes case-insensitively. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/**
 * One middleware in front of the features' routers that enters only the routers with a route under
 * the request's first path segment, in the order they were given: the same answer as mounting them
 * all at `/`, without every request walking 22 routers and their 150 patterns (issue 19). A feature
 * with a route whose first segment is a parameter (`/:code`) is entered for every segment.
 */
export function mountFeatures(features: readonly MountedFeature[]): RequestHandler {
  const anySegment = (f: MountedFeature) => f.table.some((r) => firstSegment(r.path).startsWith(':'));
  const segments = new Set(features.flatMap((f) => f.table.map((r) => firstSegment(r.path))));
  const routersFor = new Map<string, RequestHandler[]>();
  for (const s of segments)
    routersFor.set(
      s,
      features.filter((f) => anySegment(f) || f.table.some((r) => firstSegment(r.path) === s)).map((f) => f.router),
    );
  const elsewhere = features.filter(anySegment).map((f) => f.router);
  return (req, res, next) => {
    const routers = routersFor.get(firstSegment(req.path)) ?? elsewhere;
    let i = 0;
    const step = (err?: unknown) => {
      // An error goes past the other routers, as it would past routers mounted at `/`.
      if (err) return next(err);
      const router = routers[i++];
      if (!router) return next();
      router(req, res, step);
    };
    step();
  };
}
