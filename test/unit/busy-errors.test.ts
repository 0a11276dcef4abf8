// A database that cannot take a request right now (a lock wait too long, a restart, a lost
// connection — on either engine) answers 503 with a message to send again, not the 500 page, and
// a full disk on PostgreSQL is the storage-full page as on SQLite.
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isDatabaseBusy, isStorageFull } from '../../src/lib/errors.ts';
import { errorHandler } from '../../src/web/error-handler.ts';

function appThrowing(code: string) {
  const app = express();
  app.set('views', 'views');
  app.set('view engine', 'ejs');
  app.locals.format = {};
  app.get('/', () => {
    throw Object.assign(new Error(`database said ${code}`), { code });
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  return app;
}

describe('database errors that pass', () => {
  it.each(['55P03', '57P01', '08006', '53300', 'SQLITE_BUSY'])('%s is busy: 503, send again, no stack', async (code) => {
    expect(isDatabaseBusy({ code })).toBe(true);
    const res = await request(appThrowing(code)).get('/');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain('Server sedang sibuk');
    expect(res.text).not.toContain(`database said`);
  });

  it('a full disk on PostgreSQL (53100) is storage full, like SQLITE_FULL; other errors are neither', () => {
    expect(isStorageFull({ code: '53100' })).toBe(true);
    expect(isStorageFull({ code: 'SQLITE_FULL' })).toBe(true);
    expect(isDatabaseBusy({ code: '23505' })).toBe(false);
    expect(isStorageFull({ code: '23505' })).toBe(false);
  });
});
