// What a visitor who is not logged in carries between requests: a few small signed cookies, never
// a stored session, so anonymous page views (a crawler, a tablet left on the login page) write nothing.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';

export interface Flash {
  type: 'success' | 'error' | 'info';
  text: string;
}

const COOKIE = { csrf: 'lumbung.csrf', flash: 'lumbung.flash', returnTo: 'lumbung.next', saved: 'lumbung.saved' } as const;
const FLASH_MS = 5 * 60 * 1000;
const RETURN_TO_MS = 60 * 60 * 1000;
const NONCE = /^[0-9a-f]{64}$/;
/** The one-time form tokens a page may name as saved: random, not personal data. */
const SAVED_TOKENS = /^[0-9a-f]{32}( [0-9a-f]{32}){0,4}$/;

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Visitor {
  private nonce: string | undefined;
  private pendingFlashes: Flash[] = [];

  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private readonly secret: string,
  ) {}

  /** The MAC of a value for one purpose, so a value signed for one cookie is worth nothing in another. */
  private mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${value}`).digest('base64url');
  }

  private options(maxAge?: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.req.secure, path: '/', ...(maxAge ? { maxAge } : {}) };
  }

  private readSigned(name: string): string | undefined {
    const raw = readCookie(this.req, name);
    const dot = raw?.lastIndexOf('.') ?? -1;
    if (!raw || dot < 0) return undefined;
    const value = raw.slice(0, dot);
    return sameText(raw.slice(dot + 1), this.mac(name, value)) ? value : undefined;
  }

  private writeSigned(name: string, value: string, maxAge: number): void {
    this.res.cookie(name, `${value}.${this.mac(name, value)}`, this.options(maxAge));
  }

  private clear(name: string): void {
    if (readCookie(this.req, name) !== undefined) this.res.clearCookie(name, this.options());
  }

  /**
   * The form token for a visitor (signed double submit): the cookie holds a random value, the
   * form its HMAC with the server's secret. A cross-site page can make the browser send the
   * cookie but can neither read it nor compute the token.
   */
  csrfToken(): string {
    if (!this.nonce) {
      const fromCookie = readCookie(this.req, COOKIE.csrf);
      this.nonce = fromCookie && NONCE.test(fromCookie) ? fromCookie : randomBytes(32).toString('hex');
      if (this.nonce !== fromCookie) this.res.cookie(COOKIE.csrf, this.nonce, this.options());
    }
    return this.mac('csrf', this.nonce);
  }

  csrfValid(token: unknown): boolean {
    const nonce = readCookie(this.req, COOKIE.csrf);
    return typeof token === 'string' && !!nonce && NONCE.test(nonce) && sameText(token, this.mac('csrf', nonce));
  }

  /** A message for the next page (e.g. "admin created, please log in"). */
  flash(message: Flash): void {
    this.pendingFlashes.push(message);
    const value = Buffer.from(JSON.stringify(this.pendingFlashes.slice(-3))).toString('base64url');
    this.writeSigned(COOKIE.flash, value, FLASH_MS);
  }

  /** The messages left by the previous request, shown once. */
  takeFlashes(): Flash[] {
    const value = this.readSigned(COOKIE.flash);
    if (value === undefined) return [];
    this.clear(COOKIE.flash);
    try {
      const list: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      return Array.isArray(list) ? (list as Flash[]) : [];
    } catch {
      return [];
    }
  }

  /**
   * A form saved by this request (its one-time token): the next page names it, so the browser drops
   * its draft of that form only once the server confirmed it. A signed cookie, not the session: a
   * saved harvest is then one durable write, not two (issue 19).
   */
  confirmSaved(token: string): void {
    const list = [...this.savedForms(), token].slice(-5);
    this.writeSigned(COOKIE.saved, list.join(' '), FLASH_MS);
  }

  private savedForms(): string[] {
    const value = this.readSigned(COOKIE.saved);
    return value !== undefined && SAVED_TOKENS.test(value) ? value.split(' ') : [];
  }

  /** The forms the previous request saved, named once. */
  takeSavedForms(): string[] {
    const list = this.savedForms();
    this.clear(COOKIE.saved);
    return list;
  }

  /** The page a visitor asked for before being sent to login. */
  rememberReturnTo(path: string): void {
    if (path.length <= 500) this.writeSigned(COOKIE.returnTo, Buffer.from(path).toString('base64url'), RETURN_TO_MS);
  }

  takeReturnTo(): string | undefined {
    const value = this.readSigned(COOKIE.returnTo);
    this.clear(COOKIE.returnTo);
    return value === undefined ? undefined : Buffer.from(value, 'base64url').toString('utf8');
  }
}

/** Gives every request its `req.visitor`; nothing is read or written until a method is used. */
export function visitorCookies(secret: string): RequestHandler {
  return (req, res, next) => {
    req.visitor = new Visitor(req, res, secret);
    next();
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      visitor?: Visitor;
    }
  }
}
