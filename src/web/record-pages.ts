// The list / add / edit pages of a simple register (commodities, locations, inmates): one
// route shape, so each register only says what differs.
import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { parseForm } from './forms.ts';
import { buildRouter, flash, idParam, type Access, type RouteSpec } from './routes.ts';

export interface RecordPages<S extends z.ZodType, R extends { id: number }> {
  /** '/commodities'; views are `<views>/index` and `<views>/form`. */
  base: string;
  views: string;
  access: Access;
  schema: S;
  titles: { list: string; add: string; edit: (record: NoInfer<R>) => string };
  /** Select options and the like, for the form (read at each request when a function). */
  formExtras?: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  /** Middleware in front of every page, the extra ones too (e.g. installationAdminOnly). */
  before?: RequestHandler[];
  /** Values of an empty form. */
  defaults: Record<string, unknown>;
  list: (req: Request) => Promise<Record<string, unknown>>;
  get: (id: number) => Promise<R>;
  create: (input: z.output<S>, actorId: number) => Promise<number>;
  update: (id: number, input: z.output<S>, actorId: number) => Promise<void>;
  savedMessage: (input: z.output<S>, created: boolean) => string;
  /** Values the add form starts with from its query (`/units/new?parent=3`), beside the defaults. */
  startWith?: (req: Request) => Record<string, unknown>;
}

export function recordPages<S extends z.ZodType, R extends { id: number }>(p: RecordPages<S, R>, extra: RouteSpec[] = []) {
  const newValues = (req: Request) => p.startWith?.(req) ?? {};
  const extras = async () => (typeof p.formExtras === 'function' ? await p.formExtras() : p.formExtras);
  const formLocals = async (req: Request) => {
    const editing = req.params.id ? await p.get(idParam(req)) : null;
    return { title: editing ? p.titles.edit(editing) : p.titles.add, editing, ...(await extras()) };
  };
  const form = { view: `${p.views}/form`, locals: formLocals };
  const routes: RouteSpec[] = [
    {
      method: 'get',
      path: p.base,
      access: p.access,
      handler: async (req, res) => res.render(`${p.views}/index`, { title: p.titles.list, ...(await extras()), ...(await p.list(req)) }),
    },
    {
      method: 'get',
      path: `${p.base}/new`,
      access: p.access,
      handler: async (req, res) => res.render(form.view, { ...(await formLocals(req)), values: { ...p.defaults, ...newValues(req) } }),
    },
    {
      method: 'post',
      path: p.base,
      access: p.access,
      form,
      handler: async (req, res) => {
        const input = parseForm(p.schema, req.body);
        await p.create(input, res.locals.user!.id);
        flash(req, 'success', p.savedMessage(input, true));
        res.redirect(303, p.base);
      },
    },
    {
      method: 'get',
      path: `${p.base}/:id/edit`,
      access: p.access,
      handler: async (req, res) => {
        const locals = await formLocals(req);
        res.render(form.view, { ...locals, values: locals.editing });
      },
    },
    {
      method: 'post',
      path: `${p.base}/:id`,
      access: p.access,
      form,
      handler: async (req, res) => {
        const input = parseForm(p.schema, req.body);
        await p.update(idParam(req), input, res.locals.user!.id);
        flash(req, 'success', p.savedMessage(input, false));
        res.redirect(303, p.base);
      },
    },
  ];
  const all = [...routes, ...extra];
  return buildRouter(p.before ? all.map((r) => ({ ...r, before: [...p.before!, ...(r.before ?? [])] })) : all);
}
