// The one place where errors become pages: a form again with its values (422), or an error page.
import type { ErrorRequestHandler, Request, Response } from 'express';
import multer from 'multer';
import type { Logger } from 'pino';
import { HttpError, isDatabaseBusy, isStorageFull, ValidationError } from '../lib/errors.ts';
import { CsrfError } from './csrf.ts';
import { setViewLocals } from './locals.ts';
import { flash } from './routes.ts';

const messages = {
  tooLarge: 'Data yang dikirim terlalu besar.',
  badRequest: 'Permintaan tidak dapat dibaca. Muat ulang halaman dan coba lagi.',
  server: 'Terjadi kesalahan pada sistem. Data Anda tidak tersimpan; coba lagi, atau hubungi admin bila berulang.',
  busy: 'Server sedang sibuk, sehingga data Anda belum tersimpan. Tunggu sebentar, lalu kirim lagi isian ini.',
  storageFull:
    'Penyimpanan server penuh, sehingga data Anda belum tersimpan. Beri tahu admin agar ruang penyimpanan server dikosongkan; ' +
    'setelah itu kirim lagi isian ini (yang sudah tersimpan sebelumnya tetap aman).',
};

const TITLES: Record<number, string> = {
  400: 'Permintaan tidak valid',
  403: 'Akses ditolak',
  404: 'Tidak ditemukan',
  413: 'Terlalu besar',
  422: 'Isian belum benar',
  429: 'Terlalu banyak percobaan',
  500: 'Kesalahan sistem',
  503: 'Server sibuk',
  507: 'Penyimpanan server penuh',
};

/** What a script is told (`RouteSpec.json`): what it may do next, by status. */
function jsonStatus(status: number, err: unknown): string {
  if (err instanceof CsrfError) return 'csrf';
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 422) return 'refused';
  return 'error';
}

export function renderError(req: Request, res: Response, status: number, message: string, logger: Logger, err?: unknown): void {
  if (res.locals.jsonAnswers) {
    res.status(status).json({ status: jsonStatus(status, err), message });
    return;
  }
  // The error may have come before the locals were set (a body too large, a bad token).
  if (res.locals.nav === undefined) setViewLocals(req, res);
  res.status(status).render('errors/error', { title: TITLES[status] ?? 'Kesalahan', status, message }, (err, html) => {
    if (err) {
      logger.error({ err }, 'error page failed');
      res.type('text/plain').send(message);
    } else res.send(html);
  });
}

/** Same-origin page to go back to after a refused action without a form of its own. */
function backTo(req: Request): string {
  const ref = req.get('referer');
  if (ref) {
    try {
      const url = new URL(ref);
      if (url.host === req.get('host')) return url.pathname + url.search;
    } catch {
      /* not a URL: fall through */
    }
  }
  return '/';
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      // The session that could not be saved after the storage-full page: the same failure, logged once.
      if (!(isStorageFull(err) && res.locals.storageFull)) logger.error({ err }, 'error after response started');
      return;
    }
    try {
      if (isStorageFull(err)) {
        res.locals.storageFull = true;
        logger.error({ err }, 'storage full: nothing of this request was saved');
        return renderError(req, res, 507, messages.storageFull, logger);
      }
      if (isDatabaseBusy(err)) {
        logger.warn({ err }, 'database busy: nothing of this request was saved');
        res.set('Retry-After', '5');
        return renderError(req, res, 503, messages.busy, logger);
      }
      if (err instanceof ValidationError) {
        if (res.locals.jsonAnswers) return res.status(422).json({ status: 'refused', message: err.message, errors: err.fieldErrors });
        flash(req, 'error', err.message);
        return res.redirect(303, backTo(req));
      }
      if (err instanceof HttpError) return renderError(req, res, err.status, err.message, logger, err);
      if (err instanceof multer.MulterError) {
        return renderError(req, res, err.code === 'LIMIT_FILE_SIZE' ? 413 : 400, messages.badRequest, logger);
      }
      // body-parser errors carry a 4xx status (too large, malformed).
      const status = Number(err?.status ?? err?.statusCode);
      if (status >= 400 && status < 500) {
        return renderError(req, res, status, status === 413 ? messages.tooLarge : messages.badRequest, logger);
      }
      logger.error({ err }, 'unhandled error');
      renderError(req, res, 500, messages.server, logger);
    } catch (renderErr) {
      logger.error({ err: renderErr, cause: err }, 'error page failed');
      res.status(500).type('text/plain').send(messages.server);
    }
  };
}
