import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokenSnapshotError, readSnapshot, V1_OUT_COLUMNS } from '../../src/features/reports/reports.read.ts';
import { OUT_KINDS } from '../../src/lib/movement-kinds.ts';
import { addUser, login, makeTestApp, type Agent, type TestApp } from '../support/app.ts';

const v1 = readFileSync(join(import.meta.dirname, '../fixtures/old-report/snapshot-v1.json'), 'utf8');
const BROKEN = 'Data laporan final bulan Agustus 2026 yang tersimpan tidak dapat dibaca';

describe('reading a stored report snapshot', () => {
  it('upgrades version 1 to the current shape with the columns it was frozen with, and a kind added later reads as 0', () => {
    const s = readSnapshot(v1, '2026-09');
    expect(s.version).toBe(2);
    expect(s.outColumns).toEqual(V1_OUT_COLUMNS);
    for (const row of s.balance) for (const k of OUT_KINDS) expect(typeof row[k]).toBe('number');
    expect(s.balance.find((b) => b.name === 'Terong')).toMatchObject({ distribution: 1000, kitchen: 2500, sale: 2000, loss: 0 });
  });

  it('reads a version-1 report frozen before the paper was kept on the paper set in Pengaturan', () => {
    const { paper: _kept, ...old } = JSON.parse(v1) as Record<string, unknown>;
    expect(readSnapshot(JSON.stringify(old), '2026-09', 'f4').paper).toBe('f4');
    expect(readSnapshot(JSON.stringify(old), '2026-09', 'a4').paper).toBe('a4');
    expect(readSnapshot(v1, '2026-09', 'f4').paper).toBe(JSON.parse(v1).paper);
  });

  it('refuses what it cannot read with an Indonesian message naming the month', () => {
    const bad = [
      '{not json',
      '{}',
      JSON.stringify({ ...JSON.parse(v1), version: 9 }),
      JSON.stringify({ ...JSON.parse(v1), balance: [{ name: 'Terong' }] }),
    ];
    for (const json of bad) {
      expect(() => readSnapshot(json, '2026-08')).toThrow(BrokenSnapshotError);
      expect(() => readSnapshot(json, '2026-08')).toThrow(BROKEN);
    }
  });
});

describe('a final report whose stored snapshot is broken', () => {
  let t: TestApp;
  let admin: Agent;
  beforeAll(async () => {
    t = await makeTestApp();
    const id = await addUser(t.db, 'admin', ['admin']);
    admin = await login(t.app, 'admin');
    await t.db
      .insertInto('monthly_reports')
      .values({
        month: '2026-08',
        status: 'final',
        snapshot_json: '{"version":1,"month":"2026-08"',
        finalised_at: '2026-09-01T01:00:00.000Z',
        finalised_by: id,
        reopened_at: null,
        reopened_by: null,
        reopen_reason: null,
        doc_year: 2026,
        doc_seq: 1,
      })
      .execute();
  });
  afterAll(() => t.close());

  it('the report page still opens, lists the months and says what is wrong', async () => {
    const res = await admin.get('/reports?month=2026-08');
    expect(res.status).toBe(200);
    expect(res.text).toContain(BROKEN);
    expect(res.text).toContain('Buka kembali bulan ini');
  });

  it('a download says so in words instead of failing', async () => {
    const res = await admin.get('/reports/2026-08/report.pdf');
    expect(res.status).toBe(500);
    expect(res.text).toContain(BROKEN);
  });
});
