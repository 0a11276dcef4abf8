// A month's report, draft or final: finalising freezes its figures and locks the month; an admin
// may reopen it with a reason. Both are in the audit trail.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { currentUnitScope, unitScope, withUnitScope } from '../../db/unit-scope.ts';
import { formatMonth } from '../../lib/format.ts';
import { nowIso, shiftMonth, wibDate } from '../../lib/time.ts';
import { ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { lockedThrough } from '../locks/locks.service.ts';
import type { ReportPerson, ReportSnapshot } from './reports.types.ts';
import { settingsOn, signatoryOn } from '../settings/settings.service.ts';
import {
  activeUsers,
  findFinal,
  firstMovementMonth,
  historyOf,
  insertFinal,
  lastDocSeq,
  markReopened,
  markReviewed,
} from './reports.archive.queries.ts';
import { readSnapshot } from './reports.read.ts';
import { buildSnapshot } from './reports.snapshot.ts';

export function currentMonth(): string {
  return wibDate().slice(0, 7);
}

/** The report of a month: the frozen one when final, else a draft drawn from today's records. */
export async function reportOf(db: DbOrTrx, month: string, userId: number | null): Promise<ReportSnapshot> {
  const final = await findFinal(db, month);
  // A report frozen before the paper was kept printed on the paper set in Pengaturan.
  if (final) return readSnapshot(final.snapshot_json, month, (await settingsOn(db))?.paper_size ?? 'a4');
  const scope = currentUnitScope();
  const readFromAbove = scope.kind === 'every' || (scope.kind === 'units' && scope.write === null);
  return buildSnapshot(db, month, { status: 'draft', generatedAt: nowIso(), generatedById: userId, readFromAbove });
}

export async function finalOf(db: DbOrTrx, month: string) {
  return (await findFinal(db, month)) ?? null;
}

/** "{nomor}/{tahun}" when Pengaturan sets no format. */
export const DEFAULT_NUMBER_FORMAT = '{nomor}/{tahun}';

/** The document number from its format: W13.PAS.PAS.12-PK.01.01-{nomor}/{tahun} → …-7/2026. */
export function documentNumber(format: string | null, seq: number, year: number): string {
  return (format || DEFAULT_NUMBER_FORMAT).replaceAll('{nomor}', String(seq)).replaceAll('{tahun}', String(year));
}

/**
 * Who may be named as the report's maker when finalising: the programme officer in office (from
 * Pengaturan → Penanda tangan) and the active users.
 */
export async function makerChoices(db: DbOrTrx) {
  const [officer, users] = await Promise.all([signatoryOn(db, 'pengelola_program', wibDate()), activeUsers(db)]);
  return { officer, users };
}

/** The maker asked for: 'program' = the programme officer, 'u12' (or 12) = a user, or '' = the officer if set, else the one finalising. */
async function chosenMaker(db: DbOrTrx, choice: string, userId: number): Promise<ReportPerson> {
  const { officer, users } = await makerChoices(db);
  const asUser = (id: number) => {
    const u = users.find((x) => x.id === id);
    return u ? { name: u.full_name, nip: u.nip, title: u.position } : null;
  };
  const fromOfficer = officer ? { name: officer.name, nip: officer.nip, title: officer.title } : null;
  const maker =
    choice === 'program'
      ? fromOfficer
      : choice === ''
        ? (fromOfficer ?? asUser(userId))
        : /^u?\d{1,9}$/.test(choice)
          ? asUser(Number(choice.replace('u', '')))
          : null;
  if (!maker) throw new ValidationError({ maker: 'Pilih yang membuat laporan dari daftar.' });
  return maker;
}

/**
 * Freezes a finished month's report and locks the month; gives it the next document number of the
 * year. `past`: when it was finalised, for the demo seeds' past months (else now).
 */
export async function finaliseMonth(db: Db, month: string, userId: number, makerChoice = '', past?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Now, inside the transaction (once the writer holds the lock): a record saved before the
    // lock was taken is before the finalisation, one refused after it is after.
    const at = past ?? nowIso();
    if (month >= currentMonth()) {
      throw new ValidationError(
        {},
        `Bulan ${formatMonth(month)} belum selesai; laporan dapat difinalkan mulai tanggal 1 bulan berikutnya.`,
      );
    }
    if (await findFinal(trx, month)) throw new ValidationError({}, `Laporan bulan ${formatMonth(month)} sudah final.`);
    const maker = await chosenMaker(trx, makerChoice, userId);
    const today = wibDate(new Date(at));
    const year = Number(today.slice(0, 4));
    const seq = (await lastDocSeq(trx, year)) + 1;
    const number = documentNumber((await settingsOn(trx, today))?.report_number_format ?? null, seq, year);
    const snapshot = await buildSnapshot(trx, month, { status: 'final', generatedAt: at, generatedById: userId, maker, number });
    const id = await insertFinal(trx, {
      month,
      status: 'final',
      snapshot_json: JSON.stringify(snapshot),
      finalised_at: snapshot.generatedAt,
      finalised_by: userId,
      reopened_at: null,
      reopened_by: null,
      reopen_reason: null,
      doc_year: year,
      doc_seq: seq,
    });
    await recordAudit(trx, {
      userId,
      action: 'finalise',
      entity: 'monthly_report',
      entityId: id,
      after: { month, number, maker: maker.name, summary: snapshot.summary },
    });
  });
}

