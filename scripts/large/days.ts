// One generated day of the farm and the aid desk, repeated over the years: morning weighings per
// plot and pond, the year's events (Idul Fitri, Hari Bhakti, Panen Raya, year-end Bakti Sosial),
// walk-in handovers on visiting days, the kitchen, sales and losses, quarterly stock counts.
import { OUTFLOW_KINDS, type OutflowKind } from '../../src/lib/movement-kinds.ts';
import type { LedgerWriter, Refs } from './ledger.ts';
import { between, pick, type Rnd } from './people.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** WIB = UTC+7 */
const WIB_OFFSET = 7 * HOUR;

/** Idul Fitri (1 Syawal) per year, for the Bakti Sosial held a few days before it. */
const IDUL_FITRI: Record<number, string> = {
  2014: '07-28',
  2015: '07-17',
  2016: '07-06',
  2017: '06-25',
  2018: '06-15',
  2019: '06-05',
  2020: '05-24',
  2021: '05-13',
  2022: '05-02',
  2023: '04-22',
  2024: '04-10',
  2025: '03-31',
  2026: '03-20',
  2027: '03-10',
  2028: '02-27',
  2029: '02-14',
};

interface EventPlan {
  name: string;
  kind: string;
  place: string;
  recipients: number;
  full: boolean;
  /** one receipt voided and replaced, as happens at a busy table */
  withCorrection: boolean;
}

function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The events of a year by day. The year-end Bakti Sosial has exactly 500 valid receipts (the bench prints it). */
export function eventsOfYear(year: number): Map<string, EventPlan> {
  const plans = new Map<string, EventPlan>();
  const fitri = IDUL_FITRI[year];
  if (fitri) {
    plans.set(shiftDay(`${year}-${fitri}`, -5), {
      name: `Bakti Sosial Menjelang Idul Fitri ${year}`,
      kind: 'bakti_sosial',
      place: 'Aula Rutan Blora',
      recipients: 300,
      full: true,
      withCorrection: false,
    });
  }
  plans.set(`${year}-04-27`, {
    name: `Hari Bhakti Pemasyarakatan ke-${year - 1964}`,
    kind: 'hari_bhakti',
    place: 'Halaman Rutan Blora',
    recipients: 200,
    full: false,
    withCorrection: false,
  });
  plans.set(`${year}-09-15`, {
    name: `Panen Raya Ketahanan Pangan ${year}`,
    kind: 'panen_raya',
    place: 'Lahan Blok A, Rutan Blora',
    recipients: 300,
    full: true,
    withCorrection: true,
  });
  plans.set(`${year}-12-18`, {
    name: `Bakti Sosial Akhir Tahun ${year} untuk Keluarga WBP Kurang Mampu`,
    kind: 'bakti_sosial',
    place: 'Ruang Kunjungan Rutan Blora',
    recipients: 500,
    full: false,
    withCorrection: true,
  });
  return plans;
}

/** How often each outflow kind happens on a day a commodity has stock, the share of it it takes, and how often it is voided. */
const OUTFLOW_DAYS: Record<OutflowKind, { chance: number; share: [number, number]; voided: number }> = {
  kitchen: { chance: 0.8, share: [0.15, 0.35], voided: 0.005 },
  sale: { chance: 0.07, share: [0.1, 0.2], voided: 0.005 },
  loss: { chance: 0.03, share: [0.02, 0.05], voided: 0 },
  grant: { chance: 0.01, share: [0.1, 0.2], voided: 0 },
};

export class DayGenerator {
  private readonly vegSayur;
  private readonly vegLengkap;

  constructor(
    private readonly w: LedgerWriter,
    private readonly refs: Refs,
    private readonly rnd: Rnd,
    private readonly eventOwner: number,
  ) {
    const { terong, cabai, tomat, lele } = refs.c;
    this.vegSayur = [
      { c: terong, g: 1000, heads: null },
      { c: cabai, g: 500, heads: null },
      { c: tomat, g: 1000, heads: null },
    ];
    this.vegLengkap = [...this.vegSayur, { c: lele, g: 1000, heads: 7 }];
  }

  /** A package as the desk hands it out: Paket sayur, Paket lengkap, or a few items typed by hand. */
  private walkInItems() {
    const roll = this.rnd();
    if (roll < 0.45) return this.vegSayur;
    if (roll < 0.85) return this.vegLengkap;
    const { terong, cabai, tomat, lele } = this.refs.c;
    const items = [];
    for (const c of [terong, cabai, tomat, lele]) {
      if (this.rnd() < 0.55) continue;
      const kg = c === cabai ? 0.25 * (1 + Math.floor(this.rnd() * 4)) : 0.5 * (1 + Math.floor(this.rnd() * 6));
      items.push({ c, g: Math.round(kg * 1000), heads: c === lele ? Math.round(kg * 7) : null });
    }
    return items.length ? items : this.vegSayur;
  }

  /** Enough picked (and fished) early on an event morning for `times` packages. */
  private topUp(day: string, at: number, items: Array<{ c: number; g: number; heads: number | null }>, times: number): void {
    for (const i of items) {
      const pond = i.c === this.refs.c.lele;
      let k = 0;
      while (this.w.balance(i.c).g < i.g * times * 1.1 || this.w.balance(i.c).heads < (i.heads ?? 0) * times * 1.1) {
        const kg = Math.round(between(this.rnd, 30, 60) * 10) / 10;
        const loc = pond ? pick(this.rnd, this.refs.ponds) : pick(this.rnd, this.refs.plots);
        this.w.harvest(day, at + k++ * 2 * MINUTE, i.c, loc, Math.round(kg * 1000), pond ? Math.round(kg * 8) : null);
      }
    }
  }

