// Harvest pages: the entry screen, what was saved, the list with totals and downloads, edit and void.
import type { Request, Response } from 'express';
import { cached } from '../../lib/data-cache.ts';
import { formatKg } from '../../lib/format.ts';
import { PHOTO_MAX_BYTES } from '../../lib/images.ts';
import { wibDate, wibTime } from '../../lib/time.ts';
import { downloadQuery, downloadRoutes } from '../../web/downloads.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { newFormToken, parseForm, voidSchema } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { fileUpload, sendUpload, withPhoto } from '../../web/upload.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { listLocations } from '../locations/locations.service.ts';
import { listUsers } from '../users/users.service.ts';
import { harvestsSheet } from './harvests.export.ts';
import {
  COMMON_REASONS,
  GRADES,
  harvestEditSchema,
  harvestFilterSchema,
  harvestSchema,
  type HarvestFilterQuery,
} from './harvests.schema.ts';
import {
  browseHarvests,
  canChangeHarvest,
  createHarvest,
  entryChoices,
  getHarvest,
  harvestDays,
  updateHarvest,
  usualLocation,
  voidHarvest,
} from './harvests.service.ts';

/** Who records harvests (the form here, and the tablet queue's endpoint in features/sync). */
export const recorders = ['petugas', 'admin'] as const;

function filterOf(q: HarvestFilterQuery) {
  return {
    from: q.from || null,
    to: q.to || null,
    commodityId: q.commodity ? Number(q.commodity) : null,
    locationId: q.location ? Number(q.location) : null,
    officerId: q.officer ? Number(q.officer) : null,
    status: q.status === 'all' ? null : q.status,
    search: q.q || null,
    sort: q.sort,
    dir: q.dir,
  };
}

/** The values of a saved harvest as the form shows them (kg with a decimal comma, WIB time). */
function formValues(h: Awaited<ReturnType<typeof getHarvest>>) {
  const at = new Date(h.harvested_at);
  return {
    commodity_id: h.commodity_id,
    location_id: h.location_id,
    weight_g: String(h.weight_g / 1000).replace('.', ','),
    heads: h.heads ?? '',
    grade: h.grade ?? '',
    harvest_date: h.harvest_date,
    harvest_time: wibTime(at),
    workers: h.workers.map((w) => `${w.reg_number} — ${w.name}`),
    note: h.note ?? '',
  };
}

