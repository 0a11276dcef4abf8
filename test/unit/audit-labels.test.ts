// Every kind of record and action the code writes to the audit trail has its Indonesian name on
// Jejak Audit: a new recordAudit without one would show a code word to the head.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, ENTITY_LABELS } from '../../src/features/audit/audit.routes.ts';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('Jejak Audit names every record kind and action in Indonesian', () => {
  it('has a label for each entity and action written by recordAudit anywhere in src/', () => {
    const text = sources(path.resolve('src'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const calls = [...text.matchAll(/recordAudit\([^;]*?\{([^;]*?)\}\s*\)/gs)].map((m) => m[1]!);
    const entities = new Set(calls.flatMap((c) => [...c.matchAll(/entity: '([a-z_]+)'/g)].map((m) => m[1]!)));
    const actions = new Set([...text.matchAll(/action: '([a-z_]+)'/g)].map((m) => m[1]!));
    expect(entities.size).toBeGreaterThan(10);
    expect([...entities].filter((e) => !ENTITY_LABELS[e])).toEqual([]);
    expect([...actions].filter((a) => !ACTION_LABELS[a])).toEqual([]);
  });
});
