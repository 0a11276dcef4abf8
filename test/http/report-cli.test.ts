import { spawnSync } from 'node:child_process';
import { childEnv } from '../support/child-env.ts';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarvest } from '../../src/features/harvests/harvests.service.ts';
import { currentMonth } from '../../src/features/reports/reports.archive.ts';
import { shiftMonth } from '../../src/lib/time.ts';
import { readPdf } from '../support/pdf.ts';
import { addLocation, addUnit, addUser, makeTestApp, TERONG, token, type TestApp } from '../support/app.ts';

let t: TestApp;
const month = shiftMonth(currentMonth(), -1);

function report(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], {
    env: childEnv(t),
    encoding: 'utf8',
    timeout: 30_000,
  });
}

beforeAll(async () => {
  t = await makeTestApp();
  const admin = await addUser(t.db, 'kepala', ['pimpinan']);
  const plot = await addLocation(t.db, 'Lahan Blok A');
  await createHarvest(
    t.db,
    {
      commodity_id: TERONG,
      location_id: plot,
      weight_g: 7_250,
      heads: null,
      grade: null,
      harvest_date: `${month}-10`,
      harvest_time: '07:00',
      workers: [],
      note: null,
      form_token: token(),
    },
    admin,
  );
});
afterAll(() => t.close());

describe('npm run report', () => {
  it('writes the month as PDF, and as XLSX or CSV by --format or the file name', async () => {
    const out = path.join(t.config.dataDir, 'laporan.pdf');
    const r = report('--month', month, '--out', out, '--user', 'kepala', '--paper', 'f4');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(KONSEP) ditulis ke');
    const { pages } = await readPdf(fs.readFileSync(out));
    expect(pages[0]!.height).toBeCloseTo(935.43, 0);
    expect(pages.map((p) => p.text).join(' ')).toContain('7,25');
    expect(pages.map((p) => p.text).join(' ')).toContain('Nama kepala');

    const xlsx = path.join(t.config.dataDir, 'laporan.xlsx');
    expect(report('--month', month, '--out', xlsx).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('Produksi')).toBeDefined();

    const csv = path.join(t.config.dataDir, 'laporan.txt');
    expect(report('--month', month, '--out', csv, '--format', 'csv').status).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toContain('Terong;1;7,25;');
  });

  it('refuses bad arguments with one Indonesian line and writes nothing', () => {
    const out = path.join(t.config.dataDir, 'x.pdf');
    for (const args of [
      ['--month', '2026-13', '--out', out],
      ['--month', '0050-01', '--out', out],
      ['--month', shiftMonth(currentMonth(), 2), '--out', out],
      ['--month', month],
      ['--month', month, '--out', out, '--format', 'doc'],
      ['--month', month, '--out', out, '--user', 'siapa'],
      ['--bulan', month],
    ]) {
      const r = report(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^Laporan tidak dibuat: /);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a DATA_DIR without a database, creating nothing there', () => {
    const empty = path.join(t.config.dataDir, 'kosong');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', '--month', month, '--out', path.join(empty, 'x.pdf')], {
      env: { ...process.env, DATA_DIR: empty, NODE_ENV: 'test' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tidak ada basis data di DATA_DIR');
    expect(fs.existsSync(empty)).toBe(false);
  });

  it("on an installation of several units, asks which with --unit, and writes that unit's report", async () => {
    await addUnit(t.db, { code: 'LPSPATI', name: 'Lapas Pati' });
    const out = path.join(t.config.dataDir, 'unit.csv');
    const asked = report('--month', month, '--out', out);
    expect(asked.status).not.toBe(0);
    expect(asked.stderr).toContain('sebutkan unitnya dengan --unit KODE (LPSPATI, RTNUJI)');
    expect(fs.existsSync(out)).toBe(false);
    const uji = report('--month', month, '--out', out, '--unit', 'rtnuji');
    expect(uji.stderr).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toContain('7,25');
    const pati = report('--month', month, '--out', out, '--unit', 'LPSPATI');
    expect(pati.stderr).toBe('');
    expect(fs.readFileSync(out, 'utf8')).not.toContain('7,25');
    expect(report('--month', month, '--out', out, '--unit', 'TIDAKADA').stderr).toContain('tidak ada UPT berkode TIDAKADA');
  });
});
