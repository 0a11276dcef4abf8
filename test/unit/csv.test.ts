import { describe, expect, it } from 'vitest';
import { safeText, toCsv } from '../../src/lib/csv.ts';
import { sheetsToCsv } from '../../src/lib/sheets.ts';

describe('CSV cells that would start a spreadsheet formula', () => {
  it.each(['=HYPERLINK("http://x")', '+1', '-1+1', '@SUM(1)', '\t=1'])('%j is neutralised with a leading quote', (s) => {
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

  it('every line of a multi-line cell is neutralised; CRLF and a bare CR become the cell line break LF', () => {
    expect(safeText('catatan biasa\n=1+1')).toBe("catatan biasa\n'=1+1");
    expect(safeText('a\r\n+1\r-1\n@x\n\t=1\nbiasa')).toBe("a\n'+1\n'-1\n'@x\n'\t=1\nbiasa");
    expect(safeText('\r=1')).toBe("\n'=1");
  });

  it('a field with a line break is quoted, so a bare LF no longer ends the row', () => {
    expect(toCsv(['A', 'B'], [['catatan biasa\n=1+1', 'x']])).toBe('\uFEFFA;B\r\n"catatan biasa\n\'=1+1";x\r\n');
    expect(toCsv(['A'], [['a\rb']])).toBe('\uFEFFA\r\n"a\nb"\r\n');
  });
});
