import { describe, expect, it } from 'vitest';
import { dayLabel, instantLabel, longDateLabel } from '../../server/domain/shared/date-labels.ts';
import { formatCents, parseAmountToCents } from '../../server/domain/shared/money.ts';

/** French output uses (narrow) no-break spaces; compare with plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money: what the keyer types, what the screen previews, what the server stores', () => {
  // [typed, cents on a 10-key field (mail payments), cents on a dollars field (disputes)]
  it.each<[string, number | null, number | null]>([
    ['1,234', 123400, 123400], // the old preview showed $12.34 here
    ['12345', 12345, 1234500],
    ['123.45', 12345, 12345],
    ['$1,234.56', 123456, 123456],
    ['1,234,567.8', 123456780, 123456780],
    ['.5', 50, 50],
    ['0', 0, 0],
    ['  $ 12 ', 1200, 1200],
    ['12,34', null, null],
    ['1.999', null, null],
    ['-5', null, null],
    ['$', null, null],
    ['', null, null],
    ['12a', null, null],
    ['99999999999999999999', null, null],
  ])('%j → %j (10-key), %j (dollars)', (typed, tenKey, dollars) => {
    expect(parseAmountToCents(typed, { digitsAreCents: true })).toBe(tenKey);
    expect(parseAmountToCents(typed)).toBe(dollars);
  });

  it.each<[number, string, string]>([
    [123400, '$1,234.00', '1 234,00 $'],
    [5, '$0.05', '0,05 $'],
    [-500, '-$5.00', '-5,00 $'],
    [Number.MAX_SAFE_INTEGER, '$90,071,992,547,409.91', '90 071 992 547 409,91 $'],
  ])('%i cents → %s / %s', (cents, en, fr) => {
    expect(formatCents(cents, 'en')).toBe(en);
    expect(formatCents(cents, 'en-US')).toBe(en);
    expect(plain(formatCents(cents, 'fr'))).toBe(fr);
    expect(plain(formatCents(cents, 'fr-CA'))).toBe(fr);
  });

  it('refuses a fractional number of cents', () => {
    expect(() => formatCents(12.5)).toThrow(RangeError);
  });
});

describe('date labels', () => {
  it.each<[string, string, string, string, string]>([
    [
      '2026-11-23',
      'Mon, Nov 23, 2026',
      'lun. 23 nov. 2026',
      'November 23, 2026',
      '23 novembre 2026',
    ],
    ['2026-01-01', 'Thu, Jan 1, 2026', 'jeu. 1 janv. 2026', 'January 1, 2026', '1 janvier 2026'],
    [
      '2024-02-29',
      'Thu, Feb 29, 2024',
      'jeu. 29 févr. 2024',
      'February 29, 2024',
      '29 février 2024',
    ],
  ])('%s', (iso, enDay, frDay, enLong, frLong) => {
    expect(dayLabel(iso, 'en')).toBe(enDay);
    expect(plain(dayLabel(iso, 'fr'))).toBe(frDay);
    expect(longDateLabel(iso, 'en')).toBe(enLong);
    expect(plain(longDateLabel(iso, 'fr'))).toBe(frLong);
  });

  it('a business date is never shifted by the machine’s zone, and null is a dash', () => {
    expect(dayLabel('2026-11-23', 'en', false)).toBe('Nov 23, 2026');
    expect(dayLabel(null, 'en')).toBe('—');
  });

  it('an instant is written in the centre’s zone', () => {
    expect(plain(instantLabel('2026-11-21T03:30:00.000Z', 'en', 'America/New_York'))).toBe(
      'Fri, Nov 20, 2026, 10:30 PM',
    );
    expect(plain(instantLabel('2026-11-21T03:30:00.000Z', 'fr', 'America/New_York'))).toBe(
      'ven. 20 nov. 2026, 22 h 30',
    );
  });
});
