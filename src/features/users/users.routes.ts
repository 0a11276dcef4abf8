// Admin pages for user accounts: list, add, edit, (de)activate, reset a password.
import type { Request, Response } from 'express';
import { ROLES } from '../../db/database.ts';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, idParam, type Deps, type RouteSpec } from '../../web/routes.ts';
import { passwordResetSchema, userCreateSchema, userUpdateSchema } from './users.schema.ts';
import { createUser, getUser, listUsers, resetPassword, setUserActive, updateUser } from './users.service.ts';

const admin = ['admin'] as const;

function me(res: Response): number {
  return res.locals.user!.id;
}

export function usersRoutes({ db }: Deps) {
  const editLocals = async (req: Request) => {
    const user = await getUser(db, idParam(req));
    return { title: `Ubah Pengguna: ${user.full_name}`, target: user, roles: ROLES };
  };
  const passwordLocals = async (req: Request) => {
    const user = await getUser(db, idParam(req));
    return { title: 'Atur Ulang Kata Sandi', target: user };
  };
  const activation = (path: string, active: boolean): RouteSpec => ({
    method: 'post',
    path,
    access: admin,
    handler: async (req, res) => {
      const id = idParam(req);
      await setUserActive(db, id, active, me(res));
      const u = await getUser(db, id);
      flash(
        req,
        'success',
        active ? `Akun ${u.full_name} diaktifkan kembali.` : `Akun ${u.full_name} dinonaktifkan; sesi masuknya diakhiri.`,
      );
      res.redirect(303, '/users');
    },
  });

  return buildRouter([
    {
      method: 'get',
      path: '/users',
      access: admin,
      handler: async (_req, res) => res.render('users/index', { title: 'Pengguna', users: await listUsers(db) }),
    },
    {
      method: 'get',
      path: '/users/new',
      access: admin,
      handler: (_req, res) => res.render('users/new', { title: 'Tambah Pengguna', roles: ROLES }),
    },
    {
      method: 'post',
      path: '/users',
      access: admin,
      form: { view: 'users/new', locals: () => ({ title: 'Tambah Pengguna', roles: ROLES }) },
      handler: async (req, res) => {
        const input = parseForm(userCreateSchema, req.body);
        await createUser(db, input, me(res));
        flash(req, 'success', `Pengguna ${input.full_name} (${input.username}) telah ditambahkan.`);
        res.redirect(303, '/users');
      },
    },
    {
      method: 'get',
      path: '/users/:id/edit',
      access: admin,
      handler: async (req, res) => {
        const locals = await editLocals(req);
        res.render('users/edit', { ...locals, values: locals.target });
      },
    },
    {
      method: 'post',
      path: '/users/:id',
      access: admin,
      form: { view: 'users/edit', locals: editLocals },
      handler: async (req, res) => {
        const id = idParam(req);
        const input = parseForm(userUpdateSchema, req.body);
        await updateUser(db, id, input, me(res));
        flash(req, 'success', `Data pengguna ${input.full_name} telah disimpan.`);
        res.redirect(303, '/users');
      },
    },
    activation('/users/:id/deactivate', false),
    activation('/users/:id/activate', true),
    {
      method: 'get',
      path: '/users/:id/password',
      access: admin,
      handler: async (req, res) => res.render('users/password', await passwordLocals(req)),
    },
    {
      method: 'post',
      path: '/users/:id/password',
      access: admin,
      form: { view: 'users/password', locals: passwordLocals },
      handler: async (req, res) => {
        const id = idParam(req);
        const input = parseForm(passwordResetSchema, req.body);
        await resetPassword(db, id, input.password, me(res));
        const u = await getUser(db, id);
        flash(
          req,
          'success',
          `Kata sandi ${u.full_name} telah diatur ulang. Berikan kata sandi sementara itu kepadanya; ia harus menggantinya saat masuk.`,
        );
        res.redirect(303, '/users');
      },
    },
  ]);
}
