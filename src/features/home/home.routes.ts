// The home page: what this user can do, by role.
import { buildRouter, type Deps } from '../../web/routes.ts';
import { OUTFLOW_WORDS } from '../../lib/movement-kinds.ts';
import { settingsOn, signatoryOn } from '../settings/settings.service.ts';
import { wibDate } from '../../lib/time.ts';
import { backupWarning } from '../backups/backups.runs.ts';
import { commoditiesByUse } from '../harvests/harvests.service.ts';
import { countOpenRefusals } from '../sync/sync.service.ts';

export function homeRoutes({ db, config }: Deps) {
  return buildRouter([
    {
      method: 'get',
      path: '/',
      access: 'user',
      handler: async (_req, res) => {
        const today = wibDate();
        const user = res.locals.user!;
        const isAdmin = user.roles.includes('admin');
        res.render('home/index', {
          title: 'Beranda',
          outflowWords: OUTFLOW_WORDS,
          today,
          settings: await settingsOn(db, today),
          head: await signatoryOn(db, 'kepala_rutan', today),
          // Only the installation's admin can act on it (make one on the Cadangan page, free the disk).
          backupWarning: isAdmin && res.locals.user!.installationAdmin ? await backupWarning(db, config) : null,
          // Entries from a tablet refused because their month is final: the admin decides.
          refusedEntries: isAdmin ? await countOpenRefusals(db) : 0,
          // A petugas starts a harvest from its commodity: one tap fewer than through the empty form.
          harvestCommodities: user.roles.includes('petugas') ? await commoditiesByUse(db, user.id) : [],
        });
      },
    },
  ]);
}
