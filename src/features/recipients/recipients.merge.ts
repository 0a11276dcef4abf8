// Two records of one person made one (admin only): the history moves to the record kept, the
// other stays, deactivated and pointing at it, and the trail says who, when, which into which, why.
import { installationWide } from '../../db/unit-scope.ts';
import type { Db, DbOrTrx } from '../../db/connect.ts';
import type { Actor } from '../../lib/actor.ts';
import { nowIso } from '../../lib/time.ts';
import { ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  createNikUniqueIndex,
  duplicateNikExists,
  findByName,
  findLookAlikes,
  findSameNik,
  moveHandovers,
  updateRecipientRow,
} from './recipients.queries.ts';
import type { RecipientMergeInput } from './recipients.schema.ts';
import { auditView, getRecipient, type RecipientView } from './recipients.service.ts';

/** Who this record may be merged with: its look-alikes and same-NIK records, and, when a name is typed, records by that name. */
export async function mergeCandidates(db: DbOrTrx, r: RecipientView, q: string): Promise<RecipientView[]> {
  const found = [
    ...(r.nik ? await findSameNik(db, r.nik, r.id) : []),
    ...(await findLookAlikes(db, { name: r.name, address: r.address, village: r.village, kk_number: r.kk_number }, r.id)),
    ...(q ? await findByName(db, q, r.id) : []),
  ];
  return [...new Map(found.map((f) => [f.id, f])).values()];
}

/** The two records of a merge, checked: distinct, not merged already, and not two different NIKs. */
export async function mergePair(db: DbOrTrx, id: number, otherId: number) {
  const a = await getRecipient(db, id);
  // The other comes from the form: one that does not exist is a message on the form, not a 404 page.
  const b = await getRecipient(db, otherId).catch(() => {
    throw new ValidationError(
      { other_id: 'Data penerima yang dipilih tidak ditemukan. Pilih lagi dari daftar.' },
      'Data penerima yang dipilih tidak ditemukan. Pilih lagi dari daftar.',
    );
  });
  if (a.id === b.id) throw new ValidationError({ other_id: 'Pilih data lain: satu data tidak dapat digabungkan dengan dirinya sendiri.' });
  for (const r of [a, b]) {
    if (r.merged_into_id) throw new ValidationError({ other_id: `${r.name} sudah digabungkan ke data lain sebelumnya.` });
  }
  if (a.nik && b.nik && a.nik !== b.nik) {
    throw new ValidationError({
      other_id: 'NIK kedua data berbeda. Bila memang orang yang sama, perbaiki dahulu NIK yang salah pada datanya, lalu gabungkan.',
    });
  }
  return [a, b] as const;
}

/**
 * Merges: the handovers move to the record kept; it takes the NIK and No. KK the other had when it
 * had none; the other is deactivated, cleared of NIK and KK (one NIK, one person) and marked merged.
 * When no NIK is left on two records, the database's unique index on the NIK is made.
 */
export async function mergeRecipients(db: Db, id: number, input: RecipientMergeInput, actor: Actor): Promise<number> {
  const keptId = await db.transaction().execute(async (trx) => {
    const [a, b] = await mergePair(trx, id, input.other_id);
    if (input.keep_id !== a.id && input.keep_id !== b.id)
      throw new ValidationError({ keep_id: 'Pilih salah satu dari kedua data untuk dipertahankan.' });
    const [kept, gone] = input.keep_id === a.id ? [a, b] : [b, a];
    const now = nowIso();
    const receipts = await moveHandovers(trx, gone.id, kept.id);
    await updateRecipientRow(trx, gone.id, { active: 0, merged_into_id: kept.id, nik: null, kk_number: null, updated_at: now });
    const nik = kept.nik ?? gone.nik;
    const kkNumber = kept.kk_number ?? gone.kk_number;
    await updateRecipientRow(trx, kept.id, { nik, kk_number: kkNumber, updated_at: now });
    const brief = (r: RecipientView) =>
      auditView({ id: r.id, name: r.name, nik: r.nik, kk_number: r.kk_number, active: r.active, village: r.village });
    await recordAudit(trx, {
      userId: actor.id,
      action: 'merge',
      entity: 'recipient',
      entityId: gone.id,
      reason: input.reason,
      before: { merged: brief(gone), kept: brief(kept) },
      after: {
        merged_into_id: kept.id,
        active: 0,
        kept: auditView({ id: kept.id, name: kept.name, nik, kk_number: kkNumber }),
        moved_receipts: receipts,
      },
    });
    return kept.id;
  });
  // The index covers every unit, and is the schema's (its owner makes it, not the app's role).
  await installationWide(async () => {
    if (!(await duplicateNikExists(db))) await createNikUniqueIndex(db);
  });
  return keptId;
}
