// The requests a server is still working on, so that a stop closes the database only after them. A
// socket's close says nothing about that: a client that hung up (a tablet leaving the Wi-Fi, a load
// test ending) leaves its request running — a write queued behind others, a PDF being drawn — and
// the database closed under it failed it with "driver has already been destroyed".
import type { NextFunction, Request, Response } from 'express';

export class InFlight {
  private running = 0;
  private waiters: Array<() => void> = [];

  get count(): number {
    return this.running;
  }

  /** One piece of work begins; the returned call ends it (once, however often it is called). */
  begin(): () => void {
    this.running++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.running === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** Resolves true once nothing runs, or false after `ms` with work still running. */
  settled(ms: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Counts a request from its arrival until its answer is sent or its client is gone; a route's
   * handler counts itself for as long as it runs beyond that (src/web/routes.ts).
   */
  middleware() {
    return (_req: Request, res: Response, next: NextFunction) => {
      res.once('close', this.begin());
      next();
    };
  }
}

/** The app's tracker (set by createApp), for the route handlers. */
export function inFlightOf(req: Request): InFlight | undefined {
  return req.app.locals.inFlight as InFlight | undefined;
}
