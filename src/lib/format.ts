// Indonesian display formats: numbers, money, WIB dates. Pure functions, used by views and PDFs.
import { pad2, TIME_ZONE, wibFields } from './time.ts';

const dateLong = new Intl.DateTimeFormat('id-ID', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat('id-ID', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const number = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 });
const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });

/** The month names `Intl` prints for id-ID. */
export const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** "23 November 2026" for an ISO date (a day, not an instant). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  // Noon UTC is the same calendar day in WIB, so a bare date never slips a day.
  const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  const w = wibFields(d);
  return w ? `${w.getUTCDate()} ${MONTHS_ID[w.getUTCMonth()]} ${w.getUTCFullYear()}` : dateLong.format(d);
}

/** "02-11-2024" for an ISO date: short, for messages that name a day. */
export function formatDayShort(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}-${m}-${y}`;
}

/** "23/11/2026 07.15 WIB" for an ISO timestamp. */
export function formatDateTime(isoTimestamp: string | null | undefined): string {
  if (!isoTimestamp) return '';
  const d = new Date(isoTimestamp);
  if (Number.isNaN(d.getTime())) return '';
  const w = wibFields(d);
  if (!w) return `${dateTime.format(d)} WIB`;
  return `${pad2(w.getUTCDate())}/${pad2(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}, ${pad2(w.getUTCHours())}.${pad2(w.getUTCMinutes())} WIB`;
}

export function formatNumber(n: number): string {
  return number.format(n);
}

/** Grams to "1.234,5 kg". */
export function formatKg(grams: number): string {
  return `${number.format(grams / 1000)} kg`;
}

export function formatRupiah(amount: number): string {
  return rupiah.format(amount);
}

const monthLong = new Intl.DateTimeFormat('id-ID', { timeZone: TIME_ZONE, month: 'long', year: 'numeric' });

/** "Oktober 2025" for a month written 'YYYY-MM'. */
export function formatMonth(month: string): string {
  const d = new Date(`${month}-15T12:00:00Z`);
  const w = wibFields(d);
  return w ? `${MONTHS_ID[w.getUTCMonth()]} ${w.getUTCFullYear()}` : monthLong.format(d);
}
