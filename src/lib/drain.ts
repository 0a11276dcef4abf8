// Waiting for a client to take what it was sent, so a slow one holds the work, not the server's memory.
import type { Writable } from 'node:stream';

/**
 * Resolves at the next 'drain' of `out`, or when it closes (a client that went away never drains),
 * or after `lookAgainMs` if given (a stream whose buffers empty without a 'drain' of its own).
 */
export function drained(out: Writable, lookAgainMs?: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      clearTimeout(t);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
    const t = lookAgainMs === undefined ? undefined : setTimeout(done, lookAgainMs);
  });
}
