// The inmate (WBP) registry pages: search, add, edit (admin and staf).
import type { Request } from 'express';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { inmateSchema, inmateSearchSchema } from './inmates.schema.ts';
import { createInmate, getInmate, searchInmates, updateInmate } from './inmates.service.ts';

const staff = ['admin', 'staf'] as const;

export function inmatesRoutes({ db }: Deps) {
  const formLocals = async (req: Request) => {
    const editing = req.params.id ? await getInmate(db, idParam(req)) : null;
    return { title: editing ? `Ubah WBP: ${editing.name}` : 'Tambah WBP', editing };
  };
  return buildRouter([
    {
      method: 'get', path: '/inmates', access: staff,
      handler: async (req, res) => {
        const { q } = inmateSearchSchema.parse(req.query ?? {});
        res.render('inmates/index', { title: 'Daftar WBP', q, inmates: await searchInmates(db, q, { limit: 200 }) });
      },
    },
    {
      method: 'get', path: '/inmates/new', access: staff,
      handler: async (req, res) => res.render('inmates/form', { ...(await formLocals(req)), values: { active: 1 } }),
    },
    {
      method: 'post', path: '/inmates', access: staff, form: { view: 'inmates/form', locals: formLocals },
      handler: async (req, res) => {
        const input = parseForm(inmateSchema, req.body);
        await createInmate(db, input, res.locals.user!.id);
        flash(req, 'success', `WBP ${input.name} (${input.reg_number}) telah ditambahkan.`);
        res.redirect(303, '/inmates');
      },
    },
    {
      method: 'get', path: '/inmates/:id/edit', access: staff,
      handler: async (req, res) => {
        const locals = await formLocals(req);
        res.render('inmates/form', { ...locals, values: locals.editing });
      },
    },
    {
      method: 'post', path: '/inmates/:id', access: staff, form: { view: 'inmates/form', locals: formLocals },
      handler: async (req, res) => {
        const input = parseForm(inmateSchema, req.body);
        await updateInmate(db, idParam(req), input, res.locals.user!.id);
        flash(req, 'success', `Data WBP ${input.name} telah disimpan.`);
        res.redirect(303, '/inmates');
      },
    },
  ]);
}
