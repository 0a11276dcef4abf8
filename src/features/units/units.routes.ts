// The unit page: a user who may open several units (roles on two UPT, or a Kanwil reading the UPT
// under it) chooses the one to work in. A single-unit user never sees it. And the installation
// admin's pages: the unit tree, each unit's place, and who holds which role on it.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { UNIT_KINDS, type Unit } from '../../db/database.ts';
import { ValidationError } from '../../lib/errors.ts';
import { parseForm } from '../../web/forms.ts';
import { recordPages } from '../../web/record-pages.ts';
import { buildRouter, flash, idParam, installationAdminOnly, type Deps, type RouteSpec } from '../../web/routes.ts';
import { saveSession } from '../../web/session-store.ts';
import { createUserInUnit, grantRole, revokeRole } from '../users/users.service.ts';
import { ROLE_LABELS, userCreateSchema } from '../users/users.schema.ts';
import { roleGrantSchema, roleRevokeSchema, UNIT_KIND_LABELS, unitFormSchema, UPT_TYPE_LABELS } from './units.schema.ts';
import { createUnit, editUnit, getUnit, parentChoices, peopleOf, rolesFor, unitTree, viewableUnits } from './units.service.ts';

const chooseSchema = z.object({
  unit_id: z.coerce.number({ error: 'Pilih unit.' }).int('Pilih unit.').positive('Pilih unit.'),
  /** Where to go in that unit (a drill-down from the Kanwil's pages): a path of this site only. */
  next: z.preprocess((v) => (typeof v === 'string' && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(v) && v.length <= 200 ? v : '/'), z.string()),
});

export function unitsRoutes(deps: Deps) {
  const chooser = unitChooser(deps);
  const admin = unitAdminPages(deps);
  return { router: Router().use(chooser.router, admin.router), table: [...chooser.table, ...admin.table] };
}

function unitChooser({ db }: Deps) {
  return buildRouter([
    {
      method: 'get',
      path: '/unit',
      access: 'user',
      handler: async (_req, res) => {
        const user = res.locals.user!;
        const units = [...(await viewableUnits(db, user.id))]
          .map(([id, u]) => ({ id, name: u.name, writable: u.writable, current: id === user.unitId }))
          .sort((a, b) => Number(b.writable) - Number(a.writable) || a.name.localeCompare(b.name, 'id'));
        res.render('units/choose', { title: 'Pilih Unit', units });
      },
    },
    {
      method: 'post',
      path: '/unit',
      access: 'user',
      handler: async (req, res) => {
        const { unit_id, next } = parseForm(chooseSchema, req.body);
        const unit = (await viewableUnits(db, res.locals.user!.id)).get(unit_id);
        if (!unit) throw new ValidationError({}, 'Unit itu tidak dapat Anda buka.');
        req.session.unitId = unit_id;
        flash(req, 'success', `Sekarang Anda di ${unit.name}${unit.writable ? '' : ' (hanya membaca)'}.`);
        await saveSession(req);
        res.redirect(303, next);
      },
    },
  ]);
}

const queryId = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);

/** The installation admin's pages: every unit of the installation, and the people on each. */
function unitAdminPages({ db }: Deps) {
  const access = ['admin'] as const;
  const people = async (unit: Unit) => ({
    unit,
    people: await peopleOf(db, unit.id),
    roles: rolesFor(unit.kind),
    roleLabels: ROLE_LABELS,
    kindLabels: UNIT_KIND_LABELS,
  });
  const peopleForm = {
    view: 'units/people',
    locals: async (req: Request) => ({ title: 'Pengguna unit', ...(await people(await getUnit(db, idParam(req)))) }),
  };
  const newPersonForm = {
    view: 'users/new',
    locals: async (req: Request) => {
      const unit = await getUnit(db, idParam(req));
      return newPersonLocals(unit);
    },
  };
  const newPersonLocals = (unit: Unit) => ({
    title: `Tambah Pengguna: ${unit.name}`,
    roles: rolesFor(unit.kind),
    action: `/units/${unit.id}/people/new`,
    cancel: `/units/${unit.id}/people`,
  });
  const extra: RouteSpec[] = [
    {
      method: 'get',
      path: '/units/:id/people',
      access,
      handler: async (req, res) =>
        res.render('units/people', { title: 'Pengguna unit', values: {}, ...(await people(await getUnit(db, idParam(req)))) }),
    },
    {
      method: 'post',
      path: '/units/:id/people',
      access,
      form: peopleForm,
      handler: async (req, res) => {
        const unit = await getUnit(db, idParam(req));
        const input = parseForm(roleGrantSchema, req.body);
        await grantRole(db, unit.id, input.username, input.role, res.locals.user!.id);
        flash(req, 'success', `${input.username} kini ${ROLE_LABELS[input.role]} di ${unit.name}.`);
        res.redirect(303, `/units/${unit.id}/people`);
      },
    },
    {
      method: 'post',
      path: '/units/:id/people/remove',
      access,
      form: peopleForm,
      handler: async (req, res) => {
        const unit = await getUnit(db, idParam(req));
        const input = parseForm(roleRevokeSchema, req.body);
        await revokeRole(db, unit.id, input.user_id, input.role, res.locals.user!.id);
        flash(req, 'success', `Peran ${ROLE_LABELS[input.role]} di ${unit.name} telah dicabut.`);
        res.redirect(303, `/units/${unit.id}/people`);
      },
    },
    {
      method: 'get',
      path: '/units/:id/people/new',
      access,
      handler: async (req, res) => res.render('users/new', { ...newPersonLocals(await getUnit(db, idParam(req))), values: {} }),
    },
    {
      method: 'post',
      path: '/units/:id/people/new',
      access,
      form: newPersonForm,
      handler: async (req, res) => {
        const unit = await getUnit(db, idParam(req));
        const input = parseForm(userCreateSchema, req.body);
        await createUserInUnit(db, unit.id, input, res.locals.user!.id);
        flash(req, 'success', `Pengguna ${input.username} telah ditambahkan ke ${unit.name}.`);
        res.redirect(303, `/units/${unit.id}/people`);
      },
    },
  ];
  return recordPages(
    {
      base: '/units',
      views: 'units',
      access,
      before: [installationAdminOnly],
      schema: unitFormSchema,
      titles: { list: 'Unit', add: 'Tambah Unit', edit: (u: Unit) => `Ubah Unit: ${u.name}` },
      formExtras: async () => ({
        kindLabels: UNIT_KIND_LABELS,
        uptTypes: UPT_TYPE_LABELS,
        parents: Object.fromEntries(
          [...(await parentChoices(db, 'kanwil')), ...(await parentChoices(db, 'upt'))].map((u) => [u.id, u.name]),
        ),
      }),
      defaults: { kind: 'upt', active: 1 },
      startWith: (req) => {
        const parent = queryId(req.query.parent);
        const kind =
          typeof req.query.kind === 'string' && (UNIT_KINDS as readonly string[]).includes(req.query.kind) ? req.query.kind : undefined;
        return { ...(parent ? { parent_id: parent } : {}), ...(kind ? { kind } : {}) };
      },
      list: async () => ({ units: await unitTree(db) }),
      get: (id: number) => getUnit(db, id),
      create: (input, actor) => createUnit(db, input, actor),
      update: (id, input, actor) => editUnit(db, id, input, actor),
      savedMessage: (input, created) => `Unit ${input.name} telah ${created ? 'ditambahkan' : 'disimpan'}.`,
    },
    extra,
  );
}
