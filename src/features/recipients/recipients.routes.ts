// Recipient pages: the searchable list and its downloads, a recipient's page with what they received, add and edit.
import type { Request, Response } from 'express';
import type { Role } from '../../db/database.ts';
import { wibDate } from '../../lib/time.ts';
import { downloadName, downloadQuery, downloadRoutes } from '../../web/downloads.ts';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps } from '../../web/routes.ts';
import { recipientHistory } from '../distributions/distributions.service.ts';
import { inmateLabel, searchInmates } from '../inmates/inmates.service.ts';
import { recipientsSheet } from './recipients.export.ts';
import { recipientListSchema, recipientSchema, recipientSearchSchema } from './recipients.schema.ts';
import {
  browseRecipients, createRecipient, getRecipient, LookAlikeError, RECIPIENT_CATEGORY_LABELS, recipientAddressLine, recipientForViewer,
  RELATION_LABELS, updateRecipient, type RecipientView,
} from './recipients.service.ts';

const editors = ['admin', 'staf'] as const;
const readers = ['admin', 'staf', 'pimpinan'] as const;

function rolesOf(res: Response): Role[] {
  return res.locals.user!.roles;
}

function canEdit(res: Response): boolean {
  return editors.some((r) => rolesOf(res).includes(r));
}

/** The list's filter from the URL and its search term from the session, as one query filter. */
function listSearch(req: Request) {
  const filter = recipientListSchema.parse(req.query ?? {});
  const term = req.session.recipientSearch ?? '';
  return { filter, term, search: { term, category: filter.category || null, activeOnly: filter.status === 'active' } };
}

/** A saved recipient as the form shows it; the NIK itself only to an admin. */
function formValues(r: RecipientView, isAdmin: boolean) {
  return {
    category: r.category, name: r.name, nik: isAdmin ? (r.nik ?? '') : '',
    inmate: r.inmate_reg_number && r.inmate_name ? inmateLabel({ reg_number: r.inmate_reg_number, name: r.inmate_name }) : '',
    relation: r.relation ?? '', address: r.address, rt_rw: r.rt_rw ?? '', village: r.village, district: r.district,
    phone: r.phone ?? '', household_size: r.household_size ?? '', note: r.note ?? '', active: r.active,
  };
}

/** Runs a save; look-alikes found on the way go to the re-rendered form as a warning. */
async function saving<T>(res: Response, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (err) {
    if (err instanceof LookAlikeError) res.locals.lookAlikes = err.lookAlikes.map((r) => recipientForViewer(r, rolesOf(res)));
    throw err;
  }
}

export function recipientsRoutes({ db }: Deps) {
  const choices = async () => ({
    categories: RECIPIENT_CATEGORY_LABELS,
    relations: RELATION_LABELS,
    inmateOptions: (await searchInmates(db, '', { activeOnly: true, limit: 1000 })).map(inmateLabel),
  });
  const newLocals = async () => ({ title: 'Tambah Penerima', editing: null, ...(await choices()) });
  const editLocalsOf = async (r: RecipientView, res: Response) => ({
    title: `Ubah Penerima: ${r.name}`, editing: recipientForViewer(r, rolesOf(res)), isAdmin: rolesOf(res).includes('admin'), ...(await choices()),
  });
  const editLocals = async (req: Request, res: Response) => editLocalsOf(await getRecipient(db, idParam(req)), res);
  const actor = (res: Response) => ({ id: res.locals.user!.id, roles: rolesOf(res) });

  return buildRouter([
    {
      method: 'get', path: '/recipients', access: readers,
      handler: async (req, res) => {
        const { filter, term, search } = listSearch(req);
        const result = await browseRecipients(db, search, filter.page);
        res.render('recipients/index', {
          title: 'Daftar Penerima', ...result, rows: result.rows.map((r) => recipientForViewer(r, rolesOf(res))),
          filter, term, categories: RECIPIENT_CATEGORY_LABELS, relations: RELATION_LABELS, canEdit: canEdit(res),
          exportQuery: downloadQuery({ category: filter.category, status: filter.status === 'all' ? '' : filter.status }),
        });
      },
    },
    // The search term comes from the session here too, so a NIK typed in the box stays out of the URL.
    ...downloadRoutes('/recipients/export', readers, async (req, res) => {
      const sheet = await recipientsSheet(db, listSearch(req).search, rolesOf(res));
      return { baseName: downloadName('penerima'), title: 'Daftar Penerima', sheets: [sheet] };
    }),
    {
      // A POST, so that a NIK typed here never lands in a URL, a browser history or a server log.
      method: 'post', path: '/recipients/search', access: readers,
      handler: async (req, res) => {
        const s = recipientSearchSchema.parse(req.body ?? {});
        if (s.q) req.session.recipientSearch = s.q;
        else delete req.session.recipientSearch;
        const params = new URLSearchParams();
        if (s.category) params.set('category', s.category);
        if (s.status !== 'all') params.set('status', s.status);
        res.redirect(303, params.size ? `/recipients?${params}` : '/recipients');
      },
    },
    {
      method: 'get', path: '/recipients/new', access: editors,
      handler: async (_req, res) => res.render('recipients/form', { ...(await newLocals()), values: { active: 1 } }),
    },
    {
      method: 'post', path: '/recipients', access: editors, form: { view: 'recipients/form', locals: newLocals },
      handler: async (req, res) => {
        const input = parseForm(recipientSchema(), req.body);
        const id = await saving(res, () => createRecipient(db, input, actor(res)));
        flash(req, 'success', `Penerima ${input.name} telah ditambahkan.`);
        res.redirect(303, `/recipients/${id}`);
      },
    },
    {
      method: 'get', path: '/recipients/:id', access: readers,
      handler: async (req, res) => {
        const r = await getRecipient(db, idParam(req));
        res.render('recipients/show', {
          title: r.name, recipient: recipientForViewer(r, rolesOf(res)), addressLine: recipientAddressLine(r),
          history: await recipientHistory(db, r.id), year: wibDate().slice(0, 4), categories: RECIPIENT_CATEGORY_LABELS, relations: RELATION_LABELS, canEdit: canEdit(res),
        });
      },
    },
    {
      method: 'get', path: '/recipients/:id/edit', access: editors,
      handler: async (req, res) => {
        const r = await getRecipient(db, idParam(req));
        res.render('recipients/form', { ...(await editLocalsOf(r, res)), values: formValues(r, rolesOf(res).includes('admin')) });
      },
    },
    {
      method: 'post', path: '/recipients/:id', access: editors, form: { view: 'recipients/form', locals: editLocals },
      handler: async (req, res) => {
        const id = idParam(req);
        const isAdmin = rolesOf(res).includes('admin');
        const input = parseForm(recipientSchema({ nikMayStayEmpty: !isAdmin }), req.body);
        await saving(res, () => updateRecipient(db, id, input, actor(res)));
        flash(req, 'success', `Data penerima ${input.name} telah disimpan.`);
        res.redirect(303, `/recipients/${id}`);
      },
    },
  ]);
}
