// The dashboard (Dasbor): one page, for every role, with what that role needs to see.
import { buildRouter, type Deps } from '../../web/routes.ts';
import { dashboardCards } from './dashboard.cards.ts';
import { dashboard } from './dashboard.service.ts';

export function dashboardRoutes({ db }: Deps) {
  return buildRouter([
    {
      method: 'get',
      path: '/dashboard',
      access: 'user',
      handler: async (_req, res) => {
        const d = await dashboard(db, res.locals.user?.roles ?? []);
        res.render('dashboard/index', { title: 'Dasbor', d, cards: dashboardCards(d) });
      },
    },
  ]);
}
