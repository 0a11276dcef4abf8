// The environment for a command or server a test starts over a test app's data: its DATA_DIR, and
// on PostgreSQL its database (vitest.config.ts keeps DATABASE_URL itself out of every child).
import type { TestApp } from './app.ts';

export function childEnv(t: Pick<TestApp, 'config'>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: t.config.dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}),
    ...extra,
  };
}
