// Package template pages: list, add, edit (admin and staf); read by pimpinan too.
import type { Request } from 'express';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { listCommodities } from '../commodities/commodities.service.ts';
import { itemValues, packageSchema } from './packages.schema.ts';
import { createPackage, getPackage, packagesWithItems, updatePackage } from './packages.service.ts';

const editors = ['admin', 'staf'] as const;
const readers = ['admin', 'staf', 'pimpinan'] as const;

export function packagesRoutes({ db }: Deps) {
  const formLocals = async (req: Request) => {
    const editing = req.params.id ? await getPackage(db, idParam(req)) : null;
    return {
      title: editing ? `Ubah paket: ${editing.name}` : 'Tambah paket',
      editing,
      commodities: await listCommodities(db, { activeOnly: true }),
      tab: 'packages',
    };
  };
  const form = { view: 'packages/form', locals: formLocals };
  const save = async (req: Request) => parseForm(packageSchema(await listCommodities(db, { activeOnly: true })), req.body);

  return buildRouter([
    {
      method: 'get',
      path: '/packages',
      access: readers,
      handler: async (_req, res) =>
        res.render('packages/index', { title: 'Paket bantuan', tab: 'packages', packages: await packagesWithItems(db) }),
    },
    {
      method: 'get',
      path: '/packages/new',
      access: editors,
      handler: async (req, res) => res.render('packages/form', { ...(await formLocals(req)), values: { active: 1 } }),
    },
    {
      method: 'post',
      path: '/packages',
      access: editors,
      form,
      handler: async (req, res) => {
        const input = await save(req);
        await createPackage(db, input, res.locals.user!.id);
        flash(req, 'success', `Paket "${input.name}" telah ditambahkan.`);
        res.redirect(303, '/packages');
      },
    },
    {
      method: 'get',
      path: '/packages/:id/edit',
      access: editors,
      handler: async (req, res) => {
        const locals = await formLocals(req);
        res.render('packages/form', {
          ...locals,
          values: { name: locals.editing!.name, active: locals.editing!.active, ...itemValues(locals.editing!.items) },
        });
      },
    },
    {
      method: 'post',
      path: '/packages/:id',
      access: editors,
      form,
      handler: async (req, res) => {
        const input = await save(req);
        await updatePackage(db, idParam(req), input, res.locals.user!.id);
        flash(req, 'success', `Paket "${input.name}" telah disimpan.`);
        res.redirect(303, '/packages');
      },
    },
  ]);
}
