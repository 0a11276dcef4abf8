// createApp({ db, config }): middleware order, feature routers, 404 and errors.
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { fileStoreFor, type FileStore } from './db/file-store.ts';
import { csrfProtection } from './web/csrf.ts';
import { errorHandler } from './web/error-handler.ts';
import { NotFoundError } from './lib/errors.ts';
import { viewLocals } from './web/locals.ts';
import { mountFeatures, type RouteTableEntry } from './web/routes.ts';
import { KyselySessionStore } from './web/session-store.ts';
import { visitorCookies } from './web/visitor.ts';
import * as format from './lib/format.ts';
import { appRoot as root } from './lib/paths.ts';
import { hasAnyUser, loadSessionUser } from './features/users/users.service.ts';
import { NO_UNIT, readOnlyScope, unitScope, withUnitScope } from './db/unit-scope.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { webappRoutes } from './features/webapp/webapp.routes.ts';
import { homeRoutes } from './features/home/home.routes.ts';
import { settingsRoutes } from './features/settings/settings.routes.ts';
import { setupRoutes } from './features/setup/setup.routes.ts';
import { usersRoutes } from './features/users/users.routes.ts';
import { commoditiesRoutes } from './features/commodities/commodities.routes.ts';
import { locationsRoutes } from './features/locations/locations.routes.ts';
import { inmatesRoutes } from './features/inmates/inmates.routes.ts';
import { harvestsRoutes } from './features/harvests/harvests.routes.ts';
import { syncRoutes } from './features/sync/sync.routes.ts';
import { stockRoutes } from './features/stock/stock.routes.ts';
import { recipientsRoutes } from './features/recipients/recipients.routes.ts';
import { RELATION_LABELS } from './features/recipients/recipients.schema.ts';
import { distributionsRoutes } from './features/distributions/distributions.routes.ts';
import { eventsRoutes } from './features/events/events.routes.ts';
import { packagesRoutes } from './features/packages/packages.routes.ts';
import { receiptsRoutes } from './features/receipts/receipts.routes.ts';
import { backupsRoutes } from './features/backups/backups.routes.ts';
import { reportsRoutes } from './features/reports/reports.routes.ts';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.ts';
import { ROLE_LABELS } from './features/users/users.schema.ts';
import { InFlight } from './web/in-flight.ts';
import { requestLog } from './web/request-log.ts';
import { viewEngine } from './web/view-engine.ts';
import { VersionedCache } from './lib/data-cache.ts';
import { unitsRoutes } from './features/units/units.routes.ts';
import { oversightRoutes, reportApiRoutes } from './features/oversight/oversight.routes.ts';

export interface AppDeps {
  db: Db;
  config: Readonly<Config>;
  logger?: Logger;
  /** The configuration's store (fileStoreFor) unless given. */
  files?: FileStore;
}

const SESSION_MS = 12 * 60 * 60 * 1000;

/**
 * A logged-in session is marked with the current minute when the minute changes: that modifies
 * it, so express-session saves it and sends its cookie with the new expiry, once a minute at most.
 */
function sessionMinuteMark(req: Request, _res: Response, next: NextFunction) {
  const s = req.session;
  if (s?.userId) {
    const minute = Math.floor(Date.now() / 60_000);
    if (s.seenMinute !== minute) s.seenMinute = minute;
  }
  next();
}

