// The pages of a Kanwil or Ditjenpas pimpinan over the UPT below: the reporting rate of a month
// (with the list, and a way into each UPT's own pages), and the deadline day.
import express, { type RequestHandler, type Response } from 'express';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, installationAdminOnly, type Deps, type RouteSpec } from '../../web/routes.ts';
import { fileUpload } from '../../web/upload.ts';
import { ValidationError } from '../../lib/errors.ts';
import { importMessage, importSignedFile, issueReportKey, reportKeysOf, revokeReportKeys, unitOfToken } from './oversight.import.ts';
import { FILE_TYPES, sheetsToCsv, sheetsToXlsx, type Sheet } from '../../lib/sheets.ts';
import { monthParam, validMonth } from '../reports/reports.schema.ts';
import { rollupOf } from './oversight.rollup.ts';
import { areaDashboard, SECTOR_KEY_LABELS } from './oversight.dashboard.ts';
import { dayBoardSheets, rollupSheets } from './oversight.tables.ts';
import { dayBoard, declareHarvestDay, listHarvestDays } from './oversight.harvest-day.ts';
import { formatDate, formatMonth } from '../../lib/format.ts';
import { areaChoices, areaFor, deadlineDay, reportingRate, setDeadlineDay, STATE_LABELS, type UnitReport } from './oversight.service.ts';
import {
  boardQuerySchema,
  deadlineSchema,
  declareDaySchema,
  monthOr,
  rateQuerySchema,
  recentMonths,
  rollupQuerySchema,
} from './oversight.schema.ts';

const FILTERS: Record<string, (u: UnitReport) => boolean> = {
  final: (u) => u.state === 'final' || u.state === 'accepted',
  accepted: (u) => u.state === 'accepted',
  returned: (u) => u.state === 'returned',
  missing: (u) => u.state === 'missing',
  late: (u) => u.onTime === false,
  imported: (u) => u.imported,
};

/** A signed report file: a big unit's year of annex fits well within. */
const SIGNED_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** A download of the oversight pages: the PDF, or the same tables as CSV or XLSX. */
async function sendFile(
  res: Response,
  format: 'pdf' | 'xlsx' | 'csv',
  file: { name: string; title: string; at: string; sheets: () => Sheet[]; pdf: () => Promise<Buffer> },
): Promise<void> {
  const bytes =
    format === 'pdf'
      ? await file.pdf()
      : format === 'csv'
        ? Buffer.from(sheetsToCsv(file.sheets()), 'utf8')
        : await sheetsToXlsx(file.sheets(), { title: file.title, created: new Date(file.at) });
  res.type(FILE_TYPES[format]).attachment(`${file.name}.${format}`).send(bytes);
}

