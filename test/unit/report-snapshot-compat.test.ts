import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFile } from '../../src/features/reports/reports.files.ts';
import { addUser, makeTestApp, type TestApp } from '../support/app.ts';

// A final report frozen before the movement-kind registry (test/fixtures/old-report/make.ts):
// read back from the database as the app stores it, it must print byte for byte as it did then.
const dir = join(import.meta.dirname, '../fixtures/old-report');
const MONTH = '2026-09';
const stored = readFileSync(join(dir, 'snapshot-v1.json'), 'utf8');

let t: TestApp;
let userId: number;
beforeAll(async () => {
  t = await makeTestApp();
  userId = await addUser(t.db, 'admin', ['admin']);
  await t.db
    .insertInto('monthly_reports')
    .values({
      month: MONTH,
      status: 'final',
      snapshot_json: stored,
      finalised_at: '2026-11-30T10:14:50.600Z',
      finalised_by: userId,
      reopened_at: null,
      reopened_by: null,
      reopen_reason: null,
      doc_year: 2026,
      doc_seq: 1,
    })
    .execute();
});
afterAll(() => t.close());

describe('an old final report (snapshot version 1)', () => {
  const files = [
    ['pdf', 'a4', 'report-a4.pdf'],
    ['pdf', 'f4', 'report-f4.pdf'],
    ['xlsx', null, 'report.xlsx'],
    ['csv', null, 'report.csv'],
  ] as const;
  for (const [format, paper, name] of files) {
    it(`still prints the same ${name} bytes`, async () => {
      const file = await reportFile(t.db, MONTH, format, { paper, userId, files: t.files });
      expect(file.status).toBe('final');
      const want = readFileSync(join(dir, name));
      // Compared as text first for a readable difference in the CSV, then as bytes.
      if (format === 'csv') expect(file.bytes.toString('utf8')).toBe(want.toString('utf8'));
      expect(file.bytes.equals(want)).toBe(true);
    });
  }
});
