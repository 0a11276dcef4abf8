// Checked by `npx tsc --noEmit`, never run: a table keyed by the movement kinds must name every
// kind of the registry, so a kind added there and left out here (or anywhere else) fails to compile.
import type { MovementKind, OutflowKind, OutKind } from '../../src/lib/movement-kinds.ts';
import type { StockMovementsTable, OutflowsTable } from '../../src/db/database.ts';
import type { BalanceRow } from '../../src/features/reports/reports.service.ts';

export const everyKind: Record<MovementKind, true> = {
  harvest: true,
  distribution: true,
  kitchen: true,
  sale: true,
  loss: true,
  grant: true,
  adjustment: true,
};

// @ts-expect-error — a Record that leaves out a kind (here: loss) does not compile.
export const missingOne: Record<MovementKind, true> = {
  harvest: true,
  distribution: true,
  kitchen: true,
  sale: true,
  grant: true,
  adjustment: true,
};

// @ts-expect-error — nor one that names a kind the registry does not have.
export const unknownKind: Record<OutflowKind, true> = { kitchen: true, sale: true, loss: true, grant: true, gift: true };

// An exhaustive switch: a new kind without a case here ends in `never` and fails.
export function direction(kind: MovementKind): string {
  switch (kind) {
    case 'harvest':
      return 'masuk';
    case 'distribution':
    case 'kitchen':
    case 'sale':
    case 'loss':
    case 'grant':
      return 'keluar';
    case 'adjustment':
      return 'opname';
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

// The database columns take the registry's union.
export const ledgerKind: StockMovementsTable['kind'] = 'kitchen';
export const outflowKind: OutflowsTable['kind'] = 'sale';
// @ts-expect-error — a kind outside the registry is not a ledger kind.
export const notALedgerKind: StockMovementsTable['kind'] = 'gift';
// @ts-expect-error — distribution is an out kind but not chosen on the outflow form.
export const notAnOutflow: OutflowsTable['kind'] = 'distribution';

// A balance row has one field per out kind.
export const balanceOuts: Array<keyof BalanceRow & OutKind> = ['distribution', 'kitchen', 'sale', 'loss', 'grant'];
// @ts-expect-error — harvest is not an out kind.
export const notOut: OutKind = 'harvest';
