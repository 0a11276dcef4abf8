// The record of every whole NIK shown (UU 27/2022, PDP: a record of processing): who, when, where,
// whose. Written in the request that shows them, before the page or file is sent.
import type { DbOrTrx } from '../../db/connect.ts';
import { idRanges, idsOfRanges } from '../../lib/id-ranges.ts';
import { paging } from '../../lib/paging.ts';
import { nowIso } from '../../lib/time.ts';
import { wibDayEndUtc, wibDayStartUtc } from './audit.service.ts';
import { countNikAccess, insertNikAccess, listNikAccess, recipientNames } from './nik-access.queries.ts';

/** Every page and download that shows a NIK whole to an admin. */
export const NIK_PLACES = {
  recipient_list: { channel: 'page', label: 'Daftar penerima' },
  recipient_page: { channel: 'page', label: 'Halaman penerima' },
  recipient_form: { channel: 'page', label: 'Formulir ubah penerima' },
  recipient_merge: { channel: 'page', label: 'Gabungkan data penerima' },
  handover_form: { channel: 'page', label: 'Formulir serahkan bantuan' },
  receipt_page: { channel: 'page', label: 'Halaman tanda terima' },
  recipient_export: { channel: 'download', label: 'Unduhan daftar penerima' },
} as const;
export type NikPlace = keyof typeof NIK_PLACES;

export const CHANNEL_LABELS = { page: 'Halaman', download: 'Unduhan' } as const;

export interface NikAccess {
  userId: number;
  place: NikPlace;
  /** The request path (no query string: a search never enters a URL, and nothing else there is personal). */
  path: string;
  /** The recipients whose NIK is shown whole; none, nothing is recorded. */
  recipientIds: readonly number[];
}

/** One row per page or download, whatever the number of recipients: their ids as compact ranges. */
export async function recordNikAccess(db: DbOrTrx, a: NikAccess): Promise<void> {
  if (!a.recipientIds.length) return;
  const ids = idRanges(a.recipientIds);
  await insertNikAccess(db, {
    at: nowIso(),
    user_id: a.userId,
    channel: NIK_PLACES[a.place].channel,
    place: a.place,
    path: a.path.slice(0, 200),
    recipient_count: new Set(a.recipientIds).size,
    recipient_ids: ids,
  });
}

export const NIK_ACCESS_PAGE = 50;
/** Entries with at most this many recipients list their names; longer ones their ids as ranges. */
const NAMED_UP_TO = 10;

export async function browseNikAccess(db: DbOrTrx, q: { userId: number | null; from: string | null; to: string | null; page: number }) {
  const filter = { userId: q.userId, from: q.from ? wibDayStartUtc(q.from) : null, to: q.to ? wibDayEndUtc(q.to) : null };
  const total = await countNikAccess(db, filter);
  const { page, pages, limit, offset } = paging(total, q.page, NIK_ACCESS_PAGE);
  const rows = await listNikAccess(db, filter, limit, offset);
  const short = rows.filter((r) => r.recipient_count <= NAMED_UP_TO).map((r) => ({ id: r.id, ids: idsOfRanges(r.recipient_ids) }));
  const names = new Map((await recipientNames(db, [...new Set(short.flatMap((s) => s.ids))])).map((r) => [r.id, r.name]));
  const named = new Map(short.map((s) => [s.id, s.ids.map((id) => ({ id, name: names.get(id) ?? `#${id}` }))]));
  return {
    rows: rows.map((r) => ({
      ...r,
      placeLabel: NIK_PLACES[r.place as NikPlace]?.label ?? r.place,
      channelLabel: CHANNEL_LABELS[r.channel] ?? r.channel,
      recipients: named.get(r.id) ?? null,
    })),
    total,
    page,
    pages,
  };
}
