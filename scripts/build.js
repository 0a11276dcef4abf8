// `npm run build` (run by `npm install`/`npm ci` and before `npm start`): the server as a few
// bundled, minified JavaScript files in dist/, run with plain node.
//
// Why a bundle and not tsc's one-file-per-module output: every module's source text stays in V8's
// heap for the life of the process (lazy compilation reads it again), and pdfkit, fontkit, exceljs,
// zod and express are several megabytes of it. Minified into one bundle the server starts in half
// the time and holds ≈ 10 MB less under load (bench/README.md, "A bundled server"). Identifiers are
// kept, so a stack trace in the log still names the functions. The PDF and spreadsheet code stay
// in their own chunks, loaded on first use, as the `await import()`s in the source ask.
//
// Plain JavaScript, so it needs neither tsx nor TypeScript: esbuild reads the .ts sources directly
// (types are `npm run typecheck`'s job) and an install without devDependencies builds too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'dist');
// Built beside dist/ and moved in: an interrupted build never leaves a half-written server.
const next = path.join(root, `dist.next-${process.pid}`);
/** Chunks no build has named for this long are deleted (a server started before then has restarted since). */
const OLD_CHUNK_MS = 7 * 24 * 3_600_000;

/**
 * The chunks first (content-hashed names: a new build adds files, never changes one), then the
 * entry file by a rename. A server still running the previous build (`npm ci` during an upgrade, a
 * second `npm start`) keeps finding the chunks it loads on first use — the PDF code, the
 * spreadsheets — and a worker it forks starts the new entry with every chunk that one names.
 */
function install(from, to) {
  fs.mkdirSync(path.join(to, 'chunks'), { recursive: true });
  const fresh = new Set(fs.readdirSync(path.join(from, 'chunks')));
  for (const name of fresh) {
    const target = path.join(to, 'chunks', name);
    if (fs.existsSync(target)) fs.utimesSync(target, new Date(), new Date());
    else fs.renameSync(path.join(from, 'chunks', name), target);
  }
  // The workers before the server: a server that starts finds the worker it names.
  for (const name of ['backup-worker.js.map', 'backup-worker.js', 'server.js.map', 'server.js'])
    fs.renameSync(path.join(from, name), path.join(to, name));
  for (const name of fs.readdirSync(path.join(to, 'chunks'))) {
    const file = path.join(to, 'chunks', name);
    if (!fresh.has(name) && Date.now() - fs.statSync(file).mtimeMs > OLD_CHUNK_MS) fs.rmSync(file, { force: true });
  }
  // What tsc's builds left in dist/ before the bundle (dist/src, dist/migrations) is not run any more.
  for (const name of ['src', 'migrations', '.tsbuildinfo']) fs.rmSync(path.join(to, name), { recursive: true, force: true });
  fs.rmSync(from, { recursive: true, force: true });
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

try {
  await build({
    absWorkingDir: root,
    // The server, and each worker thread's entry (src/lib/worker-run.ts: WORKER_ENTRIES).
    entryPoints: { server: 'src/server.ts', 'backup-worker': 'src/features/backups/backups.worker.ts' },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${pkg.engines.node.match(/\d+/)[0]}`,
    // Native addons are loaded from node_modules as they are.
    external: ['better-sqlite3', 'sharp'],
    minify: true,
    // Names set on functions and classes as in the source: V8 prints them in stack traces.
    keepNames: true,
    // Linked maps beside the files: `node --enable-source-maps` turns a trace back into src/ lines.
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    // The CommonJS packages inside an ES module bundle still call require() for node's own modules.
    banner: { js: "import { createRequire as __lumbungRequire } from 'node:module'; const require = __lumbungRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  install(next, out);
} catch (err) {
  fs.rmSync(next, { recursive: true, force: true });
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
