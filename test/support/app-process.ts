// The real server as a child process: node itself with tsx as an --import hook (no wrapper process,
// so a signal reaches the process that holds the database), its output kept, never left running.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppProcess {
  child: ChildProcess;
  output(): string;
  /** Stops watching for this test process's exit (call before killing it on purpose). */
  release(): void;
  /** The signal to the server: to every process of it when it runs several. */
  kill(signal: NodeJS.Signals): void;
}

/**
 * `env`: more variables for this server (e.g. TLS_CERT_FILE and TLS_KEY_FILE). With WORKERS the
 * server is several processes: it gets a process group of its own, and `kill` reaches them all.
 */
export function spawnApp(dataDir: string, port: number, env: Record<string, string> = {}): AppProcess {
  const { SESSION_SECRET: _unused, ...inherited } = process.env;
  const group = Number(env.WORKERS ?? 1) > 1;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    detached: group,
    env: { ...inherited, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn', TRUST_PROXY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (group) process.kill(-child.pid!, signal);
      else child.kill(signal);
    } catch {
      /* already gone */
    }
  };
  // Never leave a server behind, even when the test run dies.
  const killOnExit = () => kill('SIGKILL');
  process.once('exit', killOnExit);
  return { child, output: () => log, release: () => process.off('exit', killOnExit), kill };
}
