// GET /healthz: 200 when the database answers, 503 otherwise (for monitoring, no login).
import { sql } from 'kysely';
import { buildRouter, type Deps } from '../../web/routes.ts';

export function healthRoutes({ db }: Deps) {
  return buildRouter([
    {
      method: 'get',
      path: '/healthz',
      access: 'public',
      handler: async (_req, res) => {
        try {
          await sql`select 1`.execute(db);
          res.json({ status: 'ok', database: 'ok' });
        } catch {
          res.status(503).json({ status: 'error', database: 'tidak menjawab' });
        }
      },
    },
  ]);
}
