// Writing files so that a failure (a full disk above all) leaves nothing behind, and finding out
// for real whether a file or folder can be written.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Writes `file` whole, or removes what a failed write left of it (an empty or cut-off file) and throws. */
export function writeOrRemove(file: string, data: string | Buffer, opts: { mode?: number } = {}): void {
  try {
    fs.writeFileSync(file, data, opts);
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  }
}

/** Writes `file` under a temporary name beside it and renames it: the final name only ever holds the whole file. */
export function writeFileAtomic(file: string, data: string | Buffer, opts: { mode?: number } = {}): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeOrRemove(tmp, data, opts);
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes `file` whole only if it does not exist yet, even when another process tries at the same
 * moment: written aside, then linked to its name (which fails if the name is taken). Returns
 * whether this call made it.
 */
export function createFileOnce(file: string, data: string | Buffer, opts: { mode?: number } = {}): boolean {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeOrRemove(tmp, data, opts);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if (errCode(err) === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function errCode(err: unknown): string {
  return err instanceof Error && 'code' in err ? String(err.code) : String(err);
}

/**
 * Why `p` cannot be written, or null when it can (or does not exist). Tried for real — a folder by
 * creating a file in it, a file by opening it for writing — so a read-only mount (EROFS) or another
 * owner (EACCES) is caught. Root passes both tries whatever the mode says, so for root a mode with
 * no write bit at all counts as read-only too: somebody made it so on purpose.
 */
export function unwritableReason(p: string): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return null;
  }
  try {
    if (st.isDirectory()) {
      const probe = path.join(p, `.lumbung-write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
      fs.closeSync(fs.openSync(probe, 'wx'));
      fs.rmSync(probe, { force: true });
    } else {
      fs.closeSync(fs.openSync(p, 'r+'));
    }
  } catch (err) {
    return errCode(err);
  }
  if (process.getuid?.() === 0 && (st.mode & 0o222) === 0) return 'mode';
  return null;
}
