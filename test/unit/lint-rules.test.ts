// The import rules of eslint.config.js fail a wrong import with a message that says what to do,
// and let the right imports through (docs/architecture.md, "Who may import whom").
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('import rules', () => {
  it('a feature importing another feature’s queries is refused with the way to go', async () => {
    const errors = await importErrors(
      'src/features/dashboard/dashboard.service.ts',
      "import { listHarvests } from '../harvests/harvests.queries.ts';\nexport const x = listHarvests;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("Call the other feature's service");
  });

  it('a dynamic import() of another feature’s queries is refused too', async () => {
    const errors = await importErrors(
      'src/features/dashboard/dashboard.service.ts',
      "export const load = () => import('../harvests/harvests.queries.ts');\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("Call the other feature's service");
  });

  it('a type-only import of another feature’s queries is refused too', async () => {
    const errors = await importErrors(
      'src/features/stock/stock.export.ts',
      "import type { HarvestFilter } from '../harvests/harvests.queries.ts';\nexport type X = HarvestFilter;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('a way round the path (./../) or a computed import() is refused too', async () => {
    const dotted = await importErrors(
      'src/features/dashboard/dashboard.service.ts',
      "import { listHarvests } from './../harvests/harvests.queries.ts';\nexport const x = listHarvests;\n",
    );
    expect(dotted).toHaveLength(1);
    expect(dotted[0]).toContain("Call the other feature's service");
    const computed = await importErrors(
      'src/features/dashboard/dashboard.service.ts',
      'const f = "harvests";\nexport const load = () => import(`../${f}/${f}.queries.ts`);\n',
    );
    expect(computed).toHaveLength(1);
    expect(computed[0]).toContain('import() takes a plain string');
  });

  it('src/db importing a feature is refused (the Database type reads shared vocabulary from src/lib)', async () => {
    const errors = await importErrors(
      'src/db/database.ts',
      "import type { MovementKind } from '../features/stock/stock.service.ts';\nexport type X = MovementKind;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/db must not import a feature');
  });

  it('src/web and src/lib importing a feature are refused', async () => {
    const web = await importErrors(
      'src/web/nav.ts',
      "import { dashboard } from '../features/dashboard/dashboard.service.ts';\nexport const x = dashboard;\n",
    );
    const lib = await importErrors(
      'src/lib/format.ts',
      "import type { HarvestFilter } from '../features/harvests/harvests.service.ts';\nexport type X = HarvestFilter;\n",
    );
    expect(web).toHaveLength(1);
    expect(web[0]).toContain('src/web, src/lib and src/db must not import a feature');
    expect(lib).toHaveLength(1);
    expect(lib[0]).toContain('src/web, src/lib and src/db must not import a feature');
  });

  it('app.ts, a CLI and a script importing a queries file are refused', async () => {
    const code = "import { listUsersWithRoles } from './features/users/users.queries.ts';\nexport const x = listUsersWithRoles;\n";
    expect(await importErrors('src/app.ts', code)).toHaveLength(1);
    expect(await importErrors('src/cli/report.ts', code.replace('./', '../'))).toHaveLength(1);
    expect(await importErrors('scripts/bench.ts', code.replace('./', '../src/'))).toHaveLength(1);
  });

  it('a service importing src/web is refused: its errors come from src/lib/errors.ts', async () => {
    const wrong = await importErrors(
      'src/features/harvests/harvests.service.ts',
      "import { NotFoundError } from '../../web/errors.ts';\nexport const x = NotFoundError;\n",
    );
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toContain('src/lib/errors.ts');
    const right = await importErrors(
      'src/features/harvests/harvests.service.ts',
      "import { NotFoundError } from '../../lib/errors.ts';\nexport const x = NotFoundError;\n",
    );
    expect(right).toEqual([]);
  });

  it('a migration importing from src/ is refused', async () => {
    const errors = await importErrors(
      'migrations/2026-12-01-0001-example.ts',
      "import { ROLES } from '../src/db/database.ts';\nexport const x = ROLES;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('A migration must not import from src/');
  });

  it('the right imports pass: own queries, another feature’s service, lib from a feature, kysely in a migration', async () => {
    expect(
      await importErrors(
        'src/features/harvests/harvests.service.ts',
        "import { listHarvests } from './harvests.queries.ts';\nimport { recordMovement } from '../stock/stock.service.ts';\nimport { wibDate } from '../../lib/time.ts';\nexport const x = [listHarvests, recordMovement, wibDate];\n",
      ),
    ).toEqual([]);
    expect(await importErrors('src/web/locals.ts', "import { formatKg } from '../lib/format.ts';\nexport const x = formatKg;\n")).toEqual(
      [],
    );
    expect(
      await importErrors(
        'migrations/2026-12-01-0001-example.ts',
        "import { sql, type Kysely } from 'kysely';\nexport const x: [typeof sql, Kysely<never> | null] = [sql, null];\n",
      ),
    ).toEqual([]);
  });

  it('tests may import a queries file (the query-plan test checks the queries themselves)', async () => {
    expect(
      await importErrors(
        'test/http/query-plans.test.ts',
        "import { findMovementsToReverse } from '../../src/features/stock/stock.queries.ts';\nexport const x = findMovementsToReverse;\n",
      ),
    ).toEqual([]);
  });
});
