// Long synchronous work (a backup's copy and integrity check of the whole database) in a worker
// thread, so no request waits for it (issue 19). A worker entry is a module of its own: bundled as
// dist/<name>.js by scripts/build.js, or run from its TypeScript source through src/lib/ts-worker.mjs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { appRoot } from './paths.ts';

/** The worker entries, by their bundle name. */
export const WORKER_ENTRIES = { 'backup-worker': 'src/features/backups/backups.worker.ts' } as const;

const bundled = !fileURLToPath(import.meta.url).endsWith('.ts');

/** An error from a worker, with the name, message and code it had there. */
export class WorkerError extends Error {
  constructor(
    message: string,
    override readonly name: string,
    readonly code?: unknown,
  ) {
    super(message);
  }
}

/** Starts the worker with `data`; resolves to its one answer `{ ok: true, value }`, or rejects with its error. */
export function runWorker<T>(name: keyof typeof WORKER_ENTRIES, data: Record<string, unknown>): Promise<T> {
  const worker = bundled
    ? new Worker(path.join(appRoot, 'dist', `${name}.js`), { workerData: data })
    : new Worker(path.join(appRoot, 'src', 'lib', 'ts-worker.mjs'), {
        workerData: { ...data, __entry: path.join(appRoot, WORKER_ENTRIES[name]) },
      });
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    worker.once('message', (m: { ok: true; value: T } | { ok: false; error: { name?: string; message: string; code?: unknown } }) => {
      answered = true;
      if (m.ok) resolve(m.value);
      else reject(new WorkerError(m.error.message, m.error.name ?? 'Error', m.error.code));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      answered = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`${name} berhenti tanpa jawaban (kode ${code})`));
    });
  });
}
