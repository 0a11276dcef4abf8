// Bar charts drawn as PDF vectors: one bar per month, stacked by series, with round ticks and a legend.
import { niceTicks } from './chart-scale.ts';
import { FONT_PATHS as F, MM, type Doc } from './pdf.ts';

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface BarChartOptions {
  x: number;
  y: number;
  w: number;
  h: number;
  labels: string[];
  series: ChartSeries[];
  /** Formats an axis tick (values are in the series' own unit). */
  tick: (v: number) => string;
  /** The unit written above the axis ("kg"). */
  unit: string;
}

/** Distinct on screen and in grey print: dark green, orange, light green, brown, blue, purple. */
export const CHART_COLOURS = [
  '#2e6b34',
  '#e08a1e',
  '#8fc27a',
  '#8a4b2a',
  '#3b6fb6',
  '#7d4e9e',
  '#c2b23a',
  '#5b5b5b',
  '#b3171d',
  '#4fb3b0',
  '#e3a6c9',
  '#1f2f5c',
];

/** Draws the chart inside the box; returns the y below its legend. */
export function drawBarChart(doc: Doc, o: BarChartOptions): number {
  const totals = o.labels.map((_, i) => o.series.reduce((s, se) => s + Math.max(0, se.values[i] ?? 0), 0));
  const max = Math.max(0, ...totals);
  const ticks = max > 0 ? niceTicks(max, 4) : [0, 1, 2, 3, 4];
  const top = ticks.at(-1)!;
  const axisW = 16 * MM;
  // The legend's swatches and names, wrapped onto as many rows as the width needs.
  doc.font(F.regular).fontSize(7.5);
  const rowH = 5 * MM;
  const legend: Array<{ name: string; k: number; x: number; row: number }> = [];
  let lx = o.x + axisW;
  let row = 0;
  o.series.forEach((se, k) => {
    const w = doc.widthOfString(se.name) + 8 * MM;
    if (lx + w > o.x + o.w && lx > o.x + axisW) {
      row++;
      lx = o.x + axisW;
    }
    legend.push({ name: se.name, k, x: lx, row });
    lx += w;
  });
  const legendH = (row + 1) * rowH + 1 * MM;
  const plot = { x: o.x + axisW, y: o.y + 4 * MM, w: o.w - axisW, h: o.h - 4 * MM - 6 * MM - legendH };
  const yOf = (v: number) => plot.y + plot.h - (v / top) * plot.h;

  doc.save();
  doc
    .font(F.regular)
    .fontSize(7)
    .fillColor('#4d4d4d')
    .text(o.unit, o.x, o.y, { width: axisW - 2 * MM, align: 'right' });
  for (const v of ticks) {
    const y = yOf(v);
    doc
      .strokeColor('#d5dbd5')
      .lineWidth(0.4)
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.w, y)
      .stroke();
    doc.fillColor('#4d4d4d').text(o.tick(v), o.x, y - 3, { width: axisW - 2 * MM, align: 'right', lineBreak: false });
  }
  const slot = plot.w / Math.max(1, o.labels.length);
  const barW = slot * 0.62;
  o.labels.forEach((label, i) => {
    let base = 0;
    const x = plot.x + i * slot + (slot - barW) / 2;
    o.series.forEach((se, k) => {
      const v = Math.max(0, se.values[i] ?? 0);
      if (v <= 0) return;
      doc.rect(x, yOf(base + v), barW, yOf(base) - yOf(base + v)).fill(CHART_COLOURS[k % CHART_COLOURS.length]!);
      base += v;
    });
    doc
      .fillColor('#333333')
      .fontSize(6.5)
      .text(label, plot.x + i * slot, plot.y + plot.h + 1.5 * MM, { width: slot, align: 'center', lineBreak: false });
  });
  doc
    .strokeColor('#333333')
    .lineWidth(0.6)
    .moveTo(plot.x, plot.y + plot.h)
    .lineTo(plot.x + plot.w, plot.y + plot.h)
    .stroke();
  if (max === 0) {
    doc
      .fillColor('#4d4d4d')
      .fontSize(8)
      .text('Belum ada data', plot.x, plot.y + plot.h / 2 - 4, { width: plot.w, align: 'center' });
  }

  doc.fontSize(7.5);
  for (const item of legend) {
    const ly = o.y + o.h - legendH + 1.5 * MM + item.row * rowH;
    doc.rect(item.x, ly, 3 * MM, 3 * MM).fill(CHART_COLOURS[item.k % CHART_COLOURS.length]!);
    doc.fillColor('black').text(item.name, item.x + 4 * MM, ly + 0.3, { lineBreak: false });
  }
  doc.restore();
  return o.y + o.h;
}
