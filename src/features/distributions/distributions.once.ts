// One package per person and per household (No. KK) at an event: the check a save runs, and the
// marks the batch screen shows, from one reading of who is served.
import type { DbOrTrx } from '../../db/connect.ts';
import { ValidationError } from '../../lib/errors.ts';
import { servedAtEvent } from './distributions.queries.ts';

interface Person {
  id: number;
  name: string;
  nik: string | null;
  kk_number: string | null;
}

type Served = Awaited<ReturnType<typeof servedAtEvent>>[number];

/** Why a recipient cannot be ticked at the event: served (this record or another one of the same NIK), or the household is. */
export interface EventMark {
  kind: 'served' | 'household';
  /** "sudah menerima (TT/…)" or "KK ini sudah menerima: Ayah Serumah (TT/…)" */
  text: string;
}

const sameperson = (a: Pick<Person, 'id' | 'nik'>, b: Pick<Person, 'id' | 'nik'>) => a.id === b.id || (a.nik !== null && a.nik === b.nik);

function markOf(r: Person, served: Served[]): EventMark | null {
  const self = served.find((s) => sameperson(s, r));
  if (self)
    return {
      kind: 'served',
      text:
        self.id === r.id
          ? `Sudah menerima (${self.receipt_no})`
          : `Orang yang sama (NIK sama) sudah menerima sebagai ${self.name} (${self.receipt_no})`,
    };
  const home = r.kk_number ? served.find((s) => s.kk_number === r.kk_number) : undefined;
  return home ? { kind: 'household', text: `KK ini sudah menerima: ${home.name} (${home.receipt_no})` } : null;
}

/** The marks of the recipients listed on an event's batch screen, by recipient id. */
export async function eventMarks(db: DbOrTrx, eventId: number, listed: readonly Person[]): Promise<Map<number, EventMark>> {
  const served = await servedAtEvent(db, eventId);
  const marks = new Map<number, EventMark>();
  for (const r of listed) {
    const m = markOf(r, served);
    if (m) marks.set(r.id, m);
  }
  return marks;
}

const HOUSEHOLD_REASON = 'household_reason';

/**
 * Refuses a person served at the event already (or twice in this save), always; and a household
 * served already (or twice in this save) unless `reason` says why. Returns, by recipient id, the
 * reason to keep on each handover that is a household's second or later.
 */
export async function checkOncePerEvent(
  trx: DbOrTrx,
  eventId: number,
  people: readonly Person[],
  reason: string | null,
  form: 'batch' | 'single',
): Promise<Map<number, string>> {
  const served = await servedAtEvent(trx, eventId, {
    ids: people.map((p) => p.id),
    niks: people.flatMap((p) => (p.nik ? [p.nik] : [])),
    kks: people.flatMap((p) => (p.kk_number ? [p.kk_number] : [])),
  });
  const personServed = people.flatMap((p) =>
    served.filter((s) => sameperson(s, p)).map((s) => `${p.name} (${s.id === p.id ? s.receipt_no : `sebagai ${s.name}, ${s.receipt_no}`})`),
  );
  if (personServed.length) {
    const names = personServed.join(', ');
    throw new ValidationError(
      { recipient_ids: `Sudah menerima pada kegiatan ini: ${names}.`, recipient_id: `Sudah menerima pada kegiatan ini: ${names}.` },
      `Sudah menerima pada kegiatan ini: ${names}. ${form === 'batch' ? 'Hapus centangnya, atau batalkan' : 'Batalkan'} tanda terima lamanya dahulu bila perlu diganti.`,
    );
  }
  const twins = people.filter((p, i) => people.findIndex((q) => sameperson(q, p)) !== i);
  if (twins.length) {
    const names = twins.map((t) => `${people.find((q) => sameperson(q, t))!.name} dan ${t.name}`).join('; ');
    const msg = `${names} adalah orang yang sama (NIK sama): centang salah satu saja. Admin dapat menggabungkan kedua data itu.`;
    throw new ValidationError({ recipient_ids: msg }, msg);
  }
  const seconds: string[] = [];
  const reasons = new Map<number, string>();
  people.forEach((p, i) => {
    if (!p.kk_number) return;
    const before = served.find((s) => s.kk_number === p.kk_number) ?? people.slice(0, i).find((q) => q.kk_number === p.kk_number);
    if (!before) return;
    seconds.push(`${p.name} (KK yang sama dengan ${before.name})`);
    if (reason) reasons.set(p.id, reason);
  });
  if (seconds.length && !reason) {
    const what = form === 'batch' ? 'Hapus centangnya, atau isi' : 'Isi';
    const msg = `Satu KK mendapat satu paket per kegiatan: ${seconds.join(', ')}. ${what} alasan paket kedua untuk satu KK.`;
    throw new ValidationError(
      { [HOUSEHOLD_REASON]: 'Isi alasan bila satu KK memang menerima lebih dari satu paket pada kegiatan ini.', recipient_ids: msg },
      msg,
    );
  }
  return reasons;
}
