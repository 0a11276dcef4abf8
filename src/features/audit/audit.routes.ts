// Browsing the audit trail (admin, pimpinan).
import { z } from 'zod';
import { isIsoDate } from '../../lib/time.ts';
import { buildRouter, type Deps } from '../../web/routes.ts';
import { listUsers } from '../users/users.service.ts';
import { browseAudit } from './audit.service.ts';

/** Query-string filters: a bad value is dropped with a message, never an error page. */
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const filterSchema = z.object({
  entity: z.preprocess(one, z.string().max(40).regex(/^[a-z_]*$/).catch('')),
  user: z.preprocess(one, z.string().regex(/^\d{0,9}$/).catch('')),
  from: z.preprocess(one, z.string().refine((s) => s === '' || isIsoDate(s)).catch('')),
  to: z.preprocess(one, z.string().refine((s) => s === '' || isIsoDate(s)).catch('')),
  page: z.preprocess(one, z.coerce.number().int().min(1).max(1_000_000).catch(1)),
});

export const ENTITY_LABELS: Record<string, string> = {
  user: 'Pengguna',
  settings: 'Pengaturan',
  signatory: 'Penanda tangan',
};

export const ACTION_LABELS: Record<string, string> = {
  setup: 'Penyiapan awal',
  create: 'Tambah',
  update: 'Ubah',
  activate: 'Aktifkan',
  deactivate: 'Nonaktifkan',
  reset_password: 'Atur ulang kata sandi',
  change_password: 'Ganti kata sandi',
  close_period: 'Tutup masa jabatan',
};

export function auditRoutes({ db }: Deps) {
  return buildRouter([
    {
      method: 'get',
      path: '/audit',
      access: ['admin', 'pimpinan'],
      handler: async (req, res) => {
        const q = filterSchema.parse(req.query ?? {});
        const result = await browseAudit(db, {
          entity: q.entity || null,
          userId: q.user ? Number(q.user) : null,
          from: q.from || null,
          to: q.to || null,
          page: q.page,
        });
        res.render('audit/index', {
          title: 'Jejak Audit',
          ...result,
          filter: q,
          users: await listUsers(db),
          entityLabels: ENTITY_LABELS,
          actionLabels: ACTION_LABELS,
        });
      },
    },
  ]);
}
