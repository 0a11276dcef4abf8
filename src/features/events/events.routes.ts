// Event (kegiatan) pages: list and its downloads, add, edit, photos, and each event's handovers.
import type { Request, Response } from 'express';
import { PHOTO_MAX_BYTES } from '../../lib/images.ts';
import { wibDate } from '../../lib/time.ts';
import { downloadQuery, downloadRoutes } from '../../web/downloads.ts';
import { ValidationError } from '../../lib/errors.ts';
import { newFormToken, parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { fileUpload, sendUpload, withPhoto } from '../../web/upload.ts';
import { eventHandovers } from '../distributions/distributions.service.ts';
import { printedQuerySchema } from '../receipts/receipts.schema.ts';
import { qrWarning, readyPrint } from '../receipts/receipts.service.ts';
import { PAPER_LABELS, PER_PAGE_LABELS } from '../settings/settings.schema.ts';
import { eventsSheet } from './events.export.ts';
import { EVENT_KIND_LABELS, eventFilterSchema, eventSchema } from './events.schema.ts';
import { addEventPhoto, browseEvents, createEvent, getEvent, getEventPhoto, photosOfEvent, updateEvent } from './events.service.ts';

const editors = ['admin', 'staf'] as const;
const readers = ['admin', 'staf', 'pimpinan'] as const;

export function eventsRoutes({ db, config, files }: Deps) {
  const formLocals = async (req: Request) => {
    const editing = req.params.id ? await getEvent(db, idParam(req)) : null;
    return { title: editing ? `Ubah kegiatan: ${editing.name}` : 'Tambah kegiatan', editing, kinds: EVENT_KIND_LABELS };
  };
  const form = { view: 'events/form', locals: formLocals };
  const showLocals = async (req: Request, res: Response) => {
    const event = await getEvent(db, idParam(req));
    return {
      title: event.name,
      event,
      kinds: EVENT_KIND_LABELS,
      photos: await photosOfEvent(db, event.id),
      ...(await eventHandovers(db, event.id)),
      paperLabels: PAPER_LABELS,
      perPageLabels: PER_PAGE_LABELS,
      tab: 'events',
      printToken: newFormToken(),
      printed: await readyPrint(db, printedQuerySchema.parse(req.query ?? {}), res.locals.user!.id),
      qrWarning: await qrWarning(db, config, `${req.protocol}://${req.get('host')}`),
    };
  };

  return buildRouter([
    {
      method: 'get',
      path: '/events',
      access: readers,
      handler: async (req, res) => {
        const q = eventFilterSchema.parse(req.query ?? {});
        res.render('events/index', {
          title: 'Kegiatan penyaluran',
          tab: 'events',
          kinds: EVENT_KIND_LABELS,
          filter: q,
          ...(await browseEvents(db, q.year, q.page)),
          exportQuery: downloadQuery({ year: q.year }),
        });
      },
    },
    ...downloadRoutes('/events/export', readers, async (req) => {
      const q = eventFilterSchema.parse(req.query ?? {});
      const year = q.year ? { from: `${q.year}-01-01`, to: `${q.year}-12-31` } : {};
      return { name: 'kegiatan', ...year, title: 'Kegiatan penyaluran', sheets: [await eventsSheet(db, q.year)] };
    }),
    {
      method: 'get',
      path: '/events/new',
      access: editors,
      handler: async (req, res) => res.render('events/form', { ...(await formLocals(req)), values: { event_date: wibDate() } }),
    },
    {
      method: 'post',
      path: '/events',
      access: editors,
      form,
      handler: async (req, res) => {
        const input = parseForm(eventSchema, req.body);
        const id = await createEvent(db, input, res.locals.user!.id);
        flash(req, 'success', `Kegiatan "${input.name}" telah dibuat. Sekarang catat penerimanya.`);
        res.redirect(303, `/events/${id}`);
      },
    },
    {
      method: 'get',
      path: '/events/:id',
      access: readers,
      handler: async (req, res) => res.render('events/show', { ...(await showLocals(req, res)), values: { form_token: newFormToken() } }),
    },
    {
      method: 'get',
      path: '/events/:id/edit',
      access: editors,
      handler: async (req, res) => {
        const locals = await formLocals(req);
        res.render('events/form', { ...locals, values: locals.editing });
      },
    },
    {
      method: 'post',
      path: '/events/:id',
      access: editors,
      form,
      handler: async (req, res) => {
        const input = parseForm(eventSchema, req.body);
        await updateEvent(db, idParam(req), input, res.locals.user!.id);
        flash(req, 'success', `Kegiatan "${input.name}" telah disimpan.`);
        res.redirect(303, `/events/${idParam(req)}`);
      },
    },
    {
      method: 'post',
      path: '/events/:id/photos',
      access: editors,
      upload: fileUpload('photo', PHOTO_MAX_BYTES),
      form: { view: 'events/show', locals: showLocals },
      handler: async (req, res) => {
        const event = await getEvent(db, idParam(req));
        if (!req.file?.size) throw new ValidationError({ photo: 'Pilih foto yang akan ditambahkan.' });
        // Named only once the row is saved: a refused save (a full disk) leaves no photo behind.
        await withPhoto(files, 'events', `${event.id}-${newFormToken()}`, req.file.buffer, async (file) => ({
          id: await addEventPhoto(db, event.id, file!, res.locals.user!.id),
          duplicate: false,
        }));
        flash(req, 'success', 'Foto kegiatan telah ditambahkan.');
        res.redirect(303, `/events/${event.id}#foto`);
      },
    },
    {
      method: 'get',
      path: '/events/:id/photos/:photoId',
      access: readers,
      handler: async (req, res) => {
        const photo = await getEventPhoto(db, idParam(req), idParam(req, 'photoId'));
        await sendUpload(res, files, photo.file, 7);
      },
    },
  ]);
}
