// The "after" half of the units migration check, with today's code: the figures of a migrated
// database read over the columns it had before (scripts/unit-migration/figures.ts), its final
// reports drawn as today's code serves them, and what the migration itself must have made: one UPT
// named after the newest letterhead, every record of every unit table given to it, a sound file.
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';
import type { FileStore } from '../../src/db/file-store.ts';
import { installationWide, UNIT_TABLES, unitScope, withUnitScope } from '../../src/db/unit-scope.ts';
import { reportFile } from '../../src/features/reports/reports.files.ts';
import { finalReports, readFigures, REPORT_FILES, sha256, type Figures, type ReportFigures } from './figures.ts';

/** The figures over the tables and columns of `before`, and each of its final reports drawn again. */
export async function figuresAfter(db: Db, before: Figures, files: FileStore, unitId: number): Promise<Omit<Figures, 'made'>> {
  const tables = Object.fromEntries(Object.entries(before.tables).map(([t, f]) => [t, f.columns]));
  // The figures are of the whole installation, as the migration is.
  const figures = await installationWide(() => readFigures(db, tables));
  const reports = await withUnitScope(unitScope(unitId), () => reportsNow(db, files));
  return { ...figures, reports };
}

/** Every final report's files as `npm run report` and the report page serve them, in the unit's scope. */
async function reportsNow(db: Db, files: FileStore): Promise<ReportFigures[]> {
  const out: ReportFigures[] = [];
  for (const r of await finalReports(db)) {
    const report: ReportFigures = { ...r, files: {} };
    for (const f of REPORT_FILES) {
      const file = await reportFile(db, r.month, f.format, { paper: f.paper, userId: null, files });
      report.files[f.key] = { bytes: file.bytes.length, sha256: sha256(file.bytes) };
    }
    out.push(report);
  }
  return out;
}

export interface UnitOutcome {
  unit: { id: number; code: string; name: string; kind: string; upt_type: string | null } | null;
  /** Commodities mapped to the national catalogue (migration 0023), of all. */
  mapped: { done: number; of: number };
  problems: string[];
}

/** What the migration must have made of a one-unit database. */
export function unitOutcome(db: Db, engine: 'sqlite' | 'postgres'): Promise<UnitOutcome> {
  return installationWide(async () => {
    const problems: string[] = [];
    const units = await db.selectFrom('units').select(['id', 'code', 'name', 'kind', 'upt_type', 'parent_id']).orderBy('id').execute();
    if (units.length !== 1) problems.push(`${units.length} unit, bukan satu`);
    const unit = units[0] ?? null;
    const letterhead = await db
      .selectFrom('site_settings')
      .select(['unit_name', 'unit_code'])
      .orderBy('effective_from', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (unit && letterhead && (unit.code !== letterhead.unit_code.trim() || unit.name !== letterhead.unit_name.trim()))
      problems.push(
        `unit ${unit.code} "${unit.name}" tidak bernama seperti kop surat terbaru (${letterhead.unit_code} "${letterhead.unit_name}")`,
      );
    if (unit && (unit.kind !== 'upt' || unit.parent_id !== null)) problems.push(`unit ${unit.code} bukan UPT di akar (${unit.kind})`);
    for (const table of UNIT_TABLES) {
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(table)} where unit_id is null or unit_id <> ${unit?.id ?? 0}`.execute(db);
      if (Number(rows[0]!.n)) problems.push(`${table}: ${rows[0]!.n} baris bukan milik unit ${unit?.code}`);
    }
    const commodities = await db.selectFrom('commodities').select('national_code').execute();
    if (engine === 'sqlite') {
      const { rows: integrity } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      if (integrity.map((r) => r.integrity_check).join() !== 'ok')
        problems.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
      const { rows: broken } = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
      if (broken.length)
        problems.push(`foreign_key_check: ${broken.length} rujukan rusak (${[...new Set(broken.map((b) => b.table))].join(', ')})`);
    }
    return {
      unit: unit && { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, upt_type: unit.upt_type },
      mapped: { done: commodities.filter((c) => c.national_code !== null).length, of: commodities.length },
      problems,
    };
  });
}
