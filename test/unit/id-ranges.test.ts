import { describe, expect, it } from 'vitest';
import { idRanges, idsOfRanges } from '../../src/lib/id-ranges.ts';

describe('id ranges', () => {
  it('write ids sorted, without repeats, runs as ranges', () => {
    expect(idRanges([7, 3, 4, 5, 6, 12, 3, 15, 16])).toBe('3-7,12,15-16');
    expect(idRanges([])).toBe('');
    expect(idRanges([42])).toBe('42');
  });

  it('a register of 5 000 in a row is one short range, and reads back whole', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => 5000 - i);
    expect(idRanges(ids)).toBe('1-5000');
    expect(idsOfRanges('1-5000')).toEqual(ids.slice().reverse());
    expect(idsOfRanges('3-7,12,x,15-16')).toEqual([3, 4, 5, 6, 7, 12, 15, 16]);
  });
});
