import { afterEach, describe, expect, it, vi } from 'vitest';
import { sheetsToXlsx } from '../../src/lib/sheets.ts';

afterEach(() => vi.useRealTimers());

describe('XLSX downloads', () => {
  it('the same sheets give the same bytes at another time of day (a final report downloaded again)', async () => {
    const sheets = [{ name: 'Produksi', columns: [{ header: 'Komoditas' }, { header: 'Hasil (kg)', kind: 'kg' as const }], rows: [['Terong', 12_500]] }];
    const created = new Date('2025-11-03T02:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T01:00:00Z'));
    const a = await sheetsToXlsx(sheets, { created });
    vi.setSystemTime(new Date('2026-11-24T09:30:17Z'));
    const b = await sheetsToXlsx(sheets, { created });
    expect(a.equals(b)).toBe(true);
  });
});
