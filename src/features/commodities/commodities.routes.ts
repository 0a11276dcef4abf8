// Admin pages for commodities.
import type { Request } from 'express';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { COMMODITY_KIND_LABELS, commoditySchema } from './commodities.schema.ts';
import { createCommodity, getCommodity, listCommodities, updateCommodity } from './commodities.service.ts';

const admin = ['admin'] as const;

export function commoditiesRoutes({ db }: Deps) {
  const formLocals = async (req: Request) => {
    const editing = req.params.id ? await getCommodity(db, idParam(req)) : null;
    return { title: editing ? `Ubah Komoditas: ${editing.name}` : 'Tambah Komoditas', editing, kinds: COMMODITY_KIND_LABELS };
  };
  return buildRouter([
    {
      method: 'get', path: '/commodities', access: admin,
      handler: async (_req, res) => res.render('commodities/index', { title: 'Komoditas', commodities: await listCommodities(db), kinds: COMMODITY_KIND_LABELS }),
    },
    {
      method: 'get', path: '/commodities/new', access: admin,
      handler: async (req, res) => res.render('commodities/form', { ...(await formLocals(req)), values: { kind: 'sayur', active: 1, sort_order: 10 } }),
    },
    {
      method: 'post', path: '/commodities', access: admin, form: { view: 'commodities/form', locals: formLocals },
      handler: async (req, res) => {
        const input = parseForm(commoditySchema, req.body);
        await createCommodity(db, input, res.locals.user!.id);
        flash(req, 'success', `Komoditas ${input.name} telah ditambahkan.`);
        res.redirect(303, '/commodities');
      },
    },
    {
      method: 'get', path: '/commodities/:id/edit', access: admin,
      handler: async (req, res) => {
        const locals = await formLocals(req);
        res.render('commodities/form', { ...locals, values: locals.editing });
      },
    },
    {
      method: 'post', path: '/commodities/:id', access: admin, form: { view: 'commodities/form', locals: formLocals },
      handler: async (req, res) => {
        const input = parseForm(commoditySchema, req.body);
        await updateCommodity(db, idParam(req), input, res.locals.user!.id);
        flash(req, 'success', `Komoditas ${input.name} telah disimpan.`);
        res.redirect(303, '/commodities');
      },
    },
  ]);
}
