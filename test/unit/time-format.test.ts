import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatKg, formatMonth, formatNumber, formatRupiah } from '../../src/lib/format.ts';
import { isIsoDate, previousDay, wibDate, wibTime } from '../../src/lib/time.ts';

describe('WIB dates', () => {
  it('a UTC evening is already the next day in Jakarta', () => {
    expect(wibDate(new Date('2026-11-22T16:59:59Z'))).toBe('2026-11-22');
    expect(wibDate(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });

  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26-2-3')).toBe(false);
    expect(previousDay('2025-03-01')).toBe('2025-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
  });
});

describe('Indonesian formats', () => {
  it('formats numbers, kilograms and rupiah the Indonesian way', () => {
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatKg(1234500)).toBe('1.234,5 kg');
    expect(formatKg(2500)).toBe('2,5 kg');
    expect(formatRupiah(1500000).replace(/\s/g, ' ')).toBe('Rp 1.500.000');
  });

  it('formats dates in WIB whatever the server zone', () => {
    expect(formatDate('2024-12-24')).toBe('24 Desember 2024');
    expect(formatDateTime('2026-11-22T17:30:00Z')).toBe('23/11/2026, 00.30 WIB');
  });
});

describe('the WIB formats print exactly what Intl prints', () => {
  const intl = {
    date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }),
    time: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    long: new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'long', year: 'numeric' }),
    dateTime: new Intl.DateTimeFormat('id-ID', {
      timeZone: 'Asia/Jakarta',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
    month: new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', month: 'long', year: 'numeric' }),
  };
  // Every WIB midnight and its minute either side from 1960 to 2100, plus random instants: the
  // switch to UTC+7 in 1964 and leap days included.
  const instants: Date[] = [];
  for (let t = Date.UTC(1960, 0, 1, 17); t < Date.UTC(2100, 0, 1); t += 86_400_000 * 7 + 3_600_000)
    instants.push(new Date(t - 60_000), new Date(t), new Date(t + 60_000));
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 20_000; i++) instants.push(new Date(Date.UTC(1950, 0, 1) + next() * (Date.UTC(2200, 0, 1) - Date.UTC(1950, 0, 1))));

  it('wibDate and wibTime', () => {
    for (const d of instants) {
      expect(wibDate(d)).toBe(intl.date.format(d));
      expect(wibTime(d)).toBe(intl.time.format(d));
    }
  });

  it('formatDate, formatDateTime and formatMonth', () => {
    for (const d of instants) {
      const iso = d.toISOString();
      expect(formatDateTime(iso)).toBe(`${intl.dateTime.format(d)} WIB`);
      const day = wibDate(d);
      expect(formatDate(day)).toBe(intl.long.format(new Date(`${day}T12:00:00Z`)));
      expect(formatMonth(day.slice(0, 7))).toBe(intl.month.format(new Date(`${day.slice(0, 7)}-15T12:00:00Z`)));
    }
  });
});