export function createApp({ db, config, logger = pino({ level: config.logLevel }), files = fileStoreFor(db, config) }: AppDeps) {
  const app = express();
  const deps = { db, config, files };
  app.set('views', path.join(root, 'views'));
  // Registered here rather than found by express's require('ejs') at the first render, which the
  // bundled server (scripts/build.js) would resolve to a second, unbundled copy.
  app.engine('ejs', viewEngine({ cache: config.env === 'production' }).render);
  app.set('view engine', 'ejs');
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  // Every page is sent with Cache-Control: no-store (below), so no browser asks again with its ETag:
  // hashing each page for one cost ≈ 3 % of a page's CPU (issue 19). Static files keep theirs.
  app.set('etag', false);
  if (config.env === 'production') app.enable('view cache');
  app.locals.format = format;
  app.locals.roleLabels = ROLE_LABELS;
  // "Hubungan: Ibu" wherever a recipient's relation to the inmate is shown.
  app.locals.relationLabels = RELATION_LABELS;
  // What a stop waits for before it closes the database (src/server.ts).
  const inFlight = new InFlight();
  app.locals.inFlight = inFlight;
  app.use(inFlight.middleware());

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // The web app manifest and the service worker (src/features/webapp), from this server only.
          manifestSrc: ["'self'"],
          workerSrc: ["'self'"],
          // Tablets reach the server over plain HTTP on the unit's network: never force HTTPS.
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: config.trustProxy,
      // The page a form was on is sent with it to this site only (never elsewhere): a form sent after
      // its session ended leads back to that page after login.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(requestLog(logger));
  app.use('/static', express.static(path.join(root, 'public'), { maxAge: config.env === 'production' ? '1d' : 0 }));
  // Everything past the stylesheet and scripts may carry personal data (names, NIK, receipts,
  // exports): no browser or proxy keeps it, so after Keluar the Back button asks the server again
  // and gets the login page. A route that may be kept (photos, the logo: `sendUpload`) says so itself.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const health = healthRoutes(deps);
  app.use(health.router);
  // The manifest and the service worker: fetched by the browser itself, no session needed.
  const webapp = webappRoutes(deps);
  app.use(webapp.router);
  // A UPT's box pushing its signed report: a bearer token, no session or CSRF (issue 18).
  const reportApi = reportApiRoutes(deps);
  app.use(reportApi.router);

  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 }));
  const store = new KyselySessionStore(db);
  // Only a login stores a session; what a visitor needs before that lives in signed cookies.
  app.use(visitorCookies(config.sessionSecret));
  app.use(
    session({
      name: 'lumbung.sid',
      store,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // The session lasts 12 hours from the last request. Its expiry moves at most once a minute
      // (the mark below, and the store's touch): not a Set-Cookie and a cookie signature on every answer.
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MS },
    }),
  );
  app.use(sessionMinuteMark);

  // Signed-in users as the last request found them (one entry per user, kept apart from the figures).
  const sessionUsers = new VersionedCache(5000);
  // The logged-in user, checked on every request so a deactivation takes effect at once: read
  // again whenever any record changed since (the cache's version moves with every committed write,
  // this process's or another's), else the same answer as a moment ago without five queries.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.user = null;
      if (req.session.userId) {
        const { userId, unitId } = req.session;
        const user = await sessionUsers.get(`${userId}:${unitId ?? ''}`, () => loadSessionUser(db, userId, unitId));
        if (user) {
          res.locals.user = user;
          // Whose page this is: the service worker keeps an offline copy for this user only.
          res.set('X-Lumbung-User', String(user.id));
        } else delete req.session.userId;
      }
      // The records this request may touch: the user's unit; before a login, no unit's at all. The
      // route table sets it again around each handler (src/web/routes.ts).
      const u = res.locals.user;
      const scope = u ? (u.writable ? unitScope(u.unitId) : readOnlyScope([u.unitId])) : NO_UNIT;
      res.locals.unitScope = scope;
      withUnitScope(scope, next);
    } catch (err) {
      next(err);
    }
  });

  // Until the first admin exists, every page leads to the one-time setup page.
  let setupDone = false;
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!setupDone) setupDone = await hasAnyUser(db);
      if (!setupDone && req.path !== '/setup') return res.redirect(303, '/setup');
      next();
    } catch (err) {
      next(err);
    }
  });

  app.use(viewLocals);
  app.use(csrfProtection);

  const features = [
    setupRoutes(deps),
    unitsRoutes(deps),
    oversightRoutes(deps),
    authRoutes(deps),
    homeRoutes(deps),
    usersRoutes(deps),
    settingsRoutes(deps),
    auditRoutes(deps),
    commoditiesRoutes(deps),
    locationsRoutes(deps),
    inmatesRoutes(deps),
    harvestsRoutes(deps),
    syncRoutes(deps),
    stockRoutes(deps),
    recipientsRoutes(deps),
    distributionsRoutes(deps),
    eventsRoutes(deps),
    packagesRoutes(deps),
    receiptsRoutes(deps),
    backupsRoutes(deps),
    reportsRoutes(deps),
    dashboardRoutes(deps),
  ];
  app.use(mountFeatures(features));

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new NotFoundError()));
  app.use(errorHandler(logger));

  const routeTable: RouteTableEntry[] = [health, webapp, reportApi, ...features].flatMap((f) => f.table);
  app.locals.routeTable = routeTable;
  return app;
}
