// GET /manifest.webmanifest and GET /sw.js: what lets a tablet add the harvest form to its home
// screen and open it with no Wi-Fi (over HTTPS only: browsers give service workers to secure
// origins alone). Public and session-free: the browser fetches both without asking anyone to log in.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../lib/paths.ts';
import { buildRouter, type Deps } from '../../web/routes.ts';

/** The pages the worker keeps for offline use (exact addresses, query included), and nothing else. */
export const OFFLINE_PAGES = ['/harvests/new', '/stock/outflows/new?kind=kitchen', '/stock/outflows/new?kind=loss'] as const;

/** Colours from public/css/app.css (--green, --bg). */
const THEME = '#1f6b3a';
const BACKGROUND = '#f6f7f5';

const MANIFEST = JSON.stringify({
  name: 'Lumbung — Catat Panen',
  short_name: 'Lumbung',
  lang: 'id',
  start_url: '/harvests/new',
  scope: '/',
  display: 'standalone',
  theme_color: THEME,
  background_color: BACKGROUND,
  icons: [
    { src: '/static/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
    { src: '/static/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
  ],
});

const publicDir = path.join(appRoot, 'public');

/** The stylesheet, every script and the icons, as /static addresses (read at start: new scripts join by themselves). */
function staticAssets(): string[] {
  const under = (dir: string, ext: RegExp) =>
    fs
      .readdirSync(path.join(publicDir, dir))
      .filter((f) => ext.test(f))
      .sort()
      .map((f) => `/static/${dir}/${f}`);
  return ['/static/css/app.css', '/static/favicon.svg', ...under('js', /\.js$/), ...under('icons', /\.png$/)];
}

/**
 * The worker with its lists and a version filled in. The version is a hash of the worker and of
 * every file it keeps, so any change to them installs a new worker and a new cache.
 */
function workerSource(): string {
  const template = fs.readFileSync(path.join(publicDir, 'sw.js'), 'utf8');
  const assets = staticAssets();
  const hash = createHash('sha256').update(template);
  for (const a of assets) hash.update(fs.readFileSync(path.join(publicDir, a.slice('/static/'.length))));
  return template
    .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 12)))
    .replace("['__ASSETS__']", JSON.stringify(assets))
    .replace("['__PAGES__']", JSON.stringify(OFFLINE_PAGES));
}

export function webappRoutes({ config }: Pick<Deps, 'config'>) {
  let worker: string | null = null;
  return buildRouter([
    {
      method: 'get',
      path: '/manifest.webmanifest',
      access: 'public',
      handler: (_req, res) => {
        res.type('application/manifest+json').send(MANIFEST);
      },
    },
    {
      method: 'get',
      path: '/sw.js',
      access: 'public',
      handler: (_req, res) => {
        // Made once in production; read afresh otherwise, so an edited script is picked up.
        if (!worker || config.env !== 'production') worker = workerSource();
        // Served at the root so its scope is the whole site (the harvest and stock forms).
        res.type('text/javascript').send(worker);
      },
    },
  ]);
}
