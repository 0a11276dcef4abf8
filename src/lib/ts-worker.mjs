// Runs a TypeScript worker entry in development and tests (tsx), where there is no bundle; the
// bundled server starts dist/<name>.js directly (src/lib/worker-run.ts).
import { workerData } from 'node:worker_threads';

const { tsImport } = await import('tsx/esm/api');
await tsImport(workerData.__entry, import.meta.url);