  run(day: string): void {
    const dayStart = Date.parse(`${day}T00:00:00Z`) - WIB_OFFSET;
    const month = Number(day.slice(5, 7));
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const rnd = this.rnd;
    const { terong, cabai, tomat, lele } = this.refs.c;

    // Morning weighings, 06:00–11:00, in time order. The dry season (Jul–Sep) gives less.
    const season = month >= 7 && month <= 9 ? 0.7 : 1;
    const weighings: Array<{ t: number; c: number; loc: number }> = [];
    for (const loc of this.refs.plots) {
      for (const c of [terong, cabai, tomat]) {
        if (rnd() > 0.85) continue;
        const n = 1 + Math.floor(rnd() * 12 * season);
        for (let k = 0; k < n; k++) weighings.push({ t: 6 * HOUR + Math.floor(rnd() * 5 * HOUR), c, loc });
      }
    }
    for (const loc of this.refs.ponds) {
      if (rnd() > 0.9) continue;
      const n = 1 + Math.floor(rnd() * 16);
      for (let k = 0; k < n; k++) weighings.push({ t: 6 * HOUR + Math.floor(rnd() * 4 * HOUR), c: lele, loc });
    }
    weighings.sort((a, b) => a.t - b.t);
    for (const h of weighings) {
      const kg =
        h.c === terong
          ? between(rnd, 2, 15)
          : h.c === cabai
            ? between(rnd, 0.5, 4)
            : h.c === tomat
              ? between(rnd, 2, 12)
              : between(rnd, 5, 25);
      const g = Math.round(kg * 10) * 100;
      this.w.harvest(day, dayStart + h.t, h.c, h.loc, g, h.c === lele ? Math.round(kg * between(rnd, 5, 8)) : null, rnd() < 0.004);
    }

    // An event: everything it needs picked at dawn, the batch at 09:00.
    const plan = eventsOfYear(Number(day.slice(0, 4))).get(day);
    if (plan) {
      const eventId = this.w.event(plan.name, plan.kind, day, plan.place, this.eventOwner);
      const items = plan.full ? this.vegLengkap : this.vegSayur;
      this.topUp(day, dayStart + 5 * HOUR, items, plan.recipients + 1);
      const pool = [...this.refs.activeRecipients];
      for (let i = 0; i < plan.recipients; i++) {
        const j = i + Math.floor(rnd() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      const chosen = pool.slice(0, plan.recipients);
      const at = dayStart + 9 * HOUR;
      if (plan.withCorrection) {
        const last = chosen.pop()!;
        this.w.handover(day, at, chosen, items, { eventId });
        const [wrong] = this.w.handover(day, at + 3 * HOUR, [last], items, { eventId, voided: true });
        const fixed = items.map((i, k) => (k === 1 ? { ...i, g: i.g / 2 } : i));
        this.w.handover(day, at + 3 * HOUR + 20 * MINUTE, [last], fixed, { eventId, replacesId: wrong });
      } else {
        this.w.handover(day, at, chosen, items, { eventId });
      }
    }

    // Walk-ins at the visiting room, 08:00–15:00: many on weekdays and Saturday, a few on Sunday.
    const walkIns = weekday === 0 ? Math.floor(between(rnd, 6, 16)) : Math.floor(between(rnd, 48, 82));
    for (let k = 0; k < walkIns; k++) {
      const at = dayStart + 8 * HOUR + Math.floor(((k + rnd()) * 7 * HOUR) / walkIns);
      let items = this.walkInItems();
      if (!this.w.fits(items))
        items = [
          { c: terong, g: 1000, heads: null },
          { c: tomat, g: 1000, heads: null },
        ];
      if (!this.w.fits(items)) continue;
      const recipient = pick(rnd, this.refs.activeRecipients);
      if (rnd() < 0.005) {
        const [wrong] = this.w.handover(day, at, [recipient], items, { voided: true });
        const fixed = items.map((i, n) => (n === 0 ? { ...i, g: Math.max(100, Math.round(i.g / 200) * 100) } : i));
        this.w.handover(day, at + 16 * MINUTE, [recipient], fixed, { replacesId: wrong });
      } else {
        this.w.handover(day, at, [recipient], items);
      }
    }

    // The kitchen takes a share most days; a sale, a loss or a grant now and then.
    let t = dayStart + 15 * HOUR + 30 * MINUTE;
    for (const name of ['terong', 'cabai', 'tomat', 'lele'] as const) {
      if (this.w.balance(this.refs.c[name]).g < 5000) continue;
      for (const kind of OUTFLOW_KINDS) {
        const { chance, share, voided } = OUTFLOW_DAYS[kind];
        if (rnd() < chance) this.w.outflow(day, (t += 3 * MINUTE), kind, name, between(rnd, ...share), voided > 0 && rnd() < voided);
      }
    }

    // Stok opname on the last day of each quarter.
    if ([3, 6, 9, 12].includes(month) && shiftDay(day, 1).slice(8) === '01') {
      for (const name of ['terong', 'cabai', 'tomat', 'lele'] as const) this.w.stockCount(day, (t += 5 * MINUTE), name);
    }
  }
}
