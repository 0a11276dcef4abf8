// The one place that keeps each unit's records to itself: every query on a unit's table is limited
// to the units the caller may read, and every write to the one unit it works in, by a Kysely plugin
// on every database handle — so no query in a feature can forget it. The scope is set per request
// by the route table (src/web/routes.ts) from the signed-in user, and read here when a query is
// compiled. Outside a request (a command, the migrations, a test) the process's default applies.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  IdentifierNode,
  JoinNode,
  OnConflictNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  QueryNode,
  ReferenceNode,
  SelectQueryNode,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type DeleteQueryNode,
  type InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely';
import { ForbiddenError } from '../lib/errors.ts';

/**
 * - `units`: the records of `read` are visible; `write` is the one unit written to (null: reading
 *   only, as a Kanwil user reading the units under it).
 * - `installation`: everything, for what works on the whole installation (migrations, backups,
 *   the first-run page, managing units). Named wherever it is used, never a fallback.
 * - `every`: every unit's records, read only — a national head over the whole installation (issue
 *   18): one condition fewer on every row than a list of 500 units, and nothing written.
 * - `none`: no unit yet (a request before its user is known): a unit's table may not be touched.
 */
export type UnitScope =
  { kind: 'units'; read: readonly number[]; write: number | null } | { kind: 'installation' } | { kind: 'every' } | { kind: 'none' };

/** The tables whose every row belongs to one unit (a `unit_id` column). */
export const UNIT_TABLES: ReadonlySet<string> = new Set<string>([
  'site_settings',
  'signatories',
  'audit_log',
  'nik_access_log',
  'commodities',
  'locations',
  'inmates',
  'harvests',
  'harvest_workers',
  'outflows',
  'stock_counts',
  'stock_movements',
  'recipients',
  'events',
  'event_photos',
  'packages',
  'package_items',
  'receipt_counters',
  'distributions',
  'distribution_items',
  'receipt_prints',
  'monthly_reports',
  'stock_month_totals',
  'stock_day_totals',
  'refused_entries',
  'report_links',
  // A user's roles on the unit: the users themselves belong to the installation.
  'user_roles',
]);

/** A query on a unit's table with no unit to limit it to: a programming error, never shown as data. */
export class MissingUnitScopeError extends Error {
  override name = 'MissingUnitScopeError';
}

/** A write in a scope that only reads (a Kanwil user): refused like a page the role may not use. */
export class ReadOnlyScopeError extends ForbiddenError {
  override name = 'ReadOnlyScopeError';
  constructor(readonly detail: string) {
    super('Anda hanya dapat membaca data unit ini, tidak mengubahnya.');
  }
}

/** No unit: a request before its user is known. */
export const NO_UNIT: UnitScope = Object.freeze({ kind: 'none' });

const storage = new AsyncLocalStorage<UnitScope>();
let processDefault: UnitScope = NO_UNIT;

/** Runs `fn` (and everything it awaits) in `scope`. */
export function withUnitScope<T>(scope: UnitScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Runs `fn` over the whole installation: say why wherever it is called. */
export function installationWide<T>(fn: () => T): T {
  return storage.run({ kind: 'installation' }, fn);
}

/** One unit, read and written (a command or a test working in that unit). */
export function unitScope(unitId: number): UnitScope {
  return { kind: 'units', read: [unitId], write: unitId };
}

/** These units' records, read only (a Kanwil user; a public verification link). */
export function readOnlyScope(unitIds: readonly number[]): UnitScope {
  return { kind: 'units', read: unitIds, write: null };
}

/** Every unit's records, read only (a national head's pages over the whole installation). */
export const EVERY_UNIT_READ_ONLY: UnitScope = Object.freeze({ kind: 'every' });

/** The scope outside any request: a command sets its unit, the server sets none. */
export function setDefaultUnitScope(scope: UnitScope): void {
  processDefault = scope;
}

export function currentUnitScope(): UnitScope {
  return storage.getStore() ?? processDefault;
}

/** The unit written to now, or an error when there is none (a read-only or missing scope). */
export function currentWriteUnit(): number {
  const scope = currentUnitScope();
  if (scope.kind === 'units' && scope.write !== null) return scope.write;
  if (scope.kind === 'units' || scope.kind === 'every') throw new ReadOnlyScopeError('cakupan ini hanya membaca');
  throw new MissingUnitScopeError(`tidak ada unit untuk menulis (cakupan: ${scope.kind})`);
}

/** A key part that keeps cached figures of one scope apart from another's (src/lib/data-cache.ts). */
export function scopeKey(scope: UnitScope = currentUnitScope()): string {
  return scope.kind === 'units' ? `u${scope.read.join(',')}` : scope.kind;
}

export class UnitScopePlugin implements KyselyPlugin {
  constructor(private readonly tables: ReadonlySet<string> = UNIT_TABLES) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.tables.size === 0) return args.node;
    const scope = currentUnitScope();
    if (scope.kind === 'installation') return args.node;
    return new ScopeTransformer(scope, this.tables).transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const UNIT_COLUMN = 'unit_id';

/** `table` or `table as alias` → the table's name and the name its columns are referred to by. */
function tableOf(node: OperationNode): { table: string; ref: string } | null {
  if (TableNode.is(node)) return { table: node.table.identifier.name, ref: node.table.identifier.name };
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias))
    return { table: node.node.table.identifier.name, ref: node.alias.name };
  return null;
}

