import { describe, expect, it } from 'vitest';
import { safeText, toCsv } from '../../src/lib/csv.ts';
import { sheetsToCsv } from '../../src/lib/sheets.ts';

describe('CSV cells that would start a spreadsheet formula', () => {
  it.each(['=HYPERLINK("http://x")', '+1', '-1+1', '@SUM(1)', '\t=1', '\r=1'])('%j is neutralised with a leading quote', (s) => {
    expect(safeText(s)).toBe(`'${s}`);
  });

  it('ordinary text and numbers stay as they are; a negative number stays a number', () => {
    expect(safeText('Terong ungu')).toBe('Terong ungu');
    expect(toCsv(['A', 'B'], [['x', -1.5]])).toBe('\uFEFFA;B\r\nx;-1,5\r\n');
  });

  it('a header made of user text is neutralised too (a commodity named =1+1 headed its column)', () => {
    expect(toCsv(['No', '=1+1 (kg)'], [[1, 2]])).toBe("\uFEFFNo;'=1+1 (kg)\r\n1;2\r\n");
    const sections = sheetsToCsv([
      { name: 'a', title: '@judul', columns: [{ header: '+kolom' }], rows: [['-x']] },
      { name: 'b', title: 'B', columns: [{ header: '=h' }], rows: [] },
    ]);
    expect(sections.split('\r\n').filter((line) => /^[=+\-@]/.test(line.replace(/^\uFEFF/, '')))).toEqual([]);
  });
});