/** Unlocks a final month (admin, with a reason); the frozen figures stay in the record as reopened. */
export async function reopenMonth(db: Db, month: string, reason: string, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const final = await findFinal(trx, month);
    if (!final) throw new ValidationError({}, `Laporan bulan ${formatMonth(month)} belum final, jadi tidak perlu dibuka kembali.`);
    // A later final month opened on this one's closing stock: it must be reopened first.
    const latest = await lockedThrough(trx);
    if (latest && latest > month) {
      throw new ValidationError(
        {},
        `Laporan bulan ${formatMonth(latest)} juga sudah final dan stok awalnya bergantung pada bulan ini. Buka kembali laporan bulan ${formatMonth(latest)} lebih dahulu.`,
      );
    }
    if (final.review === 'accepted')
      throw new ValidationError(
        {},
        `Laporan bulan ${formatMonth(month)} sudah diterima Kanwil. Hanya Kanwil yang dapat membukanya: minta Kanwil mengembalikannya dengan alasan.`,
      );
    await markReopened(trx, final.id, userId, nowIso(), reason);
    await recordAudit(trx, {
      userId,
      action: 'reopen',
      entity: 'monthly_report',
      entityId: final.id,
      before: { month, status: 'final' },
      after: { month, status: 'reopened' },
      reason,
    });
  });
}

/**
 * The Kanwil's review of a UPT's final month (issue 18), by a pimpinan reading the unit from above:
 * accepted (the month stays locked; the UPT can no longer reopen it), or returned with a reason (the
 * UPT may reopen, correct and finalise again). An accepted month is reopened only by returning it.
 * Written in the UPT's own records and audit trail.
 */
export async function reviewMonth(
  db: Db,
  unitId: number,
  month: string,
  reviewerId: number,
  decision: 'accepted' | 'returned',
  reason: string | null,
): Promise<void> {
  await withUnitScope(unitScope(unitId), () =>
    db.transaction().execute(async (trx) => {
      const final = await findFinal(trx, month);
      if (!final)
        throw new ValidationError({}, `Laporan bulan ${formatMonth(month)} belum final: belum ada yang dapat diterima atau dikembalikan.`);
      if (final.review === decision)
        throw new ValidationError(
          {},
          `Laporan bulan ${formatMonth(month)} sudah ${decision === 'accepted' ? 'diterima' : 'dikembalikan'}.`,
        );
      await markReviewed(trx, final.id, { review: decision, reviewed_by: reviewerId, reviewed_at: nowIso(), review_reason: reason });
      await recordAudit(trx, {
        userId: reviewerId,
        action: decision === 'accepted' ? 'accept' : 'return',
        entity: 'monthly_report',
        entityId: final.id,
        before: { month, review: final.review },
        after: { month, review: decision },
        reason: reason ?? undefined,
      });
    }),
  );
}

export type ImportResult = 'imported' | 'replaced' | 'duplicate';

/**
 * A final report brought in as a signed file from the UPT's own installation (issue 18), kept as the
 * UPT's final record of the month, its snapshot byte for byte. The same file again changes nothing;
 * another file replaces only a report the Kanwil returned (a final one must be returned first).
 */
export async function importFinal(
  db: Db,
  unitId: number,
  file: { month: string; snapshotJson: string; finalisedAt: string; contentHash: string; number: string | null },
  by: { userId: number; via: 'upload' | 'push' },
): Promise<ImportResult> {
  return withUnitScope(unitScope(unitId), () =>
    db.transaction().execute(async (trx) => {
      const final = await findFinal(trx, file.month);
      if (final?.content_hash === file.contentHash) {
        if (final.review === 'returned')
          throw new ValidationError({
            file: 'Berkas ini sama dengan laporan yang dikembalikan Kanwil: UPT perlu mengoreksi, memfinalkan lagi, lalu mengirim berkas barunya.',
          });
        return 'duplicate';
      }
      if (final && final.review !== 'returned')
        throw new ValidationError({
          file: `UPT ini sudah memiliki laporan final ${formatMonth(file.month)}${final.review === 'accepted' ? ' yang sudah diterima' : ''}. Kembalikan laporan itu lebih dahulu bila berkas ini menggantikannya.`,
        });
      const now = nowIso();
      if (final) await markReopened(trx, final.id, by.userId, now, 'Diganti berkas baru dari UPT setelah dikembalikan Kanwil');
      const id = await insertFinal(trx, {
        month: file.month,
        status: 'final',
        snapshot_json: file.snapshotJson,
        finalised_at: file.finalisedAt,
        finalised_by: by.userId,
        reopened_at: null,
        reopened_by: null,
        reopen_reason: null,
        doc_year: null,
        doc_seq: null,
        source: 'import',
        content_hash: file.contentHash,
      });
      await recordAudit(trx, {
        userId: by.userId,
        action: 'import',
        entity: 'monthly_report',
        entityId: id,
        after: {
          month: file.month,
          number: file.number,
          via: by.via === 'push' ? 'dikirim dari instalasi UPT' : 'diunggah',
          hash: file.contentHash,
        },
      });
      return final ? 'replaced' : 'imported';
    }),
  );
}

/** The months a report can be drawn for (first month with records up to this one, newest first) with their state. */
export async function reportMonths(db: DbOrTrx) {
  const now = currentMonth();
  const first = (await firstMovementMonth(db)) ?? now;
  const months: string[] = [];
  for (let m = now; m >= first && months.length < 120; m = shiftMonth(m, -1)) months.push(m);
  const history = await historyOf(db, months.at(-1) ?? now, now);
  return months.map((month) => ({
    month,
    running: month === now,
    final: history.find((h) => h.month === month && h.status === 'final') ?? null,
    reopened: history.filter((h) => h.month === month && h.status === 'reopened'),
  }));
}
