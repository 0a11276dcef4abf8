// Indonesian numbers and dates in words (terbilang), as official papers write them.
import { MONTHS_ID } from './format.ts';

const UNITS = ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'];
const SCALES: Array<[number, string]> = [
  [1_000_000_000_000, 'triliun'],
  [1_000_000_000, 'miliar'],
  [1_000_000, 'juta'],
];

function below1000(n: number): string {
  if (n < 12) return UNITS[n]!;
  if (n < 20) return `${UNITS[n - 10]} belas`;
  if (n < 100) {
    const rest = n % 10;
    return `${UNITS[Math.floor(n / 10)]} puluh${rest ? ` ${UNITS[rest]}` : ''}`;
  }
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  return `${hundreds === 1 ? 'seratus' : `${UNITS[hundreds]} ratus`}${rest ? ` ${below1000(rest)}` : ''}`;
}

/** 0 → "nol", 11 → "sebelas", 1000 → "seribu", 2026 → "dua ribu dua puluh enam". Whole numbers ≥ 0. */
export function numberToWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`numberToWords: ${n}`);
  if (n < 1000) return below1000(n);
  for (const [size, name] of SCALES) {
    if (n >= size) {
      const rest = n % size;
      return `${numberToWords(Math.floor(n / size))} ${name}${rest ? ` ${numberToWords(rest)}` : ''}`;
    }
  }
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  return `${thousands === 1 ? 'seribu' : `${below1000(thousands)} ribu`}${rest ? ` ${below1000(rest)}` : ''}`;
}

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/**
 * '2024-12-24' → "Selasa, dua puluh empat Desember dua ribu dua puluh empat". The weekday comes
 * from the calendar date itself, so the server's time zone cannot shift it.
 */
export function dateInWords(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const day = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls 2025-02-30 over into March: a date that does not round-trip does not exist.
  if (!match || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) throw new RangeError(`dateInWords: ${isoDate}`);
  const weekday = day.getUTCDay();
  return `${DAYS[weekday]}, ${numberToWords(d)} ${MONTHS_ID[m - 1]} ${numberToWords(y)}`;
}
