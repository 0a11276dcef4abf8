// All Kysely for the backup schedule and the record of backup runs.
import type { DbOrTrx } from '../../db/connect.ts';
import type { BackupRun, BackupRunsTable } from '../../db/database.ts';
import type { Insertable } from 'kysely';

export async function findBackupTime(db: DbOrTrx): Promise<string | undefined> {
  const row = await db.selectFrom('backup_schedule').select('daily_time').where('id', '=', 1).executeTakeFirst();
  return row?.daily_time;
}

export async function upsertBackupTime(db: DbOrTrx, dailyTime: string, updatedAt: string, updatedBy: number): Promise<void> {
  await db
    .insertInto('backup_schedule')
    .values({ id: 1, daily_time: dailyTime, updated_at: updatedAt, updated_by: updatedBy })
    .onConflict((oc) => oc.column('id').doUpdateSet({ daily_time: dailyTime, updated_at: updatedAt, updated_by: updatedBy }))
    .execute();
}

export async function insertBackupRun(db: DbOrTrx, row: Insertable<BackupRunsTable>): Promise<void> {
  await db.insertInto('backup_runs').values(row).execute();
}

export async function latestBackupRun(db: DbOrTrx): Promise<BackupRun | undefined> {
  return db.selectFrom('backup_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}
