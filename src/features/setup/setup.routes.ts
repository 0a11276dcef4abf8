// The one-time setup page that creates the first admin; gone once any user exists.
import { NotFoundError } from '../../web/errors.ts';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, type Deps } from '../../web/routes.ts';
import { setupSchema } from '../users/users.schema.ts';
import { hasAnyUser, setupFirstAdmin } from '../users/users.service.ts';

export function setupRoutes({ db }: Deps) {
  const title = 'Penyiapan Awal';
  return buildRouter([
    {
      method: 'get',
      path: '/setup',
      access: 'public',
      handler: async (_req, res) => {
        if (await hasAnyUser(db)) throw new NotFoundError();
        res.render('setup/index', { title });
      },
    },
    {
      method: 'post',
      path: '/setup',
      access: 'public',
      form: { view: 'setup/index', locals: () => ({ title }) },
      handler: async (req, res) => {
        if (await hasAnyUser(db)) throw new NotFoundError();
        const input = parseForm(setupSchema, req.body);
        await setupFirstAdmin(db, input);
        flash(req, 'success', `Akun admin "${input.username}" telah dibuat. Silakan masuk.`);
        res.redirect(303, '/login');
      },
    },
  ]);
}
