// The bench's lean reference page (issue 19): the app's own stack with no app around it, so the
// gap between what the stack can do and what a page of the app does is visible in each run.
// express-session with a SQLite store (WAL, synchronous=FULL), csrf-sync, helmet, pino-http, an EJS
// page in a layout with a partial, the user read again on every request, rows kept in memory as
// the app keeps its lists. Env: PORT, LEAN_DB (a SQLite file to create), LEAN_ROWS (a JSON file
// with the rows to show), LOG_FILE.
import SQLite from 'better-sqlite3';
import { csrfSync } from 'csrf-sync';
import ejs from 'ejs';
import express from 'express';
import session from 'express-session';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import helmet from 'helmet';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';

const here = path.dirname(fileURLToPath(import.meta.url));
const db = new SQLite(process.env.LEAN_DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`create table if not exists sessions (sid text primary key, sess text not null, expires integer not null);
         create table if not exists users (id integer primary key, name text not null, active integer not null);
         insert or ignore into users values (1, 'Slamet Riyadi', 1);`);
const getSession = db.prepare('select sess from sessions where sid = ? and expires > ?');
const putSession = db.prepare(
  'insert into sessions values (?, ?, ?) on conflict (sid) do update set sess = excluded.sess, expires = excluded.expires',
);
const dropSession = db.prepare('delete from sessions where sid = ?');
const getUser = db.prepare('select id, name from users where id = ? and active = 1');

class SqliteStore extends session.Store {
  get(sid, cb) {
    const row = getSession.get(sid, Date.now());
    cb(null, row ? JSON.parse(row.sess) : null);
  }
  set(sid, sess, cb) {
    putSession.run(sid, JSON.stringify(sess), sess.cookie.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + 864e5);
    cb?.();
  }
  destroy(sid, cb) {
    dropSession.run(sid);
    cb?.();
  }
  touch(_sid, _sess, cb) {
    cb?.();
  }
}

const rows = JSON.parse(fs.readFileSync(process.env.LEAN_ROWS, 'utf8'));
const dateFmt = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric' });
const numFmt = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 });

const app = express();
app.engine('ejs', ejs.renderFile);
app.set('view engine', 'ejs');
app.set('views', path.join(here, 'lean-views'));
app.enable('view cache');
app.disable('x-powered-by');
app.use(helmet());
app.use(pinoHttp({ logger: pino({ level: 'info' }, pino.destination(process.env.LOG_FILE ?? '/dev/null')) }));
app.use(express.urlencoded({ extended: false }));
app.use(
  session({
    name: 'lean.sid',
    store: new SqliteStore(),
    secret: 'lean-bench-secret-lean-bench-secret',
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 12 * 3600e3 },
  }),
);
const { generateToken, csrfSynchronisedProtection } = csrfSync();
app.use((req, res, next) => {
  res.locals.user = req.session.userId ? (getUser.get(req.session.userId) ?? null) : null;
  next();
});
app.use(csrfSynchronisedProtection);
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.get('/login', (req, res) => {
  req.session.userId = 1;
  res.redirect(303, '/page');
});
app.get('/page', (req, res) => {
  if (!res.locals.user) return res.redirect(303, '/login');
  res.render('page', { rows, csrf: generateToken(req), dateFmt, numFmt });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
