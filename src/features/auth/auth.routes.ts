// Login, logout and the user's own password.
import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { rotateCsrfToken } from '../../web/csrf.ts';
import { keptValues, parseForm } from '../../web/forms.ts';
import { buildRouter, flash, type Deps } from '../../web/routes.ts';
import { saveSession } from '../../web/session-store.ts';
import { DatabaseRateStore } from '../../web/rate-limit-store.ts';
import { loginSchema, ownPasswordSchema } from '../users/users.schema.ts';
import { authenticate, changeOwnPassword } from '../users/users.service.ts';
import { dummyHash } from '../../lib/password.ts';

const messages = {
  // One answer for an unknown name, a wrong password and a deactivated account: none tells which.
  invalid: 'Nama pengguna atau kata sandi salah.',
  limited: 'Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit, lalu coba lagi.',
  passwordChanged: 'Kata sandi Anda telah diganti.',
};

const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const FAILS_PER_USERNAME = 5;
const FAILS_PER_ADDRESS = 20;

function renderLogin(req: Request, res: Response, status: number, formError: string | null, errors = {}) {
  res.status(status).render('auth/login', { title: 'Masuk', values: keptValues(req.body), errors, formError });
}

/**
 * Same-site path only, so a crafted returnTo cannot send the user elsewhere: browsers read `//x`
 * and `/\x` as another host, and a control character can hide either.
 */
export function safeReturnTo(target: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  return target && /^\/(?![/\\])[^\u0000-\u001f\u007f]*$/.test(target) ? target : '/';
}

export function authRoutes({ db }: Deps) {
  // Failed attempts only (a success is answered with a redirect): per address across every
  // username (guessing many names), and per address and username (guessing one password).
  const limited = {
    windowMs: LOGIN_WINDOW_MS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req: Request, res: Response) => renderLogin(req, res, 429, messages.limited),
  } as const;
  // Counted in the database, so every server process sees the same failures.
  const perAddress = rateLimit({ ...limited, limit: FAILS_PER_ADDRESS, store: new DatabaseRateStore(db, 'login-address') });
  const perUsername = rateLimit({
    ...limited,
    store: new DatabaseRateStore(db, 'login-name'),
    limit: FAILS_PER_USERNAME,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body.username).trim().toLowerCase().slice(0, 50)}`,
    // A name sent twice is refused by the form before any password is checked: it is no second name.
    skip: (req) => typeof req.body?.username !== 'string',
  });
  void dummyHash(); // computed now, so the first unknown name takes no longer than a known one

  return buildRouter([
    {
      method: 'get',
      path: '/login',
      access: 'public',
      handler: (req, res) => {
        if (res.locals.user) return res.redirect(303, '/');
        renderLogin(req, res, 200, null);
      },
    },
    {
      method: 'post',
      path: '/login',
      access: 'public',
      before: [perAddress, perUsername],
      form: { view: 'auth/login', locals: () => ({ title: 'Masuk' }) },
      handler: async (req, res) => {
        const input = parseForm(loginSchema, req.body);
        const result = await authenticate(db, input.username, input.password);
        if (!result.ok) {
          req.log.info({ username: input.username, reason: result.reason }, 'login refused');
          return renderLogin(req, res, 401, messages.invalid);
        }
        const returnTo = safeReturnTo(req.visitor?.takeReturnTo());
        // A new session id at login, so a planted id is worth nothing.
        await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
        req.session.userId = result.userId;
        rotateCsrfToken(req);
        await saveSession(req);
        req.log.info({ userId: result.userId }, 'login');
        res.redirect(303, returnTo);
      },
    },
    {
      method: 'post',
      path: '/logout',
      access: 'user',
      allowPendingPasswordChange: true,
      handler: async (req, res) => {
        await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
        res.clearCookie('lumbung.sid');
        // The session is gone: the message rides in the visitor's signed cookie, no session row.
        flash(req, 'info', 'Anda telah keluar.');
        res.redirect(303, '/login');
      },
    },
    {
      method: 'get',
      path: '/account/password',
      access: 'user',
      allowPendingPasswordChange: true,
      handler: (_req, res) => res.render('auth/password', { title: 'Ganti Kata Sandi' }),
    },
    {
      method: 'post',
      path: '/account/password',
      access: 'user',
      allowPendingPasswordChange: true,
      form: { view: 'auth/password', locals: () => ({ title: 'Ganti Kata Sandi' }) },
      handler: async (req, res) => {
        const input = parseForm(ownPasswordSchema, req.body);
        await changeOwnPassword(db, res.locals.user!.id, input.current_password, input.password, req.sessionID);
        flash(req, 'success', messages.passwordChanged);
        res.redirect(303, '/');
      },
    },
  ]);
}
