// Small helpers for portable queries (SQLite today, PostgreSQL later).

/** LIKE with its wildcards escaped, so a typed % or _ matches itself. Use with `escape '\\'`. */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/**
 * Runs `fn` over `xs` in slices and joins the results: SQLite caps the bound parameters of one
 * statement, so long `in (…)` lists and multi-row inserts are cut up.
 */
export async function inSlices<T, R>(xs: readonly T[], size: number, fn: (part: T[]) => Promise<R[] | void>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < xs.length; i += size) out.push(...((await fn(xs.slice(i, i + size))) ?? []));
  return out;
}
