// The admin's Cadangan page: the backups with size and time, a backup made now, and a download
// that serves only a backup of the backups folder, named exactly as the backups are named.
import type { Response } from 'express';
import { formatDateTime } from '../../lib/format.ts';
import { isStorageFull, NotFoundError } from '../../web/errors.ts';
import { buildRouter, flash, type Deps } from '../../web/routes.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { backupPath, createBackup, formatSize, listBackups } from './backups.service.ts';

const admins = ['admin'] as const;

const messages = {
  storageFull: 'Cadangan tidak dapat dibuat: penyimpanan server penuh. Kosongkan ruang penyimpanan server '
    + '(mis. pindahkan cadangan lama yang sudah disalin ke tempat lain), lalu coba lagi.',
};

export function backupsRoutes({ db, config }: Deps) {
  const renderList = (res: Response, status = 200, formError: string | null = null) => {
    const backups = listBackups(config.backupsDir).map((b) => ({ ...b, sizeText: formatSize(b.size), when: formatDateTime(b.createdAt) }));
    res.status(status).render('backups/index', { title: 'Cadangan data', backups, keep: config.backupKeep, backupsDir: config.backupsDir, formError });
  };

  return buildRouter([
    {
      method: 'get', path: '/backups', access: admins,
      handler: async (_req, res) => renderList(res),
    },
    {
      method: 'post', path: '/backups', access: admins,
      handler: async (req, res) => {
        let made;
        try {
          made = await createBackup(config.dbFile, config.backupsDir, config.backupKeep);
        } catch (err) {
          req.log.error({ err }, 'backup failed');
          // Said on this page, not in a flash: with a full disk the session cannot keep a flash either.
          if (isStorageFull(err)) return renderList(res, 507, messages.storageFull);
          flash(req, 'error', `Cadangan tidak dapat dibuat: ${err instanceof Error ? err.message : String(err)}`);
          return res.redirect(303, '/backups');
        }
        await recordAudit(db, { userId: res.locals.user!.id, action: 'create', entity: 'backup', entityId: made.name, after: { berkas: made.name, ukuran: made.size, dihapus: made.pruned } });
        const pruned = made.pruned.length ? ` ${made.pruned.length} cadangan terlama dihapus (disimpan ${config.backupKeep} terakhir).` : '';
        flash(req, 'success', `Cadangan ${made.name} (${formatSize(made.size)}) dibuat dan sudah diperiksa utuh.${pruned}`);
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