export function oversightRoutes({ db }: Deps) {
  const downloads: RouteSpec[] = (['pdf', 'xlsx', 'csv'] as const).map((format) => ({
    method: 'get',
    path: `/oversight/rollup/:month.${format}`,
    access: 'area',
    handler: async (req, res) => {
      const month = monthParam(req);
      const q = rollupQuerySchema.parse(req.query ?? {});
      const area = await areaFor(db, res.locals.user!, Number(q.area) || null);
      const rollup = await rollupOf(db, area, month, { withDrafts: q.drafts === '1' });
      await sendFile(res, format, {
        name: `rekap_${area.id}_${month}_${rollup.drafts ? 'konsep' : 'final'}`,
        title: `Rekap ${area.name} ${month}`,
        at: rollup.at,
        sheets: () => rollupSheets(rollup),
        pdf: async () => (await import('./oversight.pdf.ts')).renderRollup(rollup, q.paper || 'a4'),
      });
    },
  }));

  const ratePage = async (res: Response, ask: { area: number | null; month: string; state: string }) => {
    const user = res.locals.user!;
    const area = await areaFor(db, user, ask.area);
    const month = ask.month;
    const [rate, areas, day] = await Promise.all([reportingRate(db, area, month), areaChoices(db, user), deadlineDay(db)]);
    const filter = FILTERS[ask.state];
    return {
      title: `Pelaporan ${area.name} ${formatMonth(month)}`,
      area,
      areas,
      month,
      months: recentMonths(),
      rate,
      state: ask.state,
      shown: filter ? rate.units.filter(filter) : rate.units,
      stateLabels: STATE_LABELS,
      deadline: day,
      values: { day: String(day) },
      errors: {},
      formError: null,
    };
  };

  const dayDownloads: RouteSpec[] = (['pdf', 'xlsx', 'csv'] as const).map((format) => ({
    method: 'get',
    path: `/harvest-days/:id/board.${format}`,
    access: 'area',
    handler: async (req, res) => {
      const q = boardQuerySchema.parse(req.query ?? {});
      const area = await areaFor(db, res.locals.user!, Number(q.area) || null);
      const board = await dayBoard(db, area, idParam(req));
      const national = area.kind === 'national';
      await sendFile(res, format, {
        name: `panen-raya_${board.day}_${area.id}`,
        title: `${board.name} ${board.day}`,
        at: board.at,
        sheets: () => dayBoardSheets(board, national),
        pdf: async () => (await import('./oversight.pdf.ts')).renderDayBoard(board, national, area.name, q.paper || 'a4'),
      });
    },
  }));

  const daysPage = async (res: Response, areaId: number | null) => {
    const user = res.locals.user!;
    const area = await areaFor(db, user, areaId);
    const [days, areas] = await Promise.all([listHarvestDays(db), areaChoices(db, user)]);
    // Declared by a national head: the form is shown to whoever oversees the nation.
    const national = user.areas.length ? await areaFor(db, user, user.areas[0]) : null;
    return {
      title: 'Hari Panen Nasional',
      area,
      areas,
      days,
      declares: national?.kind === 'national' ? national : null,
      values: {},
      errors: {},
      formError: null,
    };
  };

  const importPage = async (res: Response, areaId: number | null) => {
    const user = res.locals.user!;
    const [area, areas] = await Promise.all([areaFor(db, user, areaId), areaChoices(db, user)]);
    return { title: 'Impor Laporan UPT', area, areas, values: {}, errors: {}, formError: null };
  };
  const keyPage = async (unitId: number) => ({ title: 'Kunci pelaporan', ...(await reportKeysOf(db, unitId)), credential: null });

  return buildRouter([
    ...downloads,
    ...dayDownloads,
    {
      method: 'get',
      path: '/oversight/import',
      access: 'area',
      handler: async (req, res) =>
        res.render('oversight/import', await importPage(res, Number(rateQuerySchema.parse(req.query ?? {}).area) || null)),
    },
    {
      method: 'post',
      path: '/oversight/import',
      access: 'area',
      upload: fileUpload('file', SIGNED_FILE_MAX_BYTES),
      form: { view: 'oversight/import', locals: (req, res) => importPage(res, Number(req.body?.area) || null) },
      handler: async (req, res) => {
        const user = res.locals.user!;
        const area = await areaFor(db, user, Number(req.body?.area) || null);
        if (!req.file) throw new ValidationError({ file: 'Pilih berkas laporan bertanda tangan (.json) dari UPT.' });
        const done = await importSignedFile(db, req.file.buffer, { kind: 'upload', userId: user.id, area });
        flash(req, done.result === 'duplicate' ? 'info' : 'success', importMessage(done));
        res.redirect(303, `/oversight?area=${area.id}&month=${done.month}`);
      },
    },
    {
      method: 'get',
      path: '/units/:id/report-key',
      access: ['admin'],
      before: [installationAdminOnly],
      handler: async (req, res) => res.render('oversight/report-key', await keyPage(idParam(req))),
    },
    {
      method: 'post',
      path: '/units/:id/report-key',
      access: ['admin'],
      before: [installationAdminOnly],
      handler: async (req, res) => {
        const id = idParam(req);
        const credential = await issueReportKey(db, id, res.locals.user!.id);
        // Shown once, on this answer only: the centre keeps the token's hash, not the token.
        res.render('oversight/report-key', { ...(await keyPage(id)), credential });
      },
    },
    {
      method: 'post',
      path: '/units/:id/report-key/revoke',
      access: ['admin'],
      before: [installationAdminOnly],
      handler: async (req, res) => {
        const id = idParam(req);
        const n = await revokeReportKeys(db, id, res.locals.user!.id);
        flash(
          req,
          'success',
          n ? 'Kunci pelaporan dicabut: berkas yang ditandatangani dengannya tidak diterima lagi.' : 'Tidak ada kunci yang berlaku.',
        );
        res.redirect(303, `/units/${id}/report-key`);
      },
    },
    {
      method: 'get',
      path: '/harvest-days',
      access: 'area',
      handler: async (req, res) =>
        res.render('oversight/days', await daysPage(res, Number(rateQuerySchema.parse(req.query ?? {}).area) || null)),
    },
    {
      method: 'post',
      path: '/harvest-days',
      access: 'area',
      form: { view: 'oversight/days', locals: (req, res) => daysPage(res, Number(req.body?.area) || null) },
      handler: async (req, res) => {
        const input = parseForm(declareDaySchema, req.body);
        const area = await areaFor(db, res.locals.user!, input.area);
        const id = await declareHarvestDay(db, area, { day: input.day, name: input.name, note: input.note }, res.locals.user!.id);
        flash(
          req,
          'success',
          `${input.name} ${formatDate(input.day)} ditetapkan. Panen dan penyaluran semua UPT pada tanggal itu dihitung di papan ini.`,
        );
        res.redirect(303, `/harvest-days/${id}?area=${area.id}`);
      },
    },
    {
      method: 'get',
      path: '/harvest-days/:id',
      access: 'area',
      handler: async (req, res) => {
        const user = res.locals.user!;
        const q = boardQuerySchema.parse(req.query ?? {});
        const area = await areaFor(db, user, Number(q.area) || null);
        const [board, areas] = await Promise.all([dayBoard(db, area, idParam(req)), areaChoices(db, user)]);
        res.render('oversight/board', {
          title: `${board.name} ${formatDate(board.day)}`,
          area,
          areas,
          board,
          every: q.every,
          sectorLabels: SECTOR_KEY_LABELS,
        });
      },
    },
    {
      method: 'get',
      path: '/oversight',
      access: 'area',
      handler: async (req, res) => {
        const q = rateQuerySchema.parse(req.query ?? {});
        res.render(
          'oversight/index',
          await ratePage(res, { area: Number(q.area) || null, month: monthOr(req.query.month), state: q.state }),
        );
      },
    },
    {
      method: 'get',
      path: '/oversight/dashboard',
      access: 'area',
      handler: async (req, res) => {
        const user = res.locals.user!;
        const q = rateQuerySchema.parse(req.query ?? {});
        const area = await areaFor(db, user, Number(q.area) || null);
        const asked = validMonth(Array.isArray(req.query.month) ? req.query.month[0] : req.query.month);
        const [d, areas] = await Promise.all([areaDashboard(db, area, asked), areaChoices(db, user)]);
        res.render('oversight/dashboard', {
          title: `Dasbor ${area.name}`,
          area,
          areas,
          d,
          month: d.month,
          months: recentMonths(),
          sectorLabels: SECTOR_KEY_LABELS,
        });
      },
    },
    {
      method: 'post',
      path: '/oversight/deadline',
      access: 'area',
      form: {
        view: 'oversight/index',
        locals: (req, res) => ratePage(res, { area: Number(req.body?.area) || null, month: monthOr(undefined), state: '' }),
      },
      handler: async (req, res) => {
        const { area: areaId, day } = parseForm(deadlineSchema, req.body);
        const area = await areaFor(db, res.locals.user!, areaId);
        await setDeadlineDay(db, area, day, res.locals.user!.id);
        flash(req, 'success', `Batas waktu laporan bulanan: tanggal ${day} bulan berikutnya.`);
        res.redirect(303, `/oversight?area=${area.id}`);
      },
    },
  ]);
}

