// Draws the monthly report (Laporan Bulanan Program Ketahanan Pangan) on A4 or F4 from its snapshot alone,
// so a final report drawn again years later gives the same bytes.
import type { PaperSize } from '../../db/database.ts';
import type { FileStore } from '../../db/file-store.ts';
import { formatDate, formatDateTime, formatMonth, formatNumber, formatRupiah } from '../../lib/format.ts';
import { shortMonth } from '../../lib/chart-scale.ts';
import { drawBarChart } from '../../lib/pdf-chart.ts';
import { Flow } from '../../lib/pdf-flow.ts';
import { drawLetterhead, FONT_PATHS as F, MM, newDocument, toBuffer } from '../../lib/pdf.ts';
import { letOthersThrough } from '../../lib/turns.ts';
import { drawFooters, drawSheet } from '../../lib/pdf-sheet.ts';
import { logoFilePath } from '../settings/settings.service.ts';
import type { ReportPerson, ReportSnapshot } from './reports.types.ts';
import { balanceFormula, reportTables } from './reports.tables.ts';

const messages = {
  title: 'LAPORAN BULANAN PROGRAM KETAHANAN PANGAN',
  month: (m: string) => `Bulan ${m}`,
  draft: 'KONSEP — belum final, angka masih dapat berubah',
  number: (n: string | null | undefined) => `Nomor: ${n ?? '(nomor diberikan saat final)'}`,
  /** The watermark across every page of a report not final. */
  draftMark: 'KONSEP',
  final: (at: string, by: string) => `FINAL — difinalkan ${at} oleh ${by}`,
  generated: (at: string, by: string) => `Dibuat ${at} oleh ${by}`,
  sections: {
    production: 'I. PRODUKSI',
    use: 'II. PEMANFAATAN HASIL',
    aid: 'III. PENYALURAN BANTUAN',
    training: 'IV. PEMBINAAN WBP',
    annex: 'LAMPIRAN',
  },
  chartHarvest: 'Grafik panen 12 bulan terakhir (kg)',
  chartAid: 'Grafik bantuan yang disalurkan 12 bulan terakhir (kg, semua komoditas)',
  sales: (rp: string) => `Penerimaan dari penjualan hasil (PNBP): ${rp}.`,
  receipts: (r: ReportSnapshot['receipts']) =>
    `Tanda terima diterbitkan ${formatNumber(r.issued)} (sah ${formatNumber(r.valid)}, dibatalkan ${formatNumber(r.voided)}); dicetak ulang sebagai salinan ${formatNumber(r.reprints)} kali.`,
  balanceCheck: 'Setiap baris neraca dihitung dari buku stok dan selalu seimbang.',
  workDays: (n: number, d: number) => `${formatNumber(n)} WBP bekerja pada panen bulan ini, seluruhnya ${formatNumber(d)} hari kerja.`,
  preparedBy: 'Yang membuat laporan,',
  known: 'Mengetahui,',
  noHead: 'Kepala Rutan',
  footer: (m: string, status: string) => `Laporan Bulanan Program Ketahanan Pangan — ${m} — ${status}`,
} as const;

const SIDE = 18 * MM;
const TOP = 15 * MM;
const BOTTOM = 18 * MM;

/** One person in two roles signs once: by NIP when both have one, else by name. */
export function samePerson(a: ReportPerson, b: ReportPerson): boolean {
  const nip = (p: ReportPerson) => p.nip?.replace(/\s+/g, '') || null;
  if (nip(a) && nip(b)) return nip(a) === nip(b);
  const name = (p: ReportPerson) => p.name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return name(a) === name(b);
}

/**
 * "Yang membuat laporan" (the programme officer) on the right and "Mengetahui, Kepala …" on the
 * left; when the head made the report himself, one block: nobody signs a paper twice.
 */
function signatures(flow: Flow, s: ReportSnapshot): void {
  const maker = s.maker ?? s.generatedBy;
  const colW = flow.width / 2 - 5 * MM;
  const rightX = flow.left + flow.width / 2 + 5 * MM;
  flow.ensure(55 * MM);
  const y0 = flow.y;
  const line = (x: number, y: number, str: string, font: string = F.regular) => {
    flow.doc.font(font).fontSize(9.5).fillColor('black').text(str, x, y, { width: colW, align: 'center' });
  };
  line(rightX, y0, `${s.city || '…………'}, ${formatDate(s.signDate)}`);
  const y1 = y0 + 6 * MM;
  const y2 = y1 + 30 * MM;
  if (s.head && samePerson(s.head, maker)) {
    line(rightX, y1 + 4.5 * MM, `${s.head.title ?? messages.noHead},`);
    line(rightX, y2, s.head.name, F.bold);
    line(rightX, y2 + 4.5 * MM, s.head.nip ? `NIP ${s.head.nip}` : '');
    flow.y = y2 + 12 * MM;
    return;
  }
  line(flow.left, y1, messages.known);
  line(flow.left, y1 + 4.5 * MM, s.head?.title ?? messages.noHead);
  line(rightX, y1, messages.preparedBy);
  line(rightX, y1 + 4.5 * MM, maker.title ?? '');
  line(flow.left, y2, s.head?.name ?? '(......................................)', F.bold);
  line(flow.left, y2 + 4.5 * MM, s.head?.nip ? `NIP ${s.head.nip}` : 'NIP ......................................');
  line(rightX, y2, maker.name, F.bold);
  line(rightX, y2 + 4.5 * MM, maker.nip ? `NIP ${maker.nip}` : '');
  flow.y = y2 + 12 * MM;
}

