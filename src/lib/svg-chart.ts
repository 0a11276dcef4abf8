// Bar charts as inline SVG markup, drawn on the server: no script, no web font, no CDN. Pure functions.
import { formatNumber } from './format.ts';
import { niceTicks, shortMonth } from './chart-scale.ts';

export { niceTicks, shortMonth };

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface BarChartOptions {
  /** Unique on the page: prefixes the ids of the title and the fill patterns. */
  id: string;
  /** Read out first by screen readers and shown as a tooltip. */
  title: string;
  /** One per bar group, e.g. from `shortMonth`. */
  labels: string[];
  series: ChartSeries[];
  /** Unit of the values, written above the y-axis and in the summary, e.g. 'kg'. */
  unit: string;
  /** Stack the series in one bar per label instead of side by side. */
  stacked?: boolean;
  /** A plain colour for a chart of one series (instead of the first series' green). */
  color?: string;
  width?: number;
  height?: number;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Fill of the n-th series: a colour from a colour-blind-safe set and, from the second series on,
 * a hatching, so the series stay apart on a black-and-white print. Every bar has a dark outline.
 */
const STYLES: Array<{ color: string; pattern: 'solid' | 'diag' | 'dots' | 'cross' | 'horiz' | 'back' | 'vert' | 'grid'; ink: string }> = [
  { color: '#1f6b3a', pattern: 'solid', ink: '#fff' },
  { color: '#e69f00', pattern: 'diag', ink: '#1b1f1c' },
  { color: '#0072b2', pattern: 'dots', ink: '#fff' },
  { color: '#cc79a7', pattern: 'cross', ink: '#1b1f1c' },
  { color: '#56b4e9', pattern: 'horiz', ink: '#1b1f1c' },
  { color: '#d55e00', pattern: 'back', ink: '#fff' },
  { color: '#f0e442', pattern: 'vert', ink: '#1b1f1c' },
  { color: '#6b4c9a', pattern: 'grid', ink: '#fff' },
];
const INK = '#1b1f1c';
const MUTED = '#545c57';
const GRID = '#c9d1cb';
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif';

function patternDef(id: string, i: number, color?: string): string {
  const s = color ? { color, pattern: 'solid' as const, ink: '#fff' } : STYLES[i % STYLES.length]!;
  const bg = `<rect width="8" height="8" fill="${escapeXml(s.color)}"/>`;
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${s.ink}" stroke-width="1.5"/>`;
  const marks = {
    solid: '',
    diag: line(0, 8, 8, 0) + line(-2, 2, 2, -2) + line(6, 10, 10, 6),
    back: line(0, 0, 8, 8) + line(-2, 6, 2, 10) + line(6, -2, 10, 2),
    dots: `<circle cx="4" cy="4" r="1.6" fill="${s.ink}"/>`,
    cross: line(0, 8, 8, 0) + line(0, 0, 8, 8),
    horiz: line(0, 4, 8, 4),
    vert: line(4, 0, 4, 8),
    grid: line(0, 4, 8, 4) + line(4, 0, 4, 8),
  }[s.pattern];
  return `<pattern id="${id}-p${i}" width="8" height="8" patternUnits="userSpaceOnUse">${bg}${marks}</pattern>`;
}

/** A coordinate with at most one decimal, never NaN. */
function n(x: number): string {
  return String(Number.isFinite(x) ? Math.round(x * 10) / 10 : 0);
}

function clean(v: number | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** Rough width of a text in the chart's font (no font metrics on the server). */
function textWidth(s: string, size: number): number {
  return s.length * size * 0.58;
}

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/**
 * Bars per label for one or more series, side by side or stacked, with a y-axis of round ticks
 * in Indonesian number format, a legend when there is more than one series, and a summary for
 * screen readers. Scales to its container through the viewBox.
 */
export function groupedBarChart(o: BarChartOptions): string {
  const id = o.id.replace(/[^A-Za-z0-9_-]/g, '') || 'grafik';
  const width = o.width ?? 720;
  const height = o.height ?? 340;
  const font = 15;
  const labels = o.labels;
  const series = o.series.map((s) => ({ name: s.name, values: labels.map((_, i) => clean(s.values[i])) }));
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + s.values[i]!, 0));
  const max = o.stacked ? Math.max(0, ...totals) : Math.max(0, ...series.flatMap((s) => s.values));
  const empty = max === 0;
  const ticks = niceTicks(max);
  const top = ticks.at(-1)! || 1;

  // Legend rows above the plot, wrapped to the width.
  const legendItems: Array<{ i: number; x: number; row: number; text: string }> = [];
  if (series.length > 1) {
    let x = 2;
    let row = 0;
    series.forEach((s, i) => {
      const text = shorten(s.name, 28);
      const w = 18 + 6 + textWidth(text, font) + 22;
      if (x > 2 && x + w > width - 16) {
        x = 2;
        row++;
      }
      legendItems.push({ i, x, row, text });
      x += w;
    });
  }
  const legendRows = legendItems.length ? legendItems.at(-1)!.row + 1 : 0;
  const legendH = legendRows * 26;

  const tickLabels = ticks.map((t) => formatNumber(t));
  const left = Math.max(...tickLabels.map((t) => textWidth(t, font - 1)), textWidth(o.unit, font - 1)) + 14;
  const right = 10;
  const plotTop = legendH + 30;
  const plotBottom = height - 40;
  const plotH = plotBottom - plotTop;
  const plotW = width - left - right;
  const groupW = labels.length ? plotW / labels.length : plotW;
  const y = (v: number) => plotBottom - (v / top) * plotH;

  const out: string[] = [];
  const summary = chartSummary(o.title, labels, series, totals, o.unit, empty);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(summary)}" font-family="${FONT}" font-size="${font}">`,
  );
  out.push(`<title>${escapeXml(o.title)}</title>`);
  if (series.length)
    out.push(`<defs>${series.map((_, i) => patternDef(id, i, series.length === 1 ? o.color : undefined)).join('')}</defs>`);

  // Legend.
  for (const l of legendItems) {
    const ly = l.row * 26 + 4;
    out.push(
      `<g><title>${escapeXml(series[l.i]!.name)}</title><rect x="${n(l.x)}" y="${ly}" width="18" height="18" fill="url(#${id}-p${l.i})" stroke="${INK}" stroke-width="1"/>` +
        `<text x="${n(l.x + 24)}" y="${ly + 14}" fill="${INK}">${escapeXml(l.text)}</text></g>`,
    );
  }

  // Y-axis: unit, grid lines and tick labels.
  out.push(
    `<text x="${n(left - 8)}" y="${n(plotTop - 12)}" text-anchor="end" fill="${MUTED}" font-size="${font - 1}">${escapeXml(o.unit)}</text>`,
  );
  ticks.forEach((t, i) => {
    const ty = y(t);
    out.push(
      `<line x1="${n(left)}" y1="${n(ty)}" x2="${n(width - right)}" y2="${n(ty)}" stroke="${i === 0 ? INK : GRID}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${n(left - 8)}" y="${n(ty + 5)}" text-anchor="end" fill="${INK}" font-size="${font - 1}">${escapeXml(tickLabels[i]!)}</text>`,
    );
  });

  // Bars.
  const inner = groupW * (o.stacked || series.length === 1 ? 0.6 : 0.8);
  const barW = o.stacked ? inner : inner / Math.max(1, series.length);
  labels.forEach((label, li) => {
    const gx = left + li * groupW + (groupW - inner) / 2;
    let base = 0;
    series.forEach((s, si) => {
      const v = s.values[li]!;
      if (v <= 0) return;
      const x = o.stacked ? gx : gx + si * barW;
      const y0 = y(base + v);
      const h = y(base) - y0;
      if (o.stacked) base += v;
      out.push(
        `<rect class="bar" x="${n(x)}" y="${n(y0)}" width="${n(Math.max(1, barW - (o.stacked ? 0 : 1)))}" height="${n(Math.max(1, h))}" fill="url(#${id}-p${si})" stroke="${INK}" stroke-width="0.75">` +
          `<title>${escapeXml(`${s.name}, ${label}: ${formatNumber(round1(v))} ${o.unit}`)}</title></rect>`,
      );
    });
    // One series: the value above its bar, when it fits.
    const v1 = series.length === 1 ? series[0]!.values[li]! : 0;
    if (v1 > 0 && textWidth(formatNumber(round1(v1)), font - 2) <= groupW - 2) {
      out.push(
        `<text x="${n(left + li * groupW + groupW / 2)}" y="${n(y(v1) - 6)}" text-anchor="middle" fill="${INK}" font-size="${font - 2}">${escapeXml(formatNumber(round1(v1)))}</text>`,
      );
    }
    // Month label: one line when it fits, else month over year.
    const lx = n(left + li * groupW + groupW / 2);
    const [first, second] = label.split(' ');
    if (textWidth(label, font - 1) <= groupW - 4 || !second) {
      out.push(
        `<text x="${lx}" y="${n(plotBottom + 22)}" text-anchor="middle" fill="${INK}" font-size="${font - 1}">${escapeXml(label)}</text>`,
      );
    } else {
      out.push(
        `<text x="${lx}" y="${n(plotBottom + 18)}" text-anchor="middle" fill="${INK}" font-size="${font - 1}">${escapeXml(first!)}<tspan x="${lx}" dy="16">${escapeXml(second)}</tspan></text>`,
      );
    }
  });

  if (empty) {
    out.push(
      `<text x="${n(left + plotW / 2)}" y="${n(plotTop + plotH / 2)}" text-anchor="middle" fill="${MUTED}" font-size="${font + 3}">Belum ada data</text>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}

/** One series of bars (e.g. kilos handed out per month), with the value over each bar. */
export function barChart(o: Omit<BarChartOptions, 'series' | 'stacked'> & { name: string; values: number[] }): string {
  const { name, values, ...rest } = o;
  return groupedBarChart({ ...rest, series: [{ name, values }] });
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** "Panen per komoditas, Des 24 sampai Nov 25. Jumlah: Terong 120 kg, Cabai 15 kg. Tertinggi Okt 25: 30 kg." */
function chartSummary(title: string, labels: string[], series: ChartSeries[], totals: number[], unit: string, empty: boolean): string {
  const span = labels.length ? `${labels[0]} sampai ${labels.at(-1)}` : '';
  if (empty) return `${title}, ${span}. Belum ada data.`;
  const sums = series.map((s) => `${s.name} ${formatNumber(round1(s.values.reduce((a, b) => a + b, 0)))} ${unit}`);
  const best = totals.indexOf(Math.max(...totals));
  return `${title}, ${span}. Jumlah: ${sums.join(', ')}. Tertinggi ${labels[best]}: ${formatNumber(round1(totals[best]!))} ${unit}.`;
}
