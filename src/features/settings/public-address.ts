// The public address of Lumbung: the origin the receipts' QR codes open for verification. Set by the
// admin in Pengaturan (or at the first-run setup); the environment variable PUBLIC_URL still wins.
// A loopback address (localhost, 127.x, ::1) is never accepted and never printed into a QR: on the
// phone that scans it, it would open the phone itself, and the verification promise would fail.
import { z } from 'zod';
import type { DbOrTrx } from '../../db/connect.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';

export const messages = {
  invalid: 'Isi alamat lengkap yang diawali http:// atau https://, mis. http://192.168.1.10:3000.',
  loopback: 'Isi alamat yang dapat dibuka dari ponsel di jaringan kantor, mis. http://192.168.1.10:3000 — bukan localhost atau 127.0.0.1.',
  /** On the receipt page and the print result while none is set. */
  notSet: 'Alamat publik Lumbung belum diatur di Pengaturan: kode QR pada tanda terima tidak dapat dipakai untuk memeriksa keaslian.',
  noQr: 'Tanda terima dicetak tanpa kode QR. Minta admin mengisi alamat publik di Pengaturan, lalu cetak ulang bila perlu.',
  usesDevice: (url: string) => `Kode QR memakai alamat perangkat ini (${url}); minta admin menetapkannya di Pengaturan agar tidak berubah.`,
};

/** localhost, *.localhost, 127.0.0.0/8, 0.0.0.0 and ::1. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::'
  );
}

/** The address as stored: origin and path, no trailing slash, no query. */
function normalise(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** A public address from a form: required when `required`, else '' = none. */
export function publicUrlField(required: boolean) {
  return z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(200, messages.invalid))
    .superRefine((s, ctx) => {
      if (s === '') {
        if (required) ctx.addIssue({ code: 'custom', message: messages.invalid });
        return;
      }
      let ok = false;
      try {
        const u = new URL(s);
        ok = (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname) && !u.username && !u.password && !/[\s<>"]/.test(s);
      } catch {
        ok = false;
      }
      if (!ok) ctx.addIssue({ code: 'custom', message: messages.invalid });
      else if (isLoopback(s)) ctx.addIssue({ code: 'custom', message: messages.loopback });
    })
    .transform((s) => (s === '' ? null : normalise(s)));
}

export const publicAddressSchema = z.object({ public_url: publicUrlField(true) });

export async function storedPublicUrl(db: DbOrTrx): Promise<string | null> {
  const row = await db.selectFrom('public_address').select('public_url').where('id', '=', 1).executeTakeFirst();
  return row?.public_url ?? null;
}

export async function savePublicUrl(db: DbOrTrx, url: string, actorId: number | null): Promise<void> {
  const before = await storedPublicUrl(db);
  const row = { id: 1, public_url: url, updated_at: nowIso(), updated_by: actorId };
  await db
    .insertInto('public_address')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ public_url: url, updated_at: row.updated_at, updated_by: actorId }))
    .execute();
  await recordAudit(db, {
    userId: actorId,
    action: 'update',
    entity: 'public_address',
    entityId: 1,
    before: { public_url: before },
    after: { public_url: url },
  });
}

export interface PublicBase {
  /** The origin for QR codes, or null: print without a QR code. */
  url: string | null;
  /** Set on purpose (PUBLIC_URL or Pengaturan): no warning. */
  fromSetting: boolean;
}

/**
 * The verification links' origin: PUBLIC_URL, else the address set in Pengaturan, else the address
 * this device used to reach the server (with a warning) unless that is a loopback address, in which
 * case none: a QR code that cannot be opened promises a check that fails.
 */
export async function publicBaseUrl(db: DbOrTrx, config: { publicUrl: string | null }, requestOrigin: string): Promise<PublicBase> {
  if (config.publicUrl && !isLoopback(config.publicUrl)) return { url: normalise(config.publicUrl), fromSetting: true };
  const stored = await storedPublicUrl(db);
  if (stored && !isLoopback(stored)) return { url: stored, fromSetting: true };
  return { url: isLoopback(requestOrigin) ? null : requestOrigin, fromSetting: false };
}

/** The warning for a receipt page or a print result, or null when the address is set. */
export function publicBaseWarning(base: PublicBase): string | null {
  if (base.fromSetting) return null;
  return base.url ? `${messages.notSet} ${messages.usesDevice(base.url)}` : `${messages.notSet} ${messages.noQr}`;
}
