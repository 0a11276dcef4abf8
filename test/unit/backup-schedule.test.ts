// When the server's own daily backup runs: computed in Jakarta, whatever the server's time zone.
import { afterEach, describe, expect, it } from 'vitest';
import { isDue, lastSlotAt, nextRunAt } from '../../src/features/backups/backups.schedule.ts';

const at = (iso: string) => new Date(iso);
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('nextRunAt', () => {
  for (const tz of ['UTC', 'Asia/Jakarta', 'America/New_York']) {
    it(`is 17.30 WIB today or tomorrow, with the server's clock in ${tz}`, () => {
      process.env.TZ = tz;
      // 17.00 WIB: later today.
      expect(nextRunAt(at('2026-11-30T10:00:00Z'), '17:30').toISOString()).toBe('2026-11-30T10:30:00.000Z');
      // Exactly 17.30 WIB (the run that just fired): the next is tomorrow's.
      expect(nextRunAt(at('2026-11-30T10:30:00Z'), '17:30').toISOString()).toBe('2026-12-01T10:30:00.000Z');
      // 19.00 WIB: tomorrow.
      expect(nextRunAt(at('2026-11-30T12:00:00Z'), '17:30').toISOString()).toBe('2026-12-01T10:30:00.000Z');
    });
  }

  it('crosses midnight in Jakarta while UTC is still on the day before', () => {
    process.env.TZ = 'UTC';
    // 00.30 WIB on 1 December is 17.30 UTC on 30 November: the next 17.30 WIB is 1 December's.
    expect(nextRunAt(at('2026-11-30T17:30:00Z'), '17:30').toISOString()).toBe('2026-12-01T10:30:00.000Z');
    // 23.50 WIB on 30 November, a run at 00.15 WIB: in 25 minutes, on 1 December (WIB).
    expect(nextRunAt(at('2026-11-30T16:50:00Z'), '00:15').toISOString()).toBe('2026-11-30T17:15:00.000Z');
    // 00.20 WIB on 1 December, a run at 00.15 WIB: already passed, so 2 December's.
    expect(nextRunAt(at('2026-11-30T17:20:00Z'), '00:15').toISOString()).toBe('2026-12-01T17:15:00.000Z');
    // The end of the year.
    expect(nextRunAt(at('2026-12-31T12:00:00Z'), '17:30').toISOString()).toBe('2027-01-01T10:30:00.000Z');
  });
});

describe('isDue (the catch-up at start)', () => {
  it('backs up at start when a daily time passed since the newest backup, not otherwise', () => {
    const now = at('2026-11-30T12:00:00Z'); // 19.00 WIB
    expect(lastSlotAt(now, '17:30').toISOString()).toBe('2026-11-30T10:30:00.000Z');
    expect(isDue(null, now, '17:30')).toBe(true); // never backed up
    expect(isDue(at('2026-11-29T10:30:00Z'), now, '17:30')).toBe(true); // off at 17.30 today
    expect(isDue(at('2026-11-30T03:00:00Z'), now, '17:30')).toBe(true); // only a 10.00 backup today
    expect(isDue(at('2026-11-30T10:30:00Z'), now, '17:30')).toBe(false); // today's was made
    // 16.00 WIB: today's time has not come; yesterday's backup is the latest due.
    expect(isDue(at('2026-11-29T10:30:05Z'), at('2026-11-30T09:00:00Z'), '17:30')).toBe(false);
  });
});
