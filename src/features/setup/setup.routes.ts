// The one-time setup page that creates the installation's unit and its first admin, and asks for the public address the
// receipts' QR codes open; gone once any user exists.
import type { Request } from 'express';
import { z } from 'zod';
import { rotateCsrfToken } from '../../web/csrf.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { saveSession } from '../../web/session-store.ts';
import { parseForm } from '../../web/forms.ts';
import { unitScope, withUnitScope } from '../../db/unit-scope.ts';
import { buildRouter, flash, type Deps } from '../../web/routes.ts';
import { publicUrlField, savePublicUrl } from '../settings/public-address.ts';
import { firstUnitSchema } from '../units/units.schema.ts';
import { setupSchema } from '../users/users.schema.ts';
import { hasAnyUser, setupFirstAdmin } from '../users/users.service.ts';

const addressSchema = z.object({ public_url: publicUrlField(false) });

/** Both parts of the form checked at once, so every message shows beside its field together. */
function parseSetup(req: Request) {
  const fieldErrors: Record<string, string> = {};
  const attempt = <T>(parse: () => T): T | null => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      Object.assign(fieldErrors, err.fieldErrors);
      return null;
    }
  };
  const unit = attempt(() => parseForm(firstUnitSchema, req.body));
  const input = attempt(() => parseForm(setupSchema, req.body));
  const address = attempt(() => parseForm(addressSchema, req.body));
  if (!unit || !input || !address) throw new ValidationError(fieldErrors);
  return { unit, input, publicUrl: address.public_url };
}

export function setupRoutes({ db, config }: Deps) {
  const title = 'Penyiapan Awal';
  const locals = () => ({ title, publicUrlFromEnv: config.publicUrl });
  return buildRouter([
    {
      method: 'get',
      path: '/setup',
      access: 'public',
      handler: async (_req, res) => {
        if (await hasAnyUser(db)) throw new NotFoundError();
        res.render('setup/index', locals());
      },
    },
    {
      method: 'post',
      path: '/setup',
      access: 'public',
      form: { view: 'setup/index', locals },
      handler: async (req, res) => {
        if (await hasAnyUser(db)) throw new NotFoundError();
        const { unit, input, publicUrl } = parseSetup(req);
        const { userId, unitId } = await setupFirstAdmin(db, input, unit);
        // Its audit line belongs to the unit just made.
        if (publicUrl) await withUnitScope(unitScope(unitId), () => savePublicUrl(db, publicUrl, userId));
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
