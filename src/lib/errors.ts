// Typed application errors: services throw them, the one web error handler turns them into pages
// (or a re-rendered form).
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Halaman atau data yang dicari tidak ditemukan.') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Anda tidak memiliki hak akses untuk halaman ini.') {
    super(403, message);
  }
}

/**
 * Bad input: field name → Indonesian message. Thrown by form parsing and by services (a rule
 * broken, e.g. a username already taken); the error handler re-renders the route's form.
 */
export class ValidationError extends Error {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message = 'Periksa kembali isian yang ditandai.',
  ) {
    super(message);
  }
}

const codeOf = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '');

/**
 * The server's storage is full: SQLITE_FULL from the database, or PostgreSQL's disk_full (53100),
 * ENOSPC (or a quota, EDQUOT) from a file write. Nothing of the request was saved; it can be sent
 * again once space is freed.
 */
export function isStorageFull(err: unknown): boolean {
  return ['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100'].includes(codeOf(err));
}

/**
 * The database cannot take the request now, and the same request may succeed in a moment:
 * SQLite busy past its timeout; on PostgreSQL a lock wait past lock_timeout (55P03), the server
 * shutting down or restarting (57P01–57P03), a lost connection (08xxx), too many connections (53300).
 */
export function isDatabaseBusy(err: unknown): boolean {
  const code = codeOf(err);
  return ['SQLITE_BUSY', '55P03', '57P01', '57P02', '57P03', '53300'].includes(code) || code.startsWith('08');
}
