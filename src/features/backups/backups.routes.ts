// The admin's Cadangan page: the backups with size and time, a backup made now, and a download
// that serves only a backup of the backups folder, named exactly as the backups are named.
import { formatDateTime } from '../../lib/format.ts';
import { NotFoundError } from '../../web/errors.ts';
import { buildRouter, flash, type Deps } from '../../web/routes.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { backupPath, createBackup, formatSize, listBackups } from './backups.service.ts';

const admins = ['admin'] as const;

export function backupsRoutes({ db, config }: Deps) {
  return buildRouter([
    {
      method: 'get', path: '/backups', access: admins,
      handler: async (_req, res) => {
        const backups = listBackups(config.backupsDir).map((b) => ({ ...b, sizeText: formatSize(b.size), when: formatDateTime(b.createdAt) }));
        res.render('backups/index', { title: 'Cadangan data', backups, keep: config.backupKeep, backupsDir: config.backupsDir });
      },
    },
    {
      method: 'post', path: '/backups', access: admins,
      handler: async (req, res) => {
        try {
          const made = await createBackup(config.dbFile, config.backupsDir, config.backupKeep);
          await recordAudit(db, { userId: res.locals.user!.id, action: 'create', entity: 'backup', entityId: made.name, after: { berkas: made.name, ukuran: made.size, dihapus: made.pruned } });
          const pruned = made.pruned.length ? ` ${made.pruned.length} cadangan terlama dihapus (disimpan ${config.backupKeep} terakhir).` : '';
          flash(req, 'success', `Cadangan ${made.name} (${formatSize(made.size)}) dibuat dan sudah diperiksa utuh.${pruned}`);
        } catch (err) {
          req.log.error({ err }, 'backup failed');
          flash(req, 'error', `Cadangan tidak dapat dibuat: ${err instanceof Error ? err.message : String(err)}`);
        }
        res.redirect(303, '/backups');
      },
    },
    {
      method: 'get', path: '/backups/:name', access: admins,
      handler: async (req, res) => {
        const name = String(req.params.name ?? '');
        const file = backupPath(config.backupsDir, name);
        if (!file) throw new NotFoundError('Berkas cadangan tidak ditemukan.');
        // The whole database, NIKs included: who took a copy is part of the record.
        await recordAudit(db, { userId: res.locals.user!.id, action: 'download', entity: 'backup', entityId: name });
        res.set('Cache-Control', 'no-store');
        res.attachment(name);
        res.type('application/vnd.sqlite3');
        await new Promise<void>((resolve, reject) =>
          res.sendFile(name, { root: config.backupsDir, dotfiles: 'deny' }, (err) => {
            if (!err || res.headersSent) resolve();
            else reject('code' in err && err.code === 'ENOENT' ? new NotFoundError('Berkas cadangan tidak ditemukan.') : err);
          }));
      },
    },
  ]);
}
