// The tablet's queue (public/js/offline-queue.js): a fresh CSRF token before each replay, one
// endpoint per kind of entry answering JSON per entry, and the admin's list of entries refused
// because their month was already final.
import type { Request, Response } from 'express';
import { PHOTO_MAX_BYTES } from '../../lib/images.ts';
import { ValidationError } from '../../lib/errors.ts';
import { OFFLINE_OUTFLOW_KINDS, OUTFLOW_LABELS } from '../../lib/movement-kinds.ts';
import { csrfToken } from '../../web/csrf.ts';
import { optionalText, parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { fieldsUpload, fileUpload, withPhoto } from '../../web/upload.ts';
import { harvestSchema } from '../harvests/harvests.schema.ts';
import { recorders } from '../harvests/harvests.routes.ts';
import { createHarvest } from '../harvests/harvests.service.ts';
import { outflowRoles } from '../stock/stock.routes.ts';
import { outflowSchema } from '../stock/stock.schema.ts';
import { recordOutflow, type SaveResult } from '../stock/stock.service.ts';
import { z } from 'zod';
import { checkEnteredAt, enteredAtSchema, entryIdSchema } from './sync.schema.ts';
import {
  keepMonthRefusal,
  refusalsToShow,
  markHandled,
  MonthLockedError,
  reasonOf,
  recordOf,
  savedEntry,
  type EntryKind,
} from './sync.service.ts';

const DUPLICATE = 'Sudah tersimpan sebelumnya; tidak dicatat dua kali.';

const handledSchema = z.object({ note: optionalText('Catatan', 300) });

export function syncRoutes({ db, files }: Deps) {
  /**
   * One entry: answered with the first record when its id was saved before (before any check, so a
   * resend of a saved entry is never refused for what changed since), else checked and saved.
   */
  async function syncEntry(
    req: Request,
    res: Response,
    kind: EntryKind,
    save: (entryId: string, enteredAt: string) => Promise<SaveResult>,
  ) {
    const userId = res.locals.user!.id;
    const sent = entryIdSchema.safeParse(req.body ?? {});
    const entryId = sent.success ? sent.data.entry_id : null;
    let enteredAt: string | null = null;
    try {
      const { entry_id } = parseForm(entryIdSchema, req.body);
      const earlier = await savedEntry(db, kind, entry_id, userId);
      if (earlier) {
        res.json({ status: 'duplicate', entry_id, record: await recordOf(db, kind, earlier.id), message: DUPLICATE });
        return;
      }
      enteredAt = parseForm(enteredAtSchema, req.body).entered_at;
      const result = await save(entry_id, enteredAt);
      res.json({
        status: result.duplicate ? 'duplicate' : 'saved',
        entry_id,
        record: await recordOf(db, kind, result.id),
        ...(result.duplicate ? { message: DUPLICATE } : {}),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const monthFinal = err instanceof MonthLockedError;
      if (monthFinal && entryId) await keepMonthRefusal(db, { userId, entryId, kind, fields: req.body, err, enteredAt });
      res
        .status(422)
        .json({ status: 'refused', entry_id: entryId, message: reasonOf(err), errors: err.fieldErrors, month_final: monthFinal });
    }
  }

  // After a refused note, `failedId` says which entry's form gets the typed note and its message back.
  const refusedLocals = async (req: Request) => ({
    title: 'Catatan Tablet yang Ditolak',
    failedId: req.params.id ?? null,
    ...(await refusalsToShow(db)),
  });

  return buildRouter([
    {
      method: 'get',
      path: '/sync/session',
      access: 'user',
      json: true,
      handler: (req, res) => {
        const u = res.locals.user!;
        res.json({ user: { id: u.id, username: u.username, name: u.fullName }, csrf: csrfToken(req) });
      },
    },
    {
      method: 'post',
      path: '/sync/harvests',
      access: recorders,
      json: true,
      upload: fileUpload('photo', PHOTO_MAX_BYTES),
      handler: (req, res) =>
        syncEntry(req, res, 'harvest', async (entryId, enteredAt) => {
          const input = parseForm(harvestSchema, { ...req.body, form_token: entryId });
          checkEnteredAt(enteredAt, { at: new Date(`${input.harvest_date}T${input.harvest_time}:00+07:00`), what: 'Waktu panen' });
          return withPhoto(files, 'harvests', entryId, req.file?.buffer, (photo) =>
            createHarvest(db, input, res.locals.user!.id, photo, { enteredAt }),
          );
        }),
    },
    {
      method: 'post',
      path: '/sync/outflows',
      access: outflowRoles,
      json: true,
      upload: fieldsUpload(),
      handler: (req, res) =>
        syncEntry(req, res, 'outflow', async (entryId, enteredAt) => {
          const input = parseForm(outflowSchema, { ...req.body, form_token: entryId });
          if (!OFFLINE_OUTFLOW_KINDS.includes(input.kind))
            throw new ValidationError(
              {},
              `${OUTFLOW_LABELS[input.kind]} dicatat lewat formulirnya sendiri saat tersambung, tidak lewat antrean tablet.`,
            );
          checkEnteredAt(enteredAt, { at: new Date(`${input.out_date}T00:00:00+07:00`), what: 'Tanggal pengeluaran' });
          return recordOutflow(db, input, res.locals.user!.id, { enteredAt });
        }),
    },
    {
      method: 'get',
      path: '/sync/refused',
      access: ['admin'],
      handler: async (req, res) => res.render('sync/refused', await refusedLocals(req)),
    },
    {
      method: 'post',
      path: '/sync/refused/:id/handled',
      access: ['admin'],
      form: { view: 'sync/refused', locals: refusedLocals },
      handler: async (req, res) => {
        const { note } = parseForm(handledSchema, req.body);
        await markHandled(db, idParam(req), res.locals.user!.id, note);
        flash(req, 'success', 'Catatan ditandai sudah ditangani.');
        res.redirect(303, '/sync/refused');
      },
    },
  ]);
}
