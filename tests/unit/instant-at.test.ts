import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { instantAt } from '../../server/domain/dates.ts';

/**
 * instantAt takes a shortcut on days without a daylight-saving change (midnight + minutes −
 * the day's offset): it must agree with TZDate on every day, including the change days and
 * zones with half-hour offsets or half-hour changes.
 */
describe('instantAt', () => {
  it.each([
    'America/New_York',
    'America/St_Johns',
    'America/Los_Angeles',
    'Europe/Paris',
    'Australia/Lord_Howe',
    'UTC',
  ])('agrees with TZDate on every day of 2026–2027 in %s', (timeZone) => {
    const wrong: string[] = [];
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2028, 0, 1); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      const [y, m, day] = date.split('-').map(Number) as [number, number, number];
      for (const minutes of [0, 59, 90, 120, 150, 180, 570, 1020, 1439, 1500]) {
        const exact = new TZDate(y, m - 1, day, Math.floor(minutes / 60), minutes % 60, timeZone);
        if (instantAt(date, minutes, timeZone).getTime() !== exact.getTime())
          wrong.push(`${date} ${minutes}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
