// The one-time setup page that creates the first admin; gone once any user exists.
import { rotateCsrfToken } from '../../web/csrf.ts';
import { NotFoundError } from '../../web/errors.ts';
import { saveSession } from '../../web/session-store.ts';
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
        const userId = await setupFirstAdmin(db, input);
        // The one who just chose the password is logged in, on a new session id as at login.
        await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
        req.session.userId = userId;
        rotateCsrfToken(req);
        flash(req, 'success', `Akun admin "${input.username}" telah dibuat. Anda sudah masuk sebagai admin.`);
        await saveSession(req);
        req.log.info({ userId }, 'setup: first admin logged in');
        res.redirect(303, '/');
      },
    },
  ]);
}
