// Tables from sheets (src/lib/sheets.ts) on paper, and the footer of every page: shared by the
// monthly report and the roll-ups.
import { formatDayShort, formatKg, formatNumber, formatRupiah } from './format.ts';
import { Flow, type FlowColumn } from './pdf-flow.ts';
import { drawOutlinedWord, FONT_PATHS as F, MM, type Doc } from './pdf.ts';
import type { Column, Sheet } from './sheets.ts';

/** A cell as the paper shows it, by its column's kind. */
export function show(kind: Column['kind'], v: unknown, total = false): string {
  if (v === null || v === undefined || v === '') return total ? '' : '–';
  if (typeof v === 'number') {
    if (kind === 'kg') return formatKg(v).replace(' kg', '');
    if (kind === 'rp') return formatRupiah(v);
    if (kind === 'pct') return `${v > 0 ? '▲' : v < 0 ? '▼' : '='} ${formatNumber(Math.round(Math.abs(v) * 1000) / 10)} %`;
    return formatNumber(v);
  }
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDayShort(v);
  return String(v);
}

export function drawSheet(flow: Flow, sheet: Sheet, empty?: string): void {
  const shown = sheet.columns.map((c, k) => ({ c, k })).filter(({ c }) => c.onPaper !== false);
  const columns: FlowColumn[] = shown.map(({ c }) => ({
    header: c.header,
    width: c.width ?? 10,
    align: c.kind && c.kind !== 'text' && c.kind !== 'date' ? 'right' : 'left',
  }));
  flow.table(
    columns,
    sheet.rows.map((r, i) => {
      const strong = Boolean(sheet.totalRow) && i === sheet.rows.length - 1;
      return { cells: shown.map(({ c, k }) => show(c.kind, r[k], strong)), strong };
    }),
    { empty },
  );
}

/**
 * Once every page exists: a rule and a footer line on each (`left`, and "Halaman X dari Y" on the
 * right), and the word `watermark` across each page of a document that is not final (KONSEP).
 */
export function drawFooters(
  doc: Doc,
  o: { side: number; bottom: number; left: string; watermark: string | null; page?: (i: number, n: number) => string },
): void {
  const page = o.page ?? ((i: number, n: number) => `Halaman ${i} dari ${n}`);
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const { width, height } = doc.page;
    if (o.watermark) {
      drawOutlinedWord(doc, o.watermark, {
        font: F.bold,
        size: 110,
        cx: width / 2,
        cy: height / 2,
        angle: -35,
        color: '#b3171d',
        opacity: 0.08,
      });
    }
    doc
      .save()
      .strokeColor('#9aa59a')
      .lineWidth(0.4)
      .moveTo(o.side, height - o.bottom + 4 * MM)
      .lineTo(width - o.side, height - o.bottom + 4 * MM)
      .stroke()
      .restore();
    doc
      .font(F.regular)
      .fontSize(7.5)
      .fillColor('#4d4d4d')
      .text(o.left, o.side, height - o.bottom + 6 * MM, { width: width - 2 * o.side, align: 'left', lineBreak: false })
      .text(page(i + 1, range.count), o.side, height - o.bottom + 6 * MM, {
        width: width - 2 * o.side,
        align: 'right',
        lineBreak: false,
      });
  }
}
