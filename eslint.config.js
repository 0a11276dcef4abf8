// The house rules that a linter can hold (docs/architecture.md says why each exists): the
// recommended sets of ESLint and typescript-eslint, plus three import rules written as
// `no-restricted-imports` per folder. The code imports with explicit `.ts` paths, so a pattern on
// the import string is enough; no resolver plugin.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// (a) A feature's queries are its own: another feature goes through that feature's service.
const QUERIES_FROM_FEATURE = {
  // Any path that leaves the folder (`../x/x.queries.ts`, `./../x/x.queries.ts`).
  regex: String.raw`\.\./.*\.queries\.ts$`,
  message:
    "A *.queries.ts file belongs to its own feature folder. Call the other feature's service (x.service.ts) instead; add a service function there if none fits.",
};
const QUERIES_FROM_OUTSIDE = {
  regex: String.raw`\.queries\.ts$`,
  message: "A *.queries.ts file is imported only from inside its own feature folder. Use the feature's service (x.service.ts) instead.",
};
// (b) The plumbing knows no business: web/, lib/ and db/ sit under every feature, never above one.
const FEATURE_FROM_PLUMBING = {
  regex: String.raw`(^|/)features/`,
  message:
    'src/web, src/lib and src/db must not import a feature. Move what both need into src/lib (or src/web for HTTP plumbing), or let the feature pass it in.',
};
// A service is plain objects in and out: no request, no response, no HTTP plumbing.
const WEB_FROM_SERVICE = {
  regex: String.raw`(^|/)web/`,
  message:
    'A service must not import src/web (HTTP plumbing). Errors come from src/lib/errors.ts; anything else a service needs from web belongs in src/lib.',
};
// (c) Migrations are frozen in time: they must run the same after src/ changes.
const SRC_FROM_MIGRATION = {
  regex: String.raw`(^|/)src/`,
  message:
    'A migration must not import from src/: it must run the same forever, whatever src/ becomes. Copy the value or type it needs into the migration.',
};

// The same patterns for `import()`, which no-restricted-imports does not see; an `import()` of
// anything but a plain string could not be checked, so it is refused.
const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
  'no-restricted-syntax': [
    'error',
    ...patterns.map(({ regex, message }) => ({
      selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`,
      message,
    })),
    {
      selector: "ImportExpression[source.type!='Literal']",
      message: 'import() takes a plain string here, so that the import rules can check it (docs/architecture.md).',
    },
  ],
});

// Browser scripts in public/js: plain ES5-style IIFEs, no modules, no build.
const browserGlobals = Object.fromEntries(
  [
    'window',
    'document',
    'sessionStorage',
    'localStorage',
    'location',
    'history',
    'navigator',
    'setTimeout',
    'clearTimeout',
    'requestAnimationFrame',
    'console',
    'performance',
    'Event',
    'HTMLElement',
    'HTMLInputElement',
    'HTMLFormElement',
    'FormData',
    'URLSearchParams',
    'ResizeObserver',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'bench/.data/', 'bench/results/', 'coverage/', 'test/**/fixtures/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // `_name` marks a parameter that a signature needs but the body does not (Express handlers).
      // `const { secret: _secret, ...shown } = row` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/features/**/*.ts'],
    rules: restrict(QUERIES_FROM_FEATURE),
  },
  {
    files: ['src/features/**/*.service.ts'],
    rules: restrict(QUERIES_FROM_FEATURE, WEB_FROM_SERVICE),
  },
  {
    files: ['src/web/**/*.ts', 'src/lib/**/*.ts', 'src/db/**/*.ts'],
    rules: restrict(FEATURE_FROM_PLUMBING, QUERIES_FROM_OUTSIDE),
  },
  {
    files: ['src/*.ts', 'src/cli/**/*.ts', 'scripts/**/*.ts'],
    rules: restrict(QUERIES_FROM_OUTSIDE),
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      ...restrict(SRC_FROM_MIGRATION),
      // `Kysely<any>` is Kysely's own pattern for a migration: it must not know today's Database
      // type (rule (c)), so the tables it touches are untyped there on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Tests may import a queries file: test/http/query-plans.test.ts checks the SQL plan of the
  // queries themselves. Everything else in a test goes through HTTP or the service.
  {
    files: ['public/js/**/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 2017, globals: browserGlobals },
    // `catch (e) {}` is the ES2017 way to ignore a failure (no storage, private mode).
    rules: { 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  // The service worker (public/sw.js): a worker's globals, no window or document.
  {
    files: ['public/sw.js'],
    languageOptions: {
      sourceType: 'script',
      ecmaVersion: 2017,
      globals: Object.fromEntries(['self', 'caches', 'fetch', 'Request', 'Response', 'URL'].map((name) => [name, 'readonly'])),
    },
    rules: { 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  {
    files: ['*.js', '*.ts', 'scripts/**/*.js', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
