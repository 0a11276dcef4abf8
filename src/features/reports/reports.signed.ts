// The UPT's side of a report sent up without a network link to the centre (issue 18): the key the
// central installation issued to this unit, the final report as a signed file, and — when the
// centre's address is known and reachable — the push of that file with the unit's token.
import type { Db, DbOrTrx } from '../../db/connect.ts';
import { currentWriteUnit } from '../../db/unit-scope.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { formatMonth } from '../../lib/format.ts';
import { readCredential, signReport, type Credential } from '../../lib/signed-report.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getUnit } from '../units/units.service.ts';
import { findFinal, findReportLink, saveReportLinkRow } from './reports.archive.queries.ts';

export interface ReportLink {
  credential: Credential;
  centralUrl: string | null;
  savedAt: string;
}

export async function reportLinkOf(db: DbOrTrx): Promise<ReportLink | null> {
  const row = await findReportLink(db);
  const credential = row ? readCredential(row.credential) : null;
  return row && credential ? { credential, centralUrl: row.central_url, savedAt: row.saved_at } : null;
}

/** Keeps the key the centre issued to this unit (it must be this unit's) and the centre's address. */
export async function saveReportLink(db: Db, input: { credential: string; central_url: string | null }, userId: number): Promise<void> {
  const credential = readCredential(input.credential);
  if (!credential)
    throw new ValidationError({
      credential: 'Ini bukan kunci pelaporan Lumbung. Tempel seluruh teks yang diberikan admin pusat (diawali "lumbung-kunci:").',
    });
  const unit = await getUnit(db, currentWriteUnit());
  if (credential.unitCode !== unit.code)
    throw new ValidationError({
      credential: `Kunci ini untuk unit ${credential.unitCode}, bukan ${unit.code}. Minta admin pusat kunci untuk ${unit.name}.`,
    });
  await db.transaction().execute(async (trx) => {
    await saveReportLinkRow(trx, {
      credential: input.credential.trim(),
      central_url: input.central_url,
      saved_at: nowIso(),
      saved_by: userId,
    });
    await recordAudit(trx, {
      userId,
      action: 'update',
      entity: 'report_link',
      after: { keyId: credential.keyId, centralUrl: input.central_url },
    });
  });
}

/** The final report of a month as the signed file the centre imports. */
export async function signedFileOf(db: DbOrTrx, month: string): Promise<{ name: string; json: string }> {
  const [final, link] = await Promise.all([findFinal(db, month), reportLinkOf(db)]);
  // No such file yet: not found, with why.
  if (!final) throw new NotFoundError(`Laporan ${formatMonth(month)} belum final: hanya laporan final yang dapat dikirim.`);
  if (!link) throw new NotFoundError('Kunci pelaporan dari pusat belum diisi: Pengaturan → Pelaporan ke pusat.');
  const file = signReport(link.credential, { month, finalisedAt: final.finalised_at, snapshot: final.snapshot_json });
  return { name: `laporan-bertanda-tangan_${link.credential.unitCode}_${month}.json`, json: JSON.stringify(file) };
}

/** Sends the signed file to the centre; what the centre answered, in its words, or why it could not be sent. */
export async function sendToCentre(db: DbOrTrx, month: string): Promise<{ ok: boolean; message: string }> {
  const link = await reportLinkOf(db);
  if (!link?.centralUrl) throw new ValidationError({}, 'Alamat instalasi pusat belum diisi: Pengaturan → Pelaporan ke pusat.');
  if (!(await findFinal(db, month)))
    throw new ValidationError({}, `Laporan ${formatMonth(month)} belum final: hanya laporan final yang dapat dikirim.`);
  const { json } = await signedFileOf(db, month);
  try {
    const res = await fetch(new URL('/api/report-files', link.centralUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${link.credential.token}` },
      body: json,
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await res.json().catch(() => null)) as { message?: string } | null;
    return { ok: res.ok, message: answer?.message ?? `Pusat menjawab ${res.status}.` };
  } catch {
    return {
      ok: false,
      message: `Pusat (${link.centralUrl}) tidak dapat dihubungi. Unduh berkas bertanda tangan dan kirimkan dengan cara lain.`,
    };
  }
}
