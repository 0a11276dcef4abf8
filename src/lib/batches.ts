// Long lists read a batch at a time, each batch a short query of its own after the last row of the
// one before (keyset, not OFFSET): the single database connection is free between two batches,
// so other requests go on while a ten-year list is downloaded.
import { letOthersThrough } from './turns.ts';

/** A batch of 500 harvests took 10–40 ms to read on the ten-year database: others waited that long. */
export const BATCH_ROWS = 200;

/**
 * The rows `next` gives, batch after batch: `next(undefined)` the first, then `next(last row of
 * the batch before)` until a batch comes back short. The event loop turns between two batches.
 */
export async function* keysetBatches<T extends K, K = T>(
  next: (after: K | undefined, limit: number) => Promise<T[]>,
  size = BATCH_ROWS,
): AsyncGenerator<T> {
  let after: K | undefined;
  for (;;) {
    const batch = await next(after, size);
    yield* batch;
    if (batch.length < size) return;
    after = batch.at(-1);
    await letOthersThrough();
  }
}

/** Each item with its number in the list, from 1 (the "No" column of a download). */
export async function* numbered<T>(items: AsyncIterable<T>): AsyncGenerator<[number, T]> {
  let n = 0;
  for await (const item of items) yield [++n, item];
}
