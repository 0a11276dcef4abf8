// The admin's Cadangan page: the backups with size and time, a backup made now, and a download
// that serves only a backup of the backups folder, named exactly as the backups are named; for a
// UPT's admin on a central installation, the copy of that unit's own records.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import { formatDateTime } from '../../lib/format.ts';
import { ForbiddenError, isStorageFull, NotFoundError } from '../../lib/errors.ts';
import { buildRouter, flash, idParam, installationAdminOnly, type Deps } from '../../web/routes.ts';
import { unitScope, withUnitScope } from '../../db/unit-scope.ts';
import { getUnit } from '../units/units.service.ts';
import { parseForm } from '../../web/forms.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { nextRunAt } from './backups.schedule.ts';
import { backupScheduleSchema, TRIGGER_LABELS } from './backups.schema.ts';
import { backupTime, backupWarning, lastBackupRun, runBackup, setBackupTime } from './backups.runs.ts';
import { backupPath, formatSize, listBackups } from './backups.service.ts';
import { wibStamp } from './backups.files.ts';
import { exportUnit } from './backups.unit-copy.ts';

const admins = ['admin'] as const;

/**
 * The admin of a UPT who is not the installation's: the unit's own copy is theirs to take, the
 * installation's backups (every unit's records) are not.
 */
function unitCopyOffered(res: Response): boolean {
  const u = res.locals.user;
  return !!u && !u.installationAdmin && u.writable && u.roles.includes('admin');
}

function unitAdminOnly(_req: Request, res: Response, next: NextFunction): void {
  next(unitCopyOffered(res) ? undefined : new ForbiddenError('Salinan data unit hanya untuk admin unit ini.'));
}

/** The installation's admin sees its backups; a UPT's admin only the unit's own copy. */
function backupsPageAccess(_req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user?.installationAdmin || unitCopyOffered(res)) return next();
  installationAdminOnly(_req, res, next);
}

const messages = {
  storageFull:
    'Cadangan tidak dapat dibuat: penyimpanan server penuh. Kosongkan ruang penyimpanan server ' +
    '(mis. pindahkan cadangan lama yang sudah disalin ke tempat lain), lalu coba lagi.',
};

