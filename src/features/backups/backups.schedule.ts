// The daily backup made by the server itself, at the time set on the Cadangan page (WIB, whatever
// the server's time zone), with a catch-up at start when the server was off at that time.
import type { Logger } from 'pino';
import type { DbOrTrx } from '../../db/connect.ts';
import { wibDate } from '../../lib/time.ts';
import { listBackups } from './backups.files.ts';
import { backupTime, runBackup, type BackupPaths } from './backups.runs.ts';

/** WIB has no daylight saving: a time of day there is always +07:00. */
function slotOn(day: string, time: string): Date {
  return new Date(`${day}T${time}:00+07:00`);
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The next moment (strictly after `now`) the clock in Jakarta shows `time` (HH:MM). */
export function nextRunAt(now: Date, time: string): Date {
  const today = slotOn(wibDate(now), time);
  return today > now ? today : slotOn(shiftDay(wibDate(now), 1), time);
}

/** The latest moment at or before `now` the clock in Jakarta showed `time`. */
export function lastSlotAt(now: Date, time: string): Date {
  const today = slotOn(wibDate(now), time);
  return today <= now ? today : slotOn(shiftDay(wibDate(now), -1), time);
}

/** True when a daily time passed after `since` (no backup since it, or never one): a backup is due. */
export function isDue(since: Date | null, now: Date, time: string): boolean {
  return since === null || lastSlotAt(now, time) > since;
}

/** The timer wakes at least this often, so a new time set on the page is taken without a restart. */
const MAX_SLEEP_MS = 10 * 60_000;

export interface BackupScheduler {
  /** The backup in progress, if any (tests; a clean stop waits for it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the timer. At start, the newest backup decides: if a daily time passed since it was made
 * (the server was off at 17.30, or the last backup failed before a restart), a backup is made
 * `startDelayMs` after start; otherwise the next one is at the next daily time. The timers are
 * unref'd: they never keep the process alive.
 */
export function startBackupScheduler(opts: {
  db: DbOrTrx;
  paths: BackupPaths;
  logger?: Pick<Logger, 'info' | 'error'>;
  now?: () => Date;
  startDelayMs?: number;
}): BackupScheduler {
  const now = opts.now ?? (() => new Date());
  const newest = listBackups(opts.paths.backupsDir)[0];
  let checkedUpTo: Date | null = newest ? new Date(newest.createdAt) : null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const wake = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = tick().catch((err: unknown) => opts.logger?.error({ err }, 'jadwal cadangan gagal'));
      },
      Math.max(0, ms),
    );
    timer.unref();
  };

  const tick = async () => {
    const time = await backupTime(opts.db);
    const at = now();
    if (isDue(checkedUpTo, at, time)) {
      const r = await runBackup(opts.db, opts.paths, 'jadwal');
      if (r.ok) opts.logger?.info(`cadangan harian dibuat: ${r.made.name}`);
      else opts.logger?.error({ err: r.error }, 'cadangan harian gagal');
    }
    // A failure is not retried until the next daily time (or a restart): a full disk would fail again.
    checkedUpTo = at;
    const later = now();
    wake(Math.min(nextRunAt(later, time).getTime() - later.getTime(), MAX_SLEEP_MS));
  };

  wake(opts.startDelayMs ?? 10_000);
  return {
    idle: () => running,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