/**
 * The push of a UPT's box: `POST /api/report-files` with its token (`Authorization: Bearer …`) and the
 * signed file as JSON. Mounted before the session and CSRF checks: the token is its only credential.
 */
export function reportApiRoutes({ db }: Deps) {
  // The token first: nothing of a request without one is read, not even its body.
  const bearer: RequestHandler = async (req, res, next) => {
    try {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
      const holder = await unitOfToken(db, token);
      if (!holder) {
        res.status(401).json({ status: 'refused', message: 'Token pengiriman tidak dikenal atau sudah dicabut.' });
        return;
      }
      res.locals.pushFrom = holder;
      next();
    } catch (err) {
      next(err);
    }
  };
  return buildRouter([
    {
      method: 'post',
      path: '/api/report-files',
      access: 'public',
      bearer: true,
      json: true,
      before: [bearer, express.json({ limit: SIGNED_FILE_MAX_BYTES })],
      handler: async (req, res) => {
        const holder = res.locals.pushFrom as { unitId: number; issuedBy: number };
        try {
          const done = await importSignedFile(db, req.body, { kind: 'push', ...holder });
          res.status(done.result === 'duplicate' ? 200 : 201).json({ status: done.result, message: importMessage(done) });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          res.status(422).json({ status: 'refused', message: Object.values(err.fieldErrors)[0] ?? err.message });
        }
      },
    },
  ]);
}
