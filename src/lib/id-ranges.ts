// Record ids written compactly as sorted ranges (`3-7,12,15-5000`): a list of thousands in a few characters.

/** `[7, 3, 4, 5, 6, 12, 3]` → `3-7,12`: sorted, without repeats. */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** `3-7,12` → `[3, 4, 5, 6, 7, 12]`; anything that is not a range is skipped. */
export function idsOfRanges(ranges: string): number[] {
  const ids: number[] = [];
  for (const part of ranges.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let id = from; id <= to; id++) ids.push(id);
  }
  return ids;
}