export function backupsRoutes({ db, config, files }: Deps) {
  const pageLocals = async () => {
    const time = await backupTime(db);
    const last = await lastBackupRun(db);
    return {
      title: 'Cadangan data',
      backups: listBackups(config.backupsDir).map((b) => ({ ...b, sizeText: formatSize(b.size), when: formatDateTime(b.createdAt) })),
      keep: config.backupKeep,
      backupsDir: config.backupsDir,
      backupTime: time,
      nextRun: formatDateTime(nextRunAt(new Date(), time).toISOString()),
      lastRun: last ? { ...last, when: formatDateTime(last.finished_at), by: TRIGGER_LABELS[last.trigger] } : null,
      warning: await backupWarning(db, config),
    };
  };
  const renderList = async (res: Response, status = 200, formError: string | null = null) => {
    if (!res.locals.user!.installationAdmin) {
      const unit = res.locals.user!.unitName;
      return res.status(status).render('backups/unit', { title: 'Salinan data unit', unitName: unit, formError });
    }
    const locals = await pageLocals();
    res.status(status).render('backups/index', { ...locals, values: { daily_time: locals.backupTime }, formError });
  };

  /** The unit's copy made in a folder of its own under DATA_DIR, sent as a zip, and removed. */
  const sendUnitCopy = async (res: Response, unitId: number) => {
    const dir = path.join(config.dataDir, 'tmp', `unit-copy-${randomBytes(8).toString('hex')}`);
    try {
      const copy = await exportUnit(db, files, unitId, path.join(dir, 'lumbung.db'));
      const name = `lumbung-${copy.code}-${wibStamp()}.zip`;
      // The unit's records, NIKs included: who took a copy is part of the record.
      await recordAudit(db, {
        userId: res.locals.user!.id,
        action: 'download',
        entity: 'backup',
        entityId: name,
        after: { salinan_unit: copy.code, baris: copy.rows, berkas: copy.files },
      });
      const { default: JSZip } = await import('jszip');
      const zip = new JSZip();
      zip.file('lumbung.db', fs.createReadStream(path.join(dir, 'lumbung.db')));
      const uploads = path.join(dir, 'uploads');
      const names = fs.existsSync(uploads) ? (fs.readdirSync(uploads, { recursive: true }) as string[]) : [];
      for (const f of names.sort()) {
        const file = path.join(uploads, f);
        if (fs.statSync(file).isFile()) zip.file(`uploads/${f.split(path.sep).join('/')}`, fs.createReadStream(file));
      }
      res.attachment(name);
      res.type('application/zip');
      await pipeline(zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' }), res);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  return buildRouter([
    {
      method: 'get',
      path: '/backups',
      access: admins,
      before: [backupsPageAccess],
      handler: async (_req, res) => renderList(res),
    },
    {
      method: 'post',
      path: '/backups/unit-copy',
      access: admins,
      before: [unitAdminOnly],
      handler: async (_req, res) => sendUnitCopy(res, res.locals.user!.unitId),
    },
    {
      // The installation's admin takes a UPT's copy from Pengaturan → Unit (a UPT leaving for a
      // box of its own); recorded in that unit's own audit trail.
      method: 'post',
      path: '/units/:id/copy',
      access: admins,
      before: [installationAdminOnly],
      handler: async (req, res) => {
        const unit = await getUnit(db, idParam(req));
        if (unit.kind !== 'upt') throw new NotFoundError('Hanya UPT yang punya catatan untuk disalin.');
        await withUnitScope(unitScope(unit.id), () => sendUnitCopy(res, unit.id));
      },
    },
    {
      method: 'post',
      path: '/backups',
      access: admins,
      before: [installationAdminOnly],
      handler: async (req, res) => {
        const r = await runBackup(db, config, 'halaman', res.locals.user!.id);
        if (!r.ok) {
          req.log.error({ err: r.error }, 'backup failed');
          // Said on this page, not in a flash: with a full disk the session cannot keep a flash either.
          if (isStorageFull(r.error)) return renderList(res, 507, messages.storageFull);
          flash(req, 'error', `Cadangan tidak dapat dibuat: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
          return res.redirect(303, '/backups');
        }
        const made = r.made;
        const pruned = made.pruned.length
          ? ` ${made.pruned.length} cadangan terlama dihapus (disimpan ${config.backupKeep} terakhir).`
          : '';
        flash(req, 'success', `Cadangan ${made.name} (${formatSize(made.size)}) dibuat dan sudah diperiksa utuh.${pruned}`);
        res.redirect(303, '/backups');
      },
    },
    {
      method: 'post',
      path: '/backups/schedule',
      access: admins,
      before: [installationAdminOnly],
      form: { view: 'backups/index', locals: pageLocals },
      handler: async (req, res) => {
        const input = parseForm(backupScheduleSchema, req.body);
        await setBackupTime(db, input.daily_time, res.locals.user!.id);
        flash(req, 'success', `Cadangan harian dibuat otomatis setiap pukul ${input.daily_time.replace(':', '.')} WIB.`);
        res.redirect(303, '/backups');
      },
    },
    {
      method: 'get',
      path: '/backups/:name',
      access: admins,
      before: [installationAdminOnly],
      handler: async (req, res) => {
        const name = String(req.params.name ?? '');
        const file = backupPath(config.backupsDir, name);
        if (!file) throw new NotFoundError('Berkas cadangan tidak ditemukan.');
        // The whole database, NIKs included: who took a copy is part of the record.
        await recordAudit(db, { userId: res.locals.user!.id, action: 'download', entity: 'backup', entityId: name });
        res.attachment(name);
        res.type(name.endsWith('.pgdump') ? 'application/octet-stream' : 'application/vnd.sqlite3');
        await new Promise<void>((resolve, reject) =>
          res.sendFile(name, { root: config.backupsDir, dotfiles: 'deny' }, (err) => {
            if (!err || res.headersSent) resolve();
            else reject('code' in err && err.code === 'ENOENT' ? new NotFoundError('Berkas cadangan tidak ditemukan.') : err);
          }),
        );
      },
    },
  ]);
}
