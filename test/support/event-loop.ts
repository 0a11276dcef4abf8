// How long the event loop went without running a short timer while some work ran: the wait any
// other request would have had (issue 19).
export async function worstWait<T>(work: () => Promise<T>, everyMs = 1): Promise<{ worst: number; total: number; result: T }> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, everyMs);
  const t = performance.now();
  try {
    const result = await work();
    return { worst: Math.max(worst, performance.now() - last), total: performance.now() - t, result };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Counts the turns of the event loop from now on (one per check phase): `now()` is the current
 * turn's number, `stop()` ends the count and returns it.
 */
export function turnCounter(): { now(): number; stop(): number } {
  let turns = 0;
  let counting = true;
  const next = () => {
    turns++;
    if (counting) setImmediate(next);
  };
  setImmediate(next);
  return {
    now: () => turns,
    stop: () => {
      counting = false;
      return turns;
    },
  };
}
