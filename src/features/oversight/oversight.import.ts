// A UPT with no link to the centre (its own SQLite box) reports by a signed file: the installation
// admin issues it a key (to sign) and a token (to push); the centre checks each file it receives —
// uploaded by a Kanwil head, or pushed by the UPT's box — and keeps it as the UPT's final report.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { installationWide, unitScope, withUnitScope } from '../../db/unit-scope.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { formatDateTime, formatMonth } from '../../lib/format.ts';
import { credentialText, newKey, sha256, signatureHolds, signedReportSchema, type SignedReport } from '../../lib/signed-report.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { importFinal, type ImportResult } from '../reports/reports.archive.ts';
import { BrokenSnapshotError, readSnapshot } from '../reports/reports.read.ts';
import { allUnitsFlat } from '../units/units.service.ts';
import { findKey, findKeyByToken, insertKey, keysOfUnit, revokeKeysOf } from './oversight.queries.ts';
import type { Area } from './oversight.service.ts';

async function uptOf(db: DbOrTrx, unitId: number) {
  const unit = (await allUnitsFlat(db)).find((u) => u.id === unitId);
  if (!unit || unit.kind !== 'upt') throw new NotFoundError('UPT tidak ditemukan.');
  return unit;
}

export async function reportKeysOf(db: DbOrTrx, unitId: number) {
  const unit = await uptOf(db, unitId);
  return { unit, keys: await installationWide(() => keysOfUnit(db, unitId)) };
}

/**
 * A new key for a UPT (the installation admin): the keys before it are revoked, so a lost or leaked
 * one stops working. Returns the credential, shown once: only the token's hash is kept.
 */
export async function issueReportKey(db: Db, unitId: number, actorId: number): Promise<string> {
  const unit = await uptOf(db, unitId);
  const key = newKey(unit.code);
  await withUnitScope(unitScope(unitId), () =>
    db.transaction().execute(async (trx) => {
      const now = nowIso();
      const revoked = await revokeKeysOf(trx, unitId, now);
      const id = await insertKey(trx, {
        for_unit_id: unitId,
        key_id: key.keyId,
        secret: key.secret,
        token_hash: sha256(key.token),
        issued_at: now,
        issued_by: actorId,
      });
      await recordAudit(trx, {
        userId: actorId,
        action: 'issue_key',
        entity: 'report_key',
        entityId: id,
        after: { keyId: key.keyId, revoked },
      });
    }),
  );
  return credentialText(key);
}

export async function revokeReportKeys(db: Db, unitId: number, actorId: number): Promise<number> {
  await uptOf(db, unitId);
  return withUnitScope(unitScope(unitId), () =>
    db.transaction().execute(async (trx) => {
      const n = await revokeKeysOf(trx, unitId, nowIso());
      if (n)
        await recordAudit(trx, { userId: actorId, action: 'revoke_key', entity: 'report_key', entityId: unitId, after: { revoked: n } });
      return n;
    }),
  );
}

/** The unit a push token belongs to (null: no such token in force). */
export async function unitOfToken(db: DbOrTrx, token: string): Promise<{ unitId: number; issuedBy: number } | null> {
  if (!/^[A-Za-z0-9_-]{24,60}$/.test(token)) return null;
  const key = await findKeyByToken(db, sha256(token));
  return key ? { unitId: key.for_unit_id, issuedBy: key.issued_by } : null;
}

const refuse = (message: string) => new ValidationError({ file: message });

/** A file as it came (the upload's bytes or the push's body), checked up to its signature and content. */
async function verifiedFile(db: DbOrTrx, raw: unknown) {
  let data = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      data = JSON.parse(raw.toString());
    } catch {
      throw refuse('Berkas ini bukan laporan Lumbung bertanda tangan (isinya tidak terbaca).');
    }
  }
  const parsed = signedReportSchema.safeParse(data);
  if (!parsed.success) throw refuse('Berkas ini bukan laporan bulanan Lumbung bertanda tangan, atau tidak lengkap.');
  const file: SignedReport = parsed.data;
  const key = await findKey(db, file.keyId);
  if (!key) throw refuse('Kunci yang menandatangani berkas ini tidak dikenal di instalasi ini.');
  const unit = (await allUnitsFlat(db)).find((u) => u.id === key.for_unit_id);
  if (!unit) throw refuse('Kunci yang menandatangani berkas ini tidak dikenal di instalasi ini.');
  if (unit.code !== file.unitCode)
    throw refuse(`Berkas ini mengaku dari ${file.unitCode}, tetapi ditandatangani dengan kunci ${unit.code}: ditolak.`);
  if (key.revoked_at) throw refuse(`Kunci berkas ini sudah dicabut (${formatDateTime(key.revoked_at)}). Minta UPT memakai kunci barunya.`);
  if (!signatureHolds(file, key.secret))
    throw refuse('Tanda tangan berkas tidak cocok: isinya telah diubah, atau bukan ditandatangani dengan kunci UPT ini.');
  if (sha256(file.snapshot) !== file.contentHash) throw refuse('Isi berkas tidak sesuai dengan sidiknya (hash): berkas telah diubah.');
  let snapshot;
  try {
    snapshot = readSnapshot(file.snapshot, file.month);
  } catch (err) {
    if (err instanceof BrokenSnapshotError) throw refuse('Isi laporan dalam berkas tidak dapat dibaca.');
    throw err;
  }
  if (snapshot.status !== 'final' || snapshot.month !== file.month) throw refuse('Berkas ini bukan laporan final bulan yang disebutnya.');
  return { file, unit, number: snapshot.number ?? null };
}

export interface Imported {
  result: ImportResult;
  unitName: string;
  unitId: number;
  month: string;
}

/**
 * Imports a signed file: uploaded by a Kanwil or national head (the UPT must be in the area), or
 * pushed with a UPT's token (the file must be that UPT's). Refused with the reason otherwise.
 */
export async function importSignedFile(
  db: Db,
  raw: unknown,
  by: { kind: 'upload'; userId: number; area: Area } | { kind: 'push'; unitId: number; issuedBy: number },
): Promise<Imported> {
  const { file, unit, number } = await verifiedFile(db, raw);
  if (by.kind === 'upload' && !by.area.upts.some((u) => u.id === unit.id))
    throw new ForbiddenError(`${unit.name} bukan UPT di wilayah ${by.area.name}.`);
  if (by.kind === 'push' && by.unitId !== unit.id) throw refuse('Berkas ini bukan laporan unit pengirimnya.');
  const result = await importFinal(
    db,
    unit.id,
    { month: file.month, snapshotJson: file.snapshot, finalisedAt: file.finalisedAt, contentHash: file.contentHash, number },
    by.kind === 'upload' ? { userId: by.userId, via: 'upload' } : { userId: by.issuedBy, via: 'push' },
  );
  return { result, unitName: unit.name, unitId: unit.id, month: file.month };
}

/** What a head is told after an import. */
export function importMessage(i: Imported): string {
  const what = `Laporan ${formatMonth(i.month)} ${i.unitName}`;
  return i.result === 'duplicate'
    ? `${what} sudah diimpor sebelumnya dengan isi yang sama: tidak ada yang berubah.`
    : i.result === 'replaced'
      ? `${what} diimpor dan menggantikan laporan yang dikembalikan.`
      : `${what} diimpor dari instalasi UPT sendiri.`;
}
