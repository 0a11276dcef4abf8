// NIK (16-digit national ID number) and No. KK (family card number): the masked form shown to non-admins, and the validity checks.

const BULLETS = '••••••••';

/** `3316••••••••0001`: first four and last four digits only; empty for no NIK. */
export function maskNik(nik: string | null | undefined): string {
  if (!nik) return '';
  // A stored value is always 16 digits; anything shorter still must not leak its middle.
  if (nik.length < 12) return BULLETS;
  return `${nik.slice(0, 4)}${BULLETS}${nik.slice(-4)}`;
}

/** What an officer may type between the digits (a copied NIK often has spaces). */
export function cleanNik(typed: string): string {
  return typed.replace(/\s+/g, '');
}

function daysInMonth(month: number, yy: number): number {
  if (month === 2) return yy % 4 === 0 ? 29 : 28; // 00 → 2000, a leap year; 1900 is too old to matter
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Why a NIK cannot be right, in Indonesian, or null when it can. Digits 1–6 are the region
 * (kabupaten/kota + kecamatan), 7–12 the birth date DDMMYY with 40 added to DD for women,
 * 13–16 a serial number.
 */
export function nikProblem(nik: string): string | null {
  if (!/^\d+$/.test(nik)) return 'NIK hanya boleh berisi angka.';
  if (nik.length !== 16) return `NIK harus tepat 16 angka; yang diketik ${nik.length} angka.`;
  if (nik.startsWith('000000')) return 'NIK tidak benar: 6 angka pertama (kode wilayah) tidak boleh 000000.';
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  if (day > 40) day -= 40;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, yy)) {
    return 'NIK tidak benar: angka ke-7 sampai ke-12 harus tanggal lahir (tanggal-bulan-tahun, misalnya 170845; untuk perempuan tanggal ditambah 40, misalnya 570845).';
  }
  return null;
}

export function isValidNik(nik: string): boolean {
  return nikProblem(nik) === null;
}

/**
 * Why a No. KK (family card number, 16 digits: region code, issue date, serial) cannot be right,
 * or null. Only its shape is checked: the middle digits are the card's issue date, not a birth date.
 */
export function kkProblem(kk: string): string | null {
  if (!/^\d+$/.test(kk)) return 'No. KK hanya boleh berisi angka.';
  if (kk.length !== 16) return `No. KK harus tepat 16 angka; yang diketik ${kk.length} angka.`;
  if (kk.startsWith('000000')) return 'No. KK tidak benar: 6 angka pertama (kode wilayah) tidak boleh 000000.';
  return null;
}
