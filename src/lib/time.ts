// Dates and times in Asia/Jakarta (WIB), whatever the server's time zone, and month arithmetic on
// 'YYYY-MM' (a month's first and last day, the month n months away) for reports and the dashboard.
export const TIME_ZONE = 'Asia/Jakarta';

const isoDateFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * WIB has been UTC+7 with no summer time since 1 January 1964: from then on an instant's WIB
 * fields are its UTC fields seven hours on, which is what `Intl` prints (test/unit/time-format
 * checks it across the years) at a fraction of its cost on every row of a page. Earlier instants,
 * and any beyond year 9999, are left to `Intl`.
 */
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const FIXED_FROM = Date.UTC(1964, 0, 1) - WIB_OFFSET_MS;
const FIXED_UNTIL = Date.UTC(10000, 0, 1) - WIB_OFFSET_MS;

/** The instant moved to WIB, read through its UTC getters; null where `Intl` must answer. */
export function wibFields(instant: Date): Date | null {
  const t = instant.getTime();
  return t >= FIXED_FROM && t < FIXED_UNTIL ? new Date(t + WIB_OFFSET_MS) : null;
}

export const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The instant as an ISO timestamp in UTC, for storage. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

/** The calendar day (YYYY-MM-DD) of an instant in WIB. */
export function wibDate(instant: Date = new Date()): string {
  const w = wibFields(instant);
  return w ? `${w.getUTCFullYear()}-${pad2(w.getUTCMonth() + 1)}-${pad2(w.getUTCDate())}` : isoDateFmt.format(instant);
}

/** True when `s` is a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The day before an ISO date. */
export function previousDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The clock time (HH:MM, 24 h) of an instant in WIB, as <input type="time"> wants it. */
export function wibTime(instant: Date = new Date()): string {
  const w = wibFields(instant);
  return w ? `${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}` : timeFmt.format(instant);
}

/** 'YYYY-MM' → its first and last day. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month `delta` months from `month` ('2026-01', -1 → '2025-12'). */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
