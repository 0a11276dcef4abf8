// The worker thread that makes one backup (src/lib/worker-run.ts starts it): its answer is the
// backup made, or the error's name, message and code.
import { parentPort, workerData } from 'node:worker_threads';
import { makeBackup } from './backups.make.ts';

const { dbFile, backupsDir, keep, uploadsDir, at } = workerData as {
  dbFile: string;
  backupsDir: string;
  keep: number;
  uploadsDir: string | null;
  at: string;
};
makeBackup(dbFile, backupsDir, keep, uploadsDir, new Date(at)).then(
  (made) => parentPort!.postMessage({ ok: true, value: made }),
  (err: unknown) =>
    parentPort!.postMessage({
      ok: false,
      error:
        err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: unknown }).code } : { message: String(err) },
    }),
);
