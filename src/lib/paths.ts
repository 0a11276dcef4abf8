// Where the checkout is: views/, public/ and package.json live there, whether this file runs as
// src/lib/paths.ts (tsx, tests) or bundled into dist/ (`npm start`, scripts/build.js).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `from` that holds package.json. */
export function findAppRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`package.json tidak ditemukan di atas ${from}`);
  }
}

export const appRoot = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
