// The import graph of src/ has no cycle (static, dynamic and type imports alike), and the dashboard
// and the reports do not import each other: month arithmetic lives in src/lib/time.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles('src');
const graph = new Map(
  files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const targets = [...text.matchAll(/(?:from|import\()\s*'(\.[^']+\.ts)'/g)].map((m) => path.join(path.dirname(f), m[1]!));
    return [f, targets.filter((t) => files.includes(t))] as const;
  }),
);

/** Every group of files that import one another in a circle (Tarjan's strongly connected components). */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do group.push((w = stack.pop()!));
      while (w !== v);
      if (group.length > 1) found.push(group);
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

const featureOf = (f: string) => /^src\/features\/([^/]+)\//.exec(f)?.[1];
const imports = (from: string, to: string) =>
  [...graph].some(([f, targets]) => featureOf(f) === from && targets.some((t) => featureOf(t) === to));

describe('import graph', () => {
  it('no file in src/ imports itself through a circle of other files', () => {
    expect(cycles()).toEqual([]);
  });

  it('the dashboard does not import the reports (the reports may read the dashboard’s series)', () => {
    expect(imports('dashboard', 'reports')).toBe(false);
  });
});