class ScopeTransformer extends OperationNodeTransformer {
  constructor(
    private readonly scope: Exclude<UnitScope, { kind: 'installation' }>,
    private readonly tables: ReadonlySet<string>,
  ) {
    super();
  }

  private scoped(node: OperationNode): string | null {
    const t = tableOf(node);
    return t && this.tables.has(t.table) ? t.ref : null;
  }

  private readUnits(table: string): readonly number[] | null {
    if (this.scope.kind === 'every') return null;
    if (this.scope.kind === 'none') throw new MissingUnitScopeError(`tabel ${table} dibaca tanpa unit`);
    if (this.scope.read.length === 0) throw new MissingUnitScopeError(`tabel ${table} dibaca tanpa unit`);
    return this.scope.read;
  }

  private writeUnit(table: string): number {
    if (this.scope.kind === 'none') throw new MissingUnitScopeError(`tabel ${table} ditulis tanpa unit`);
    if (this.scope.kind === 'every') throw new ReadOnlyScopeError(`tabel ${table}: cakupan ini hanya membaca`);
    if (this.scope.write === null) throw new ReadOnlyScopeError(`tabel ${table}: cakupan ini hanya membaca`);
    return this.scope.write;
  }

  /** `ref.unit_id = n` or `ref.unit_id in (…)`. */
  private condition(ref: string, units: readonly number[]): OperationNode {
    const column = ReferenceNode.create(ColumnNode.create(UNIT_COLUMN), TableNode.create(ref));
    return units.length === 1
      ? BinaryOperationNode.create(column, OperatorNode.create('='), ValueNode.create(units[0]))
      : BinaryOperationNode.create(column, OperatorNode.create('in'), PrimitiveValueListNode.create(units));
  }

  /** Every unit table in FROM limited in WHERE; every joined one in its ON (a left join stays a left join). */
  private limitSources<T extends SelectQueryNode | UpdateQueryNode | DeleteQueryNode>(
    node: T,
    froms: readonly OperationNode[],
    units: (table: string) => readonly number[] | null,
  ): T {
    let out = node;
    for (const from of froms) {
      const ref = this.scoped(from);
      const list = ref ? units(ref) : null;
      if (ref && list) out = QueryNode.cloneWithWhere(out, this.condition(ref, list));
    }
    if (out.joins?.length) {
      const joins = out.joins.map((j) => {
        const ref = this.scoped(j.table);
        const list = ref ? units(ref) : null;
        return ref && list ? JoinNode.cloneWithOn(j, this.condition(ref, list)) : j;
      });
      out = { ...out, joins };
    }
    return out;
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: QueryId): SelectQueryNode {
    const t = super.transformSelectQuery(node, queryId);
    return this.limitSources(t, t.from?.froms ?? [], (table) => this.readUnits(table));
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    const t = super.transformUpdateQuery(node, queryId);
    // The table updated: only the unit written to. Tables it reads from (FROM, joins): the readable.
    let out = t;
    const target = t.table ? this.scoped(t.table) : null;
    if (target) out = QueryNode.cloneWithWhere(out, this.condition(target, [this.writeUnit(target)]));
    return this.limitSources(out, t.from?.froms ?? [], (table) => this.readUnits(table));
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId): DeleteQueryNode {
    const t = super.transformDeleteQuery(node, queryId);
    let out = t;
    for (const from of t.from.froms) {
      const ref = this.scoped(from);
      if (ref) out = QueryNode.cloneWithWhere(out, this.condition(ref, [this.writeUnit(ref)]));
    }
    return this.limitSources(out, t.using?.tables ?? [], (table) => this.readUnits(table));
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const t = super.transformInsertQuery(node, queryId);
    const table = t.into ? this.scoped(t.into) : null;
    if (!table) return t;
    const unit = this.writeUnit(table);
    const columns = t.columns ?? [];
    if (columns.some((c) => c.column.name === UNIT_COLUMN))
      throw new MissingUnitScopeError(`${table}: unit_id diisi oleh cakupan unit, bukan oleh kueri`);
    if (!t.values || !ValuesNode.is(t.values))
      throw new MissingUnitScopeError(`${table}: hanya INSERT … VALUES yang diberi unit (bukan INSERT … SELECT)`);
    const values = ValuesNode.create(
      t.values.values.map((row) =>
        PrimitiveValueListNode.is(row)
          ? PrimitiveValueListNode.create([unit, ...row.values])
          : ValueListNode.create([ValueNode.create(unit), ...row.values]),
      ),
    );
    // Every unique key of a unit's table begins with unit_id, so a conflict target does too.
    const onConflict =
      t.onConflict?.columns && !t.onConflict.columns.some((c) => c.column.name === UNIT_COLUMN)
        ? OnConflictNode.cloneWith(t.onConflict, { columns: [ColumnNode.create(UNIT_COLUMN), ...t.onConflict.columns] })
        : t.onConflict;
    return { ...t, columns: [ColumnNode.create(UNIT_COLUMN), ...columns], values, ...(onConflict ? { onConflict } : {}) };
  }
}