export function harvestsRoutes({ db, files }: Deps) {
  // The choices read 90 days of this officer's harvests: kept until the next write (lib/data-cache).
  const choices = (userId: number) => cached(`harvest-choices:${userId}:${wibDate()}`, () => entryChoices(db, userId));
  const entryLocals = async (_req: Request, res: Response) => ({
    title: 'Catat Panen',
    grades: GRADES,
    ...(await choices(res.locals.user!.id)),
  });
  const editLocals = async (req: Request, res: Response) => {
    const harvest = await getHarvest(db, idParam(req));
    return {
      title: `Ubah Panen #${harvest.id}`,
      harvest,
      grades: GRADES,
      reasons: COMMON_REASONS,
      ...(await choices(res.locals.user!.id)),
    };
  };
  const detailLocals = async (req: Request, res: Response) => {
    const harvest = await getHarvest(db, idParam(req));
    return { title: `Panen #${harvest.id}`, harvest, canChange: canChangeHarvest(harvest, res.locals.user!) };
  };

  return buildRouter([
    {
      method: 'get',
      path: '/harvests/new',
      access: recorders,
      handler: async (req, res) => {
        const locals = await entryLocals(req, res);
        const commodityId = Number(req.query.commodity);
        const commodity = locals.commodities.find((c) => c.id === commodityId);
        // Opened from a commodity button: the officer's usual plot for it is chosen already.
        const locationId = req.query.location ?? (commodity ? await usualLocation(db, res.locals.user!.id, commodity.id) : undefined);
        res.render('harvests/new', {
          ...locals,
          values: {
            commodity_id: req.query.commodity,
            location_id: locationId,
            harvest_date: wibDate(),
            harvest_time: wibTime(),
            form_token: newFormToken(),
          },
        });
      },
    },
    {
      method: 'post',
      path: '/harvests',
      access: recorders,
      upload: fileUpload('photo', PHOTO_MAX_BYTES),
      form: { view: 'harvests/new', locals: entryLocals },
      handler: async (req, res) => {
        const input = parseForm(harvestSchema, req.body);
        const result = await withPhoto(files, 'harvests', input.form_token, req.file?.buffer, (photo) =>
          createHarvest(db, input, res.locals.user!.id, photo),
        );
        if (result.duplicate) flash(req, 'info', 'Panen ini sudah tersimpan sebelumnya; tidak dicatat dua kali.');
        res.redirect(303, `/harvests/${result.id}?saved=1`);
      },
    },
    {
      method: 'get',
      path: '/harvests',
      access: 'user',
      handler: async (req, res) => {
        const q = harvestFilterSchema.parse(req.query ?? {});
        const f = filterOf(q);
        const [result, commodities, locations, officers] = await cached(`harvest-list:${JSON.stringify(f)}:${q.page}`, () =>
          Promise.all([browseHarvests(db, f, q.page), listCommodities(db), listLocations(db), listUsers(db)]),
        );
        res.render('harvests/index', {
          title: 'Daftar Panen',
          ...result,
          filter: q,
          commodities,
          locations,
          officers,
          exportQuery: downloadQuery({
            from: q.from,
            to: q.to,
            commodity: q.commodity,
            location: q.location,
            officer: q.officer,
            status: q.status,
            q: q.q,
          }),
        });
      },
    },
    ...downloadRoutes('/harvests/export', 'user', async (req) => {
      const q = harvestFilterSchema.parse(req.query ?? {});
      const f = filterOf(q);
      const held = await harvestDays(db, f);
      return { name: 'panen', from: q.from, to: q.to, held, title: 'Daftar Panen', sheets: [harvestsSheet(db, f)] };
    }),
    {
      method: 'get',
      path: '/harvests/:id',
      access: 'user',
      handler: async (req, res) => res.render('harvests/show', { ...(await detailLocals(req, res)), saved: req.query.saved === '1' }),
    },
    {
      method: 'get',
      path: '/harvests/:id/photo',
      access: 'user',
      handler: async (req, res) => {
        const h = await getHarvest(db, idParam(req));
        if (!h.photo_file) throw new NotFoundError('Panen ini tidak punya foto.');
        await sendUpload(res, files, h.photo_file, 7);
      },
    },
    {
      method: 'get',
      path: '/harvests/:id/edit',
      access: recorders,
      handler: async (req, res) => {
        const locals = await editLocals(req, res);
        if (!canChangeHarvest(locals.harvest, res.locals.user!)) {
          flash(req, 'error', 'Catatan panen ini hanya dapat diubah oleh pencatatnya pada hari yang sama, atau oleh admin.');
          return res.redirect(303, `/harvests/${locals.harvest.id}`);
        }
        res.render('harvests/edit', { ...locals, values: formValues(locals.harvest) });
      },
    },
    {
      method: 'post',
      path: '/harvests/:id',
      access: recorders,
      form: { view: 'harvests/edit', locals: editLocals },
      handler: async (req, res) => {
        const input = parseForm(harvestEditSchema, req.body);
        await updateHarvest(db, idParam(req), input, res.locals.user!);
        flash(req, 'success', `Panen #${idParam(req)} telah diubah: ${formatKg(input.weight_g)}.`);
        res.redirect(303, `/harvests/${idParam(req)}`);
      },
    },
    {
      method: 'post',
      path: '/harvests/:id/void',
      access: recorders,
      form: { view: 'harvests/show', locals: detailLocals },
      handler: async (req, res) => {
        const { reason } = parseForm(voidSchema, req.body);
        await voidHarvest(db, idParam(req), reason, res.locals.user!);
        flash(req, 'success', `Panen #${idParam(req)} dibatalkan; stoknya dikurangi kembali.`);
        res.redirect(303, `/harvests/${idParam(req)}`);
      },
    },
  ]);
}
