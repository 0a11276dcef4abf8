// Admin pages for plots and ponds.
import type { Request } from 'express';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { LOCATION_KIND_LABELS, locationSchema } from './locations.schema.ts';
import { createLocation, getLocation, listLocations, updateLocation } from './locations.service.ts';

const admin = ['admin'] as const;

export function locationsRoutes({ db }: Deps) {
  const formLocals = async (req: Request) => {
    const editing = req.params.id ? await getLocation(db, idParam(req)) : null;
    return { title: editing ? `Ubah Lokasi: ${editing.name}` : 'Tambah Lokasi', editing, kinds: LOCATION_KIND_LABELS };
  };
  return buildRouter([
    {
      method: 'get', path: '/locations', access: admin,
      handler: async (_req, res) => res.render('locations/index', { title: 'Lahan & Kolam', locations: await listLocations(db), kinds: LOCATION_KIND_LABELS }),
    },
    {
      method: 'get', path: '/locations/new', access: admin,
      handler: async (req, res) => res.render('locations/form', { ...(await formLocals(req)), values: { kind: 'lahan', active: 1 } }),
    },
    {
      method: 'post', path: '/locations', access: admin, form: { view: 'locations/form', locals: formLocals },
      handler: async (req, res) => {
        const input = parseForm(locationSchema, req.body);
        await createLocation(db, input, res.locals.user!.id);
        flash(req, 'success', `Lokasi ${input.name} telah ditambahkan.`);
        res.redirect(303, '/locations');
      },
    },
    {
      method: 'get', path: '/locations/:id/edit', access: admin,
      handler: async (req, res) => {
        const locals = await formLocals(req);
        res.render('locations/form', { ...locals, values: locals.editing });
      },
    },
    {
      method: 'post', path: '/locations/:id', access: admin, form: { view: 'locations/form', locals: formLocals },
      handler: async (req, res) => {
        const input = parseForm(locationSchema, req.body);
        await updateLocation(db, idParam(req), input, res.locals.user!.id);
        flash(req, 'success', `Lokasi ${input.name} telah disimpan.`);
        res.redirect(303, '/locations');
      },
    },
  ]);
}
