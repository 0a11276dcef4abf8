import { describe, expect, it } from 'vitest';
import { bumpDataVersion, cached } from '../../src/lib/data-cache.ts';

describe('figures cached until the records change', () => {
  it('computes once per version, and again after a write', async () => {
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cached('k1', compute)).toBe(1);
    expect(await cached('k1', compute)).toBe(1);
    bumpDataVersion();
    expect(await cached('k1', compute)).toBe(2);
    expect(await cached('k2', compute)).toBe(3);
  });

  it('callers at the same moment share one computation; a failure is not kept', async () => {
    let runs = 0;
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++runs), 10));
    const [a, b] = await Promise.all([cached('k3', slow), cached('k3', slow)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error('db busy');
      return 'ok';
    };
    await expect(cached('k4', flaky)).rejects.toThrow('db busy');
    fail = false;
    expect(await cached('k4', flaky)).toBe('ok');
  });
});
