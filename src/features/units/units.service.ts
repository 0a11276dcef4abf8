// The unit tree: Ditjenpas (national) → Kanwil → UPT. A single-unit installation is one UPT, made on
// the first-run page.
import type { DbOrTrx } from '../../db/connect.ts';
import type { UptType } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { nowIso } from '../../lib/time.ts';
import { countUnits, insertUnit } from './units.queries.ts';
import type { FirstUnitInput } from './units.schema.ts';

/** What a UPT's name says it is (Rutan …, Lapas …, LPKA …); `lainnya` when it does not say. */
export function uptTypeOf(name: string): UptType {
  const n = name.trim().toLowerCase();
  if (n.startsWith('lapas terbuka')) return 'lapas_terbuka';
  if (n.startsWith('rutan')) return 'rutan';
  if (n.startsWith('lpka')) return 'lpka';
  if (n.startsWith('bapas')) return 'bapas';
  if (n.startsWith('lapas')) return 'lapas';
  return 'lainnya';
}

/** The installation's first unit (the first-run page, in its transaction): a UPT with no parent. */
export async function createFirstUnit(trx: DbOrTrx, input: FirstUnitInput): Promise<number> {
  if ((await countUnits(trx)) > 0) throw new ForbiddenError('Penyiapan awal sudah dilakukan. Silakan masuk.');
  const now = nowIso();
  return insertUnit(trx, {
    parent_id: null,
    kind: 'upt',
    upt_type: uptTypeOf(input.unit_name),
    code: input.unit_code,
    name: input.unit_name,
    created_at: now,
    updated_at: now,
  });
}
