// What every view may use: the user, the navigation, the CSRF token, flash messages, form state.
import type { NextFunction, Request, Response } from 'express';
import { csrfToken } from './csrf.ts';
import { navFor } from './nav.ts';
import { mayUse, type RouteTableEntry } from './routes.ts';

export function setViewLocals(req: Request, res: Response): void {
  res.locals.user ??= null;
  res.locals.currentPath = req.path;
  const oversees = (res.locals.user?.areas.length ?? 0) > 0;
  res.locals.nav = navFor(res.locals.user?.roles ?? null, req.path, oversees);
  // `can('/stock/outflows/new')`: a view shows a link or button only to whom its route answers.
  res.locals.can = (url: string, method: 'get' | 'post' = 'get') =>
    mayUse((req.app.locals.routeTable ?? []) as RouteTableEntry[], res.locals.user?.roles ?? null, url, method, oversees);
  // Lazy: only a page that shows a form creates a token (a visitor's lives in a cookie, not a session).
  res.locals.csrf = () => csrfToken(req);
  res.locals.flashes = () => {
    const list = [...(req.session?.flash ?? []), ...(req.visitor?.takeFlashes() ?? [])];
    if (req.session?.flash) delete req.session.flash;
    return list;
  };
  res.locals.savedForms = () => req.visitor?.takeSavedForms() ?? [];
  res.locals.values = {};
  res.locals.errors = {};
  res.locals.formError = null;
  res.locals.title ??= '';
}

export function viewLocals(req: Request, res: Response, next: NextFunction): void {
  setViewLocals(req, res);
  next();
}
