// The unit page: a user who may open several units (roles on two UPT, or a Kanwil reading the UPT
// under it) chooses the one to work in. A single-unit user never sees it.
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.ts';
import { parseForm } from '../../web/forms.ts';
import { buildRouter, flash, type Deps } from '../../web/routes.ts';
import { saveSession } from '../../web/session-store.ts';
import { viewableUnits } from './units.service.ts';

const chooseSchema = z.object({
  unit_id: z.coerce.number({ error: 'Pilih unit.' }).int('Pilih unit.').positive('Pilih unit.'),
});

export function unitsRoutes({ db }: Deps) {
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
        const { unit_id } = parseForm(chooseSchema, req.body);
        const unit = (await viewableUnits(db, res.locals.user!.id)).get(unit_id);
        if (!unit) throw new ValidationError({}, 'Unit itu tidak dapat Anda buka.');
        req.session.unitId = unit_id;
        flash(req, 'success', `Sekarang Anda di ${unit.name}${unit.writable ? '' : ' (hanya membaca)'}.`);
        await saveSession(req);
        res.redirect(303, '/');
      },
    },
  ]);
}
