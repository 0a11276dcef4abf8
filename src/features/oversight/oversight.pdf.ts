// The roll-up on paper (A4 or F4, landscape: the table per UPT is wide): the area, the month, how
// many UPT it holds, and every table of oversight.tables.ts. "data per …, N dari M UPT final" heads
// every page; drafts of UPT not final make the whole document KONSEP.
import type { PaperSize } from '../../db/database.ts';
import { formatDate, formatDateTime, formatKg, formatMonth } from '../../lib/format.ts';
import { Flow } from '../../lib/pdf-flow.ts';
import { drawFooters, drawSheet } from '../../lib/pdf-sheet.ts';
import { FONT_PATHS as F, MM, newDocument, toBuffer } from '../../lib/pdf.ts';
import type { Rollup } from './oversight.rollup.ts';
import { dayBoardSheets, rollupTables } from './oversight.tables.ts';
import type { DayBoard } from './oversight.harvest-day.ts';

const SIDE = 12 * MM;
const TOP = 12 * MM;
const BOTTOM = 14 * MM;

export async function renderRollup(r: Rollup, paper: PaperSize): Promise<Buffer> {
  const month = formatMonth(r.month);
  const draft = r.drafts > 0;
  const doc = newDocument(paper, {
    title: `Rekap ${r.area.name} ${month}`,
    subject: 'Rekap Laporan Bulanan Program Ketahanan Pangan',
    layout: 'landscape',
    bufferPages: true,
  });
  doc.addPage();
  const flow = new Flow(doc, { top: TOP, bottom: BOTTOM, side: SIDE });
  flow.text('REKAP LAPORAN BULANAN PROGRAM KETAHANAN PANGAN', { font: F.bold, size: 13, align: 'center', gap: 1 * MM });
  flow.text(`${r.area.name} — ${month}`, { font: F.bold, size: 11, align: 'center', gap: 1 * MM });
  flow.text(
    draft
      ? `KONSEP — ${r.drafts} UPT belum final dihitung dari catatan saat ini; angkanya masih dapat berubah`
      : `Dari laporan final UPT: ${r.counted} dari ${r.rate.counts.total} UPT`,
    { font: F.bold, size: 9, align: 'center', color: draft ? '#b3171d' : '#2e6b34', gap: 1 * MM },
  );
  flow.text(`${r.rate.sentence}.`, { size: 9, align: 'center', gap: 3 * MM });

  const t = rollupTables(r);
  const sections: Array<[string, keyof typeof t, string?]> = [
    ['I. PRODUKSI PER SEKTOR', 'sectors'],
    ['Produksi per komoditas', 'commodities', 'Tidak ada panen dalam laporan yang dihitung.'],
    ['II. PEMANFAATAN HASIL', 'use'],
    ['III. PENERIMA BANTUAN', 'reach'],
    ...(r.area.kind === 'national' ? [['IV. PER KANWIL', 'kanwils'] as [string, keyof typeof t]] : []),
    [r.area.kind === 'national' ? 'V. PER UPT' : 'IV. PER UPT', 'units'],
    ['UPT yang belum final atau dikembalikan', 'missing', 'Semua UPT sudah final.'],
  ];
  for (const [heading, key, empty] of sections) {
    flow.heading(heading, heading === heading.toUpperCase() ? 1 : 2);
    drawSheet(flow, t[key], empty);
  }

  // Every page says what the figures are: when they were read and how many UPT they hold.
  drawFooters(doc, {
    side: SIDE,
    bottom: BOTTOM,
    left: `Rekap ${r.area.name} ${month} — ${draft ? 'KONSEP — ' : ''}${r.stamp}`,
    watermark: draft ? 'KONSEP' : null,
  });
  return toBuffer(doc);
}

/** The harvest day's board on paper: the totals large, then the tables. */
export async function renderDayBoard(b: DayBoard, national: boolean, areaName: string, paper: PaperSize): Promise<Buffer> {
  const doc = newDocument(paper, {
    title: `${b.name} ${formatDate(b.day)}`,
    subject: 'Panen Raya Serentak',
    layout: 'landscape',
    bufferPages: true,
  });
  doc.addPage();
  const flow = new Flow(doc, { top: TOP, bottom: BOTTOM, side: SIDE });
  flow.text(b.name.toUpperCase(), { font: F.bold, size: 14, align: 'center', gap: 1 * MM });
  flow.text(`${areaName} — ${formatDate(b.day)}`, { font: F.bold, size: 11, align: 'center', gap: 2 * MM });
  flow.text(
    `Panen ${formatKg(b.total.harvestG)} · disalurkan ${formatKg(b.total.handedG)} · ${b.reporting} dari ${b.upts} UPT sudah melaporkan panen`,
    {
      font: F.bold,
      size: 12,
      align: 'center',
      gap: 1 * MM,
    },
  );
  flow.text(`Data per ${formatDateTime(b.at)}.`, { size: 9, align: 'center', gap: 3 * MM });
  for (const sheet of dayBoardSheets(b, national)) {
    flow.heading(sheet.name, 1);
    drawSheet(flow, sheet, 'Belum ada panen.');
  }
  drawFooters(doc, {
    side: SIDE,
    bottom: BOTTOM,
    left: `${b.name} ${formatDate(b.day)} — ${areaName} — data per ${formatDateTime(b.at)}, ${b.reporting} dari ${b.upts} UPT`,
    watermark: null,
  });
  return toBuffer(doc);
}
