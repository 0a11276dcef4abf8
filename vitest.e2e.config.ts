import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against a real server.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
