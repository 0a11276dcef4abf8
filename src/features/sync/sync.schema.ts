// What a tablet's queue sends besides the form's own fields: the entry's id and when it was entered.
import { z } from 'zod';
import { formatDateTime } from '../../lib/format.ts';
import { ValidationError } from '../../lib/errors.ts';

/** An entry older than this on the tablet is not taken as it is: the officer looks at it again. */
export const ENTRY_MAX_AGE_DAYS = 30;
/** A tablet's clock may be this much ahead of the server's before its entries are refused. */
const CLOCK_SLACK_MS = 5 * 60_000;

export const entryIdSchema = z.object({
  entry_id: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z.string().regex(/^[0-9a-f]{32}$/, 'Kode catatan dari tablet tidak sah. Buka lagi formulirnya, lalu simpan ulang catatan ini.'),
  ),
});

/** An instant with its zone (`toISOString()` on the tablet): a time without one would be read in the server's zone. */
export const enteredAtSchema = z.object({
  entered_at: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z.iso.datetime({ offset: true, error: 'Waktu pencatatan di tablet tidak terbaca.' }).transform((s) => new Date(s).toISOString()),
  ),
});

/**
 * The time the officer entered the record on the tablet: not ahead of the server (a wrong tablet
 * clock), not older than ENTRY_MAX_AGE_DAYS, and not before what it records happened.
 */
export function checkEnteredAt(enteredAt: string, happened: { at: Date; what: string } | null, now = Date.now()): void {
  const at = Date.parse(enteredAt);
  const shown = formatDateTime(enteredAt);
  if (at > now + CLOCK_SLACK_MS)
    throw new ValidationError(
      {},
      `Waktu pencatatan di tablet (${shown}) lebih maju dari waktu server: jam tablet tidak tepat. Betulkan tanggal dan jam tablet, lalu simpan ulang catatan ini lewat Perbaiki.`,
    );
  if (at < now - ENTRY_MAX_AGE_DAYS * 86_400_000)
    throw new ValidationError(
      {},
      `Catatan ini dibuat di tablet pada ${shown}, lebih dari ${ENTRY_MAX_AGE_DAYS} hari lalu, dan belum pernah terkirim. Periksa isinya, lalu simpan ulang lewat Perbaiki.`,
    );
  if (happened && happened.at.getTime() > at + CLOCK_SLACK_MS)
    throw new ValidationError(
      {},
      `${happened.what} (${formatDateTime(happened.at.toISOString())}) setelah waktu pencatatan di tablet (${shown}). Periksa isian atau jam tablet.`,
    );
}
