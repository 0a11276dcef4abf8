// The one place where errors become pages: a form again with its values (422), or an error page.
import type { ErrorRequestHandler, Request, Response } from 'express';
import multer from 'multer';
import type { Logger } from 'pino';
import { HttpError, ValidationError } from './errors.ts';
import { keptValues } from './forms.ts';
import type { FormSpec } from './routes.ts';
import { flash } from './routes.ts';

const messages = {
  csrf: 'Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim lagi.',
  tooLarge: 'Data yang dikirim terlalu besar.',
  badRequest: 'Permintaan tidak dapat dibaca. Muat ulang halaman dan coba lagi.',
  server: 'Terjadi kesalahan pada sistem. Data Anda tidak tersimpan; coba lagi, atau hubungi admin bila berulang.',
};

const TITLES: Record<number, string> = {
  400: 'Permintaan tidak valid',
  403: 'Akses ditolak',
  404: 'Tidak ditemukan',
  413: 'Terlalu besar',
  422: 'Isian belum benar',
  429: 'Terlalu banyak percobaan',
  500: 'Kesalahan sistem',
};

function renderError(res: Response, status: number, message: string): void {
  res.status(status).render('errors/error', { title: TITLES[status] ?? 'Kesalahan', status, message });
}

async function renderForm(req: Request, res: Response, form: FormSpec, err: ValidationError): Promise<void> {
  const extra = form.locals ? await form.locals(req, res) : {};
  res.status(422).render(form.view, {
    ...extra,
    values: keptValues(req.body),
    errors: err.fieldErrors,
    formError: err.message,
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
  return async (err, req, res, _next) => {
    if (res.headersSent) {
      logger.error({ err }, 'error after response started');
      return;
    }
    try {
      if (err instanceof ValidationError) {
        const form = res.locals.formSpec as FormSpec | undefined;
        if (form) return await renderForm(req, res, form, err);
        flash(req, 'error', err.message);
        return res.redirect(303, backTo(req));
      }
      if (err instanceof HttpError) return renderError(res, err.status, err.message);
      if (err?.code === 'EBADCSRFTOKEN') return renderError(res, 403, messages.csrf);
      if (err instanceof multer.MulterError) {
        return renderError(res, err.code === 'LIMIT_FILE_SIZE' ? 413 : 400, messages.badRequest);
      }
      // body-parser errors carry a 4xx status (too large, malformed).
      const status = Number(err?.status ?? err?.statusCode);
      if (status >= 400 && status < 500) {
        return renderError(res, status, status === 413 ? messages.tooLarge : messages.badRequest);
      }
      logger.error({ err }, 'unhandled error');
      renderError(res, 500, messages.server);
    } catch (renderErr) {
      logger.error({ err: renderErr, cause: err }, 'error page failed');
      res.status(500).type('text/plain').send(messages.server);
    }
  };
}
