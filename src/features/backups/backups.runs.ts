// A backup as the app makes it (the daily timer, the Cadangan page, `npm run backup`): the copy, its
// outcome recorded, the daily time, and the warning on the admin's home page.
import type { DbOrTrx } from '../../db/connect.ts';
import type { BackupRun, BackupTrigger } from '../../db/database.ts';
import { formatDateTime } from '../../lib/format.ts';
import { nowIso } from '../../lib/time.ts';
import { isStorageFull } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { asInstallation } from '../units/units.service.ts';
import { findBackupTime, insertBackupRun, latestBackupRun, upsertBackupTime } from './backups.queries.ts';
import { createPgBackup } from './backups.pg.ts';
import { createBackup, listBackups, type CreatedBackup } from './backups.service.ts';

export const DEFAULT_BACKUP_TIME = '17:30';
/** The home page warns when the newest backup is older than this. */
export const STALE_AFTER_MS = 2 * 24 * 3_600_000;

export interface BackupPaths {
  dbFile: string;
  backupsDir: string;
  uploadsDir: string;
  backupKeep: number;
  /** Set when the records are on PostgreSQL: the backup is then a pg_dump of that database (backups.pg.ts). */
  databaseUrl?: string | null;
}

export type RunResult = { ok: true; made: CreatedBackup } | { ok: false; error: unknown };

/** The reason as the admin reads it on the home page: what to fix, not a system call. */
function reasonOf(err: unknown, backupsDir: string): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (isStorageFull(err)) return 'penyimpanan server penuh';
  if (['EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOTDIR'].includes(code))
    return `folder cadangan ${backupsDir} tidak dapat ditulis (${code})`;
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/**
 * Makes a backup and records its outcome. A failure is returned, not thrown: the record (and the
 * warning it brings) is the point. When even the record cannot be written (a full disk), the
 * age warning takes over two days later.
 */
export async function runBackup(db: DbOrTrx, paths: BackupPaths, trigger: BackupTrigger, userId: number | null = null): Promise<RunResult> {
  const startedAt = nowIso();
  let result: RunResult;
  try {
    result = {
      ok: true,
      made: paths.databaseUrl
        ? await createPgBackup(paths.databaseUrl, paths.backupsDir, paths.backupKeep)
        : await createBackup(paths.dbFile, paths.backupsDir, paths.backupKeep, paths.uploadsDir),
    };
  } catch (error) {
    result = { ok: false, error };
  }
  try {
    await insertBackupRun(db, {
      started_at: startedAt,
      finished_at: nowIso(),
      trigger,
      ok: result.ok ? 1 : 0,
      file_name: result.ok ? result.made.name : null,
      error: result.ok ? null : reasonOf(result.error, paths.backupsDir),
    });
    if (result.ok) {
      const m = result.made;
      const audit = () =>
        recordAudit(db, {
          userId,
          action: 'create',
          entity: 'backup',
          entityId: m.name,
          after: { berkas: m.name, ukuran: m.size, dihapus: m.pruned, oleh: trigger },
        });
      // Made by an admin: in the admin's unit; by the schedule or the command: the installation's.
      await (userId === null ? asInstallation(db, audit) : audit());
    }
  } catch {
    /* the database cannot take the record (a full disk): said by the age warning */
  }
  return result;
}

export async function backupTime(db: DbOrTrx): Promise<string> {
  return (await findBackupTime(db)) ?? DEFAULT_BACKUP_TIME;
}

export async function setBackupTime(db: DbOrTrx, dailyTime: string, userId: number): Promise<void> {
  const before = await backupTime(db);
  await upsertBackupTime(db, dailyTime, nowIso(), userId);
  await recordAudit(db, {
    userId,
    action: 'update',
    entity: 'backup_schedule',
    entityId: 1,
    before: { jam: before },
    after: { jam: dailyTime },
  });
}

export async function lastBackupRun(db: DbOrTrx): Promise<BackupRun | null> {
  return (await latestBackupRun(db)) ?? null;
}

/** What the admin's home page says about backups, or null when all is well. */
export async function backupWarning(
  db: DbOrTrx,
  paths: Pick<BackupPaths, 'backupsDir' | 'databaseUrl'>,
  now: Date = new Date(),
): Promise<string | null> {
  const backupsDir = paths.backupsDir;
  const last = await lastBackupRun(db);
  if (last && !last.ok) {
    return (
      `Cadangan terakhir (${formatDateTime(last.finished_at)}) gagal: ${last.error ?? 'sebab tidak diketahui'}. ` +
      'Periksa ruang penyimpanan server, lalu buat cadangan sekarang di halaman Cadangan.'
    );
  }
  const newest = listBackups(backupsDir)[0];
  if (!newest) return 'Belum ada cadangan data. Buat cadangan sekarang di halaman Cadangan.';
  if (now.getTime() - new Date(newest.createdAt).getTime() > STALE_AFTER_MS) {
    return (
      `Cadangan terbaru dibuat ${formatDateTime(newest.createdAt)}, lebih dari dua hari yang lalu. ` +
      'Pastikan server menyala pada jam cadangan harian, atau buat cadangan sekarang di halaman Cadangan.'
    );
  }
  return null;
}