function chart(flow: Flow, title: string, labels: string[], series: Array<{ name: string; values: number[] }>): void {
  const h = 62 * MM;
  flow.text(title, { font: F.bold, size: 9, gap: 1 * MM, keepWith: h });
  flow.y =
    drawBarChart(flow.doc, {
      x: flow.left,
      y: flow.y,
      w: flow.width,
      h,
      labels,
      series: series.map((x) => ({ name: x.name, values: x.values.map((g) => g / 1000) })),
      tick: (v) => formatNumber(v),
      unit: 'kg',
    }) +
    4 * MM;
}

export async function renderMonthlyReport(s: ReportSnapshot, paper: PaperSize, files: FileStore): Promise<Buffer> {
  const month = formatMonth(s.month);
  const doc = newDocument(paper, {
    title: `Laporan Bulanan ${month}`,
    subject: messages.title,
    bufferPages: true,
    createdAt: new Date(s.generatedAt),
  });
  doc.addPage();
  const flow = new Flow(doc, { top: TOP, bottom: BOTTOM, side: SIDE });
  const { logoFile, ...kop } = s.letterhead;
  flow.y = drawLetterhead(doc, { ...kop, logoPath: await logoFilePath(files, logoFile) }, { x: flow.left, y: TOP, w: flow.width });

  const by = s.generatedBy.name;
  flow.text(messages.title, { font: F.bold, size: 13, align: 'center', gap: 1 * MM });
  flow.text(messages.month(month), { font: F.bold, size: 11, align: 'center', gap: 1 * MM });
  flow.text(messages.number(s.status === 'final' ? s.number : null), { size: 9.5, align: 'center', gap: 1.5 * MM });
  flow.text(s.status === 'final' ? messages.final(formatDateTime(s.generatedAt), by) : messages.draft, {
    font: F.bold,
    size: 9,
    align: 'center',
    color: s.status === 'final' ? '#2e6b34' : '#b3171d',
    gap: 0.8 * MM,
  });
  if (s.status === 'draft')
    flow.text(messages.generated(formatDateTime(s.generatedAt), by), { size: 8, align: 'center', color: '#4d4d4d', gap: 3 * MM });
  else flow.y += 2 * MM;
  flow.text(`Ringkasan: ${s.summary}.`, { size: 9.5, gap: 2 * MM });

  await letOthersThrough();
  const t = reportTables(s);
  const labels = s.series.months.map(shortMonth);
  flow.heading(messages.sections.production);
  drawSheet(flow, t.production);
  flow.heading('Hasil per lahan/kolam (kg)', 2);
  drawSheet(flow, t.locations, 'Tidak ada panen bulan ini.');
  chart(
    flow,
    messages.chartHarvest,
    labels,
    s.series.harvest.map((h) => ({ name: h.name, values: h.qtyG })),
  );

  await letOthersThrough();
  flow.heading(messages.sections.use);
  drawSheet(flow, t.outflows);
  flow.text(messages.sales(formatRupiah(s.salesRp)), { size: 9 });
  flow.heading('Neraca stok (kg)', 2);
  flow.text(balanceFormula(s), { size: 8.5, color: '#4d4d4d', gap: 1.5 * MM });
  drawSheet(flow, t.balance, 'Tidak ada stok dan pergerakan bulan ini.');
  if (t.balanceHeads.rows.length) {
    flow.heading('Neraca stok ikan (ekor)', 2);
    drawSheet(flow, t.balanceHeads);
  }

  await letOthersThrough();
  flow.heading(messages.sections.aid);
  flow.text(messages.receipts(s.receipts), { size: 9 });
  drawSheet(flow, t.categories);
  flow.heading('Bantuan per komoditas', 2);
  drawSheet(flow, t.distributed, 'Tidak ada penyaluran bulan ini.');
  flow.heading('Kegiatan', 2);
  drawSheet(flow, t.events, 'Tidak ada kegiatan bulan ini.');
  flow.text(`${s.summary[0]?.toUpperCase() ?? ''}${s.summary.slice(1)}.`, { font: F.bold, size: 9.5 });
  chart(flow, messages.chartAid, labels, [{ name: 'Disalurkan', values: s.series.distribution.qtyG }]);

  await letOthersThrough();
  flow.heading(messages.sections.training);
  flow.text(messages.workDays(s.workers.length, s.workDays), { size: 9 });
  drawSheet(flow, t.workers);

  await letOthersThrough();
  signatures(flow, s);

  await letOthersThrough();
  flow.newPage();
  flow.text(messages.sections.annex, { font: F.bold, size: 11, align: 'center', gap: 1 * MM });
  flow.text(`Laporan Bulanan Program Ketahanan Pangan ${month}`, { size: 9, align: 'center', gap: 4 * MM });
  for (const [sheet, empty] of [
    [t.voids, 'Tidak ada pembatalan.'],
    [t.corrections, 'Tidak ada koreksi.'],
    [t.stockCounts, 'Tidak ada stok opname.'],
  ] as const) {
    await letOthersThrough();
    flow.heading(sheet.title!, 2);
    drawSheet(flow, sheet, empty);
  }

  // Footers and the KONSEP watermark once every page exists, for "Halaman X dari Y".
  await letOthersThrough();
  drawFooters(doc, {
    side: SIDE,
    bottom: BOTTOM,
    left: messages.footer(month, s.status === 'final' ? 'FINAL' : messages.draftMark),
    watermark: s.status === 'draft' ? messages.draftMark : null,
  });
  return toBuffer(doc);
}
