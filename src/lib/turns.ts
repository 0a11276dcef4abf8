// Long work in turns: one turn of the event loop lets the requests that came in meanwhile be
// answered (a long document or list made in one piece held every other user, issue 19).

/** Resolves on the next turn of the event loop, after the waiting I/O. */
export const letOthersThrough = () => new Promise<void>((resolve) => setImmediate(resolve));
