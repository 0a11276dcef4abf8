// Run by test/unit/sheets-stream.test.ts in a child process with a small heap: writes N generated
// rows as CSV and as XLSX to sinks that keep only a count, and prints what it wrote.
import { Writable } from 'node:stream';
import type { Cell } from '../../src/lib/csv.ts';
import { writeCsv, writeXlsx, type StreamSheet } from '../../src/lib/sheets-stream.ts';

const n = Number(process.argv[2] ?? 200_000);

async function* rows(): AsyncGenerator<Cell[]> {
  for (let i = 1; i <= n; i++) {
    yield [
      i,
      `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
      'Terong ungu',
      i * 37,
      i % 5 ? null : 3,
      `Panen #${i} dari kebun blok ${i % 40}`,
    ];
  }
}

const sheet = (): StreamSheet => ({
  name: 'Pergerakan stok',
  columns: [
    { header: 'No', kind: 'int', width: 6 },
    { header: 'Tanggal', kind: 'date', width: 12 },
    { header: 'Komoditas', width: 14 },
    { header: 'Masuk / keluar (kg)', kind: 'kg', width: 14 },
    { header: 'Ekor', kind: 'int', width: 8 },
    { header: 'Sumber', width: 40 },
  ],
  rows: rows(),
});

function counter() {
  let bytes = 0;
  let lines = 0;
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
      setImmediate(cb);
    },
  });
  return { out, done: () => new Promise((r) => out.once('finish', r)), bytes: () => bytes, lines: () => lines };
}

const csv = counter();
await writeCsv(csv.out, [sheet()]);
await csv.done();
const xlsx = counter();
await writeXlsx(xlsx.out, [sheet()]);
process.stdout.write(
  JSON.stringify({ csvLines: csv.lines(), xlsxBytes: xlsx.bytes(), heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }),
);
