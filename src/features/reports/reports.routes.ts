// The monthly report pages: choose a month, download it (PDF, CSV, XLSX), finalise it, reopen it.
import type { Request, Response } from 'express';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, type Deps, type RouteSpec } from '../../web/routes.ts';
import { formatMonth } from '../../lib/format.ts';
import { kindTotalsLine } from '../../lib/kind-totals.ts';
import { shiftMonth } from '../../lib/time.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { lockedThrough } from '../locks/locks.service.ts';
import { currentMonth, finaliseMonth, finalOf, makerChoices, reopenMonth, reportMonths, reportOf, reviewMonth } from './reports.archive.ts';
import { REPORT_FORMATS, reportFile } from './reports.files.ts';
import { BrokenSnapshotError } from './reports.read.ts';
import {
  finaliseSchema,
  monthParam,
  reopenSchema,
  reportLinkSchema,
  reportQuerySchema,
  reviewSchema,
  validMonth,
} from './reports.schema.ts';
import { reportLinkOf, saveReportLink, sendToCentre, signedFileOf } from './reports.signed.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { getPerson } from '../users/users.service.ts';
import { balanceAddsUp } from './reports.service.ts';

const readers = ['admin', 'pimpinan'] as const;

export function reportsRoutes({ db, files }: Deps) {
  /** The page for one month: its state, its figures as the report will show them, the actions. */
  const pageLocals = async (month: string, res: Response) => {
    // A stored report that cannot be read is said on the page; the month list and the rest still work.
    const readable = reportOf(db, month, res.locals.user!.id).then(
      (r) => ({ report: r, broken: null }),
      (err: unknown) => {
        if (err instanceof BrokenSnapshotError) return { report: null, broken: err.message };
        throw err;
      },
    );
    const [months, { report, broken }, final, locked, makers] = await Promise.all([
      reportMonths(db),
      readable,
      finalOf(db, month),
      lockedThrough(db),
      makerChoices(db),
    ]);
    // One sum per kind (sayur, ikan): fish kilos are never added to vegetable kilos on screen.
    const kindOf = new Map((await listCommodities(db)).map((c) => [c.id, c.kind]));
    const byKind = (rows: Array<{ commodityId: number; qtyG: number; heads: number }>) =>
      kindTotalsLine(rows.map((r) => ({ kind: kindOf.get(r.commodityId) ?? 'lainnya', qty_g: r.qtyG, heads: r.heads }))) || '0 kg';
    return {
      title: `Laporan Bulanan ${formatMonth(month)}`,
      month,
      months,
      report,
      broken,
      final,
      lockedThrough: locked,
      makers,
      running: month === currentMonth(),
      balanced: report ? balanceAddsUp(report.balance) : false,
      totals: report ? { harvest: byKind(report.production), distributed: byKind(report.distributed) } : null,
      // The rupiah line is named after the report's own columns that carry rupiah ("Penjualan (PNBP)").
      salesLabel: report
        ? report.outColumns
            .filter((c) => c.rupiah)
            .map((c) => c.row)
            .join(' + ')
        : '',
      link: await reportLinkOf(db),
      reviewer: final?.reviewed_by ? (await getPerson(db, final.reviewed_by)).full_name : null,
      // A pimpinan of a Kanwil or Ditjenpas reading this UPT reviews its final months.
      reviews: !res.locals.user!.writable && res.locals.user!.roles.includes('pimpinan'),
      values: {},
      errors: {},
      formError: null,
    };
  };
  const linkLocals = async () => ({ title: 'Pelaporan ke pusat', link: await reportLinkOf(db), values: {}, errors: {}, formError: null });
  const formFor = { view: 'reports/index', locals: (req: Request, res: Response) => pageLocals(monthParam(req), res) };

  const downloads: RouteSpec[] = REPORT_FORMATS.map((format) => ({
    method: 'get',
    path: `/reports/:month/report.${format}`,
    access: readers,
    handler: async (req, res) => {
      const month = monthParam(req);
      const { paper } = reportQuerySchema.parse(req.query ?? {});
      const file = await reportFile(db, month, format, {
        paper: paper || null,
        userId: res.locals.user!.id,
        files,
      });
      res.type(file.contentType).attachment(file.fileName).send(file.bytes);
    },
  }));

  return buildRouter([
    {
      method: 'get',
      path: '/reports',
      access: readers,
      handler: async (req, res) => {
        // Last month by default: the one waiting to be signed.
        const month = validMonth(req.query.month) ?? shiftMonth(currentMonth(), -1);
        res.render('reports/index', await pageLocals(month, res));
      },
    },
    ...downloads,
    {
      method: 'post',
      path: '/reports/:month/finalise',
      access: readers,
      form: formFor,
      handler: async (req, res) => {
        const month = monthParam(req);
        const { maker } = parseForm(finaliseSchema, req.body);
        await finaliseMonth(db, month, res.locals.user!.id, maker);
        flash(req, 'success', `Laporan ${formatMonth(month)} sudah final. Catatan bertanggal pada bulan itu kini terkunci.`);
        res.redirect(303, `/reports?month=${month}`);
      },
    },
    {
      method: 'post',
      path: '/reports/:month/review',
      access: ['pimpinan'],
      form: formFor,
      handler: async (req, res) => {
        const user = res.locals.user!;
        if (user.writable)
          throw new ForbiddenError('Laporan unit diterima atau dikembalikan oleh pimpinan Kanwil atau Ditjenpas di atasnya.');
        const month = monthParam(req);
        const { decision, reason } = parseForm(reviewSchema, req.body);
        await reviewMonth(db, user.unitId, month, user.id, decision === 'accept' ? 'accepted' : 'returned', reason);
        flash(
          req,
          'success',
          decision === 'accept'
            ? `Laporan ${formatMonth(month)} ${user.unitName} diterima.`
            : `Laporan ${formatMonth(month)} ${user.unitName} dikembalikan kepada unit dengan alasannya.`,
        );
        res.redirect(303, `/reports?month=${month}`);
      },
    },
    {
      method: 'get',
      path: '/reports/:month/signed.json',
      access: readers,
      handler: async (req, res) => {
        const file = await signedFileOf(db, monthParam(req));
        res.type('application/json').attachment(file.name).send(file.json);
      },
    },
    {
      method: 'post',
      path: '/reports/:month/send',
      access: readers,
      form: formFor,
      handler: async (req, res) => {
        const month = monthParam(req);
        const sent = await sendToCentre(db, month);
        flash(req, sent.ok ? 'success' : 'error', sent.message);
        res.redirect(303, `/reports?month=${month}`);
      },
    },
    {
      method: 'get',
      path: '/settings/report-link',
      access: ['admin'],
      handler: async (_req, res) => res.render('reports/link', await linkLocals()),
    },
    {
      method: 'post',
      path: '/settings/report-link',
      access: ['admin'],
      form: { view: 'reports/link', locals: () => linkLocals() },
      handler: async (req, res) => {
        const input = parseForm(reportLinkSchema, req.body);
        await saveReportLink(db, input, res.locals.user!.id);
        flash(
          req,
          'success',
          'Kunci pelaporan disimpan. Laporan final kini dapat diunduh sebagai berkas bertanda tangan' +
            (input.central_url ? ' atau dikirim langsung ke pusat.' : '.'),
        );
        res.redirect(303, '/settings/report-link');
      },
    },
    {
      method: 'post',
      path: '/reports/:month/reopen',
      access: ['admin'],
      form: formFor,
      handler: async (req, res) => {
        const month = monthParam(req);
        const { reason } = parseForm(reopenSchema, req.body);
        await reopenMonth(db, month, reason, res.locals.user!.id);
        flash(req, 'success', `Bulan ${formatMonth(month)} dibuka kembali. Laporannya kembali berstatus KONSEP sampai difinalkan lagi.`);
        res.redirect(303, `/reports?month=${month}`);
      },
    },
  ]);
}
