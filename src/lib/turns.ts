// Long work in turns: one turn of the event loop lets the requests that came in meanwhile be
// answered (a long document or list made in one piece held every other user, issue 19).

/** Resolves on the next turn of the event loop, after the waiting I/O. */
export const letOthersThrough = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How long work chained on promises may hold the event loop before it lets others through. */
export const TURN_BUDGET_MS = 10;

let turnStart = 0;
let turnMarked = false;

/** When the first caller in this turn of the event loop called (the turn ends at its check phase). */
function thisTurnStart(): number {
  if (!turnMarked) {
    turnMarked = true;
    turnStart = performance.now();
    setImmediate(() => {
      turnMarked = false;
    });
  }
  return turnStart;
}

/**
 * Lets others through once this turn has run longer than TURN_BUDGET_MS, else nothing to wait for.
 * Work awaiting promises that resolve at once (SQLite's queries) never gives the event loop a turn
 * by itself: a report's forty queries in a row held every other request for 25–50 ms.
 */
export function letOthersThroughIfLong(): Promise<void> | undefined {
  if (!turnIsLong()) return undefined;
  return letOthersThrough().then(() => void thisTurnStart());
}

/** Whether this turn of the event loop has run longer than TURN_BUDGET_MS. */
export function turnIsLong(): boolean {
  return performance.now() - thisTurnStart() >= TURN_BUDGET_MS;
}
