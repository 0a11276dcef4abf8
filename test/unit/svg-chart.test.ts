import { describe, expect, it } from 'vitest';
import { barChart, escapeXml, groupedBarChart, niceTicks, shortMonth } from '../../src/lib/svg-chart.ts';

const labels = ['2024-12', '2025-01', '2025-02'].map(shortMonth);

describe('svg bar charts', () => {
  it('y-axis ticks are round numbers from 0 to at least the largest value', () => {
    expect(niceTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(1_180)).toEqual([0, 250, 500, 750, 1_000, 1_250]);
    expect(niceTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0]);
    expect(niceTicks(Number.NaN)).toEqual([0]);
  });

  it('month labels are short Indonesian months with a two-digit year', () => {
    expect(['2025-11', '2025-12', '2026-01', '2026-08', '2026-05'].map(shortMonth)).toEqual([
      'Nov 25',
      'Des 25',
      'Jan 26',
      'Agu 26',
      'Mei 26',
    ]);
  });

  it('ticks are written in Indonesian number format', () => {
    const svg = barChart({ id: 'c', title: 'Penyaluran', labels, unit: 'kg', name: 'Disalurkan', values: [1_180, 20.5, 0] });
    expect(svg).toContain('>1.250</text>');
    expect(svg).toContain('>1.000</text>');
    expect(svg).toContain('>20,5</text>'); // the value over its bar
  });

  it('draws one bar per non-zero value, side by side or stacked, with a legend for several series', () => {
    const series = [
      { name: 'Terong', values: [10, 0, 5] },
      { name: 'Cabai', values: [2, 3, 0] },
      { name: 'Lele', values: [0, 0, 8] },
    ];
    const grouped = groupedBarChart({ id: 'h', title: 'Panen', labels, unit: 'kg', series });
    expect(grouped.match(/<rect class="bar"/g)).toHaveLength(5);
    expect(grouped).toContain('>Terong</text>');
    expect(grouped).toContain('>Lele</text>');
    expect(grouped.match(/<pattern /g)).toHaveLength(3);
    const stacked = groupedBarChart({ id: 'h', title: 'Panen', labels, unit: 'kg', series, stacked: true });
    expect(stacked.match(/<rect class="bar"/g)).toHaveLength(5);
    // Stacked, the axis reaches the largest month total (13), not the largest bar (10).
    expect(stacked).toContain('>15</text>');
    expect(grouped).not.toContain('>15</text>');
    expect(grouped).toContain('>10</text>');
  });

  it('is an accessible image with a title and a summary', () => {
    const svg = groupedBarChart({
      id: 'h',
      title: 'Panen per komoditas',
      labels,
      unit: 'kg',
      series: [
        { name: 'Terong', values: [10, 0, 5] },
        { name: 'Cabai', values: [2.5, 0, 0] },
      ],
    });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<title>Panen per komoditas</title>');
    expect(svg).toContain(
      'aria-label="Panen per komoditas, Des 24 sampai Feb 25. Jumlah: Terong 15 kg, Cabai 2,5 kg. Tertinggi Des 24: 12,5 kg."',
    );
    expect(svg).not.toMatch(/style=|<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('escapes every text, commodity names above all', () => {
    const svg = groupedBarChart({
      id: 'x',
      title: 'A & B "panen"',
      labels: ['<b>'],
      unit: 'kg',
      series: [
        { name: '<script>alert(1)</script>', values: [3] },
        { name: "Bayam' onload='x", values: [1] },
      ],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain("' onload='");
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('A &amp; B &quot;panen&quot;');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('with no data draws an empty chart saying so, and never NaN', () => {
    const empty = groupedBarChart({
      id: 'e',
      title: 'Panen',
      labels,
      unit: 'kg',
      series: [
        { name: 'Terong', values: [0, 0, 0] },
        { name: 'Cabai', values: [] },
      ],
    });
    expect(empty).toContain('Belum ada data');
    expect(empty).not.toContain('class="bar"');
    expect(empty).toContain('>0</text>');
    const none = groupedBarChart({ id: 'n', title: 'Panen', labels: [], unit: 'kg', series: [] });
    const odd = barChart({ id: 'o', title: 'Penyaluran', labels, unit: 'kg', name: 'x', values: [Number.NaN, Infinity, -4] });
    for (const svg of [empty, none, odd]) {
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
      expect(svg).toContain('Belum ada data');
    }
  });

  it('long names are shortened in the legend and the legend wraps instead of running off', () => {
    const series = Array.from({ length: 8 }, (_, i) => ({
      name: `Komoditas dengan nama sangat panjang nomor ${i + 1}`,
      values: [i + 1, 1, 1],
    }));
    const svg = groupedBarChart({ id: 'l', title: 'Panen', labels, unit: 'kg', series, stacked: true });
    expect(svg).toContain('Komoditas dengan nama sanga…');
    for (const m of svg.matchAll(/<text x="([\d.]+)"[^>]*>([^<]*)</g)) {
      expect(Number(m[1]) + m[2]!.length * 15 * 0.58, m[2]).toBeLessThanOrEqual(720 + 1);
    }
  });
});
