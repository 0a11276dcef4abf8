import { defineConfig } from 'vitest/config';

// `DATABASE_URL=postgres://… npm test` (or `npm run test:pg`) runs the suite on PostgreSQL: the URL
// is the server to make a database per test app in (test/support/engine.ts). It is moved out of
// DATABASE_URL so that a server a test starts never reads it by accident.
if (process.env.DATABASE_URL) {
  process.env.LUMBUNG_TEST_PG_ADMIN = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
}

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/http/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    env: { TZ: 'UTC' },
  },
});
