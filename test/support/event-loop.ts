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
