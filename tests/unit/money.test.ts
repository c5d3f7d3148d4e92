import { describe, expect, it } from 'vitest';
import {
  applyInOrder,
  formatCents,
  parseAmountToCents,
  sumCents,
  type Bucket,
} from '../../server/domain/money.ts';

describe('parseAmountToCents', () => {
  it.each([
    ['123.45', 12345],
    ['1,234.56', 123456],
    ['1,234,567.89', 123456789],
    ['$12', 1200],
    ['$ 12.00', 1200],
    ['12.5', 1250],
    ['.5', 50],
    ['0.05', 5],
    ['0', 0],
    ['  42  ', 4200],
    ['007.10', 710],
    ['12', 1200], // default: a bare number is dollars
    ['12345', 1234500],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('parses %j as %i cents', (input, expected) => {
    expect(parseAmountToCents(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['$', 'symbol only'],
    ['-5', 'negative'],
    ['-$5.00', 'negative with symbol'],
    ['$-5', 'negative after symbol'],
    ['1.999', 'three decimals'],
    ['12.', 'dangling point'],
    ['1.2.3', 'two points'],
    ['12,34', 'comma as decimal point'],
    ['1,23,456', 'misgrouped thousands'],
    [',123', 'leading comma'],
    ['abc', 'letters'],
    ['12abc', 'trailing junk'],
    ['1 234', 'inner space'],
    ['+5', 'explicit plus'],
    ['1e3', 'exponent'],
    ['Infinity', 'infinity'],
    ['90071992547409.92', 'one cent over MAX_SAFE_INTEGER'],
    ['99999999999999999999', 'far too large'],
  ])('rejects %j (%s)', (input) => {
    expect(parseAmountToCents(input)).toBeNull();
  });

  describe('with digitsAreCents (10-key entry)', () => {
    it.each([
      ['12345', 12345],
      ['12', 12],
      ['0', 0],
      ['007', 7],
      // Anything that is not a bare digit string still reads as dollars.
      ['123.45', 12345],
      ['$12', 1200],
      ['1,234', 123400],
      ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ])('parses %j as %i cents', (input, expected) => {
      expect(parseAmountToCents(input, { digitsAreCents: true })).toBe(expected);
    });

    it.each(['9007199254740992', '-123', '12a'])('rejects %j', (input) => {
      expect(parseAmountToCents(input, { digitsAreCents: true })).toBeNull();
    });
  });
});

describe('formatCents', () => {
  // ICU versions differ on which no-break space French uses (U+00A0 vs U+202F); the agent sees
  // a space either way, so compare with plain spaces.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [100, '$1.00'],
    [123456, '$1,234.56'],
    [-500, '-$5.00'],
    [100000000, '$1,000,000.00'],
    [Number.MAX_SAFE_INTEGER, '$90,071,992,547,409.91'],
  ])('en: %i → %s', (cents, expected) => {
    expect(formatCents(cents)).toBe(expected);
    expect(formatCents(cents, 'en')).toBe(expected);
  });

  it.each([
    [0, '0,00 $'],
    [5, '0,05 $'],
    [123456, '1 234,56 $'],
    [-500, '-5,00 $'],
    [100000000, '1 000 000,00 $'],
  ])('fr: %i → %s', (cents, expected) => {
    expect(plain(formatCents(cents, 'fr'))).toBe(expected);
  });

  it('keeps the French amount and symbol together with no-break spaces', () => {
    expect(formatCents(123456, 'fr')).not.toMatch(/ /);
  });

  it.each([1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('throws on %d', (cents) => {
    expect(() => formatCents(cents)).toThrow(RangeError);
  });
});

describe('sumCents', () => {
  it.each([
    [[], 0],
    [[1999], 1999],
    [[1999, 1, -500], 1500],
    [[Number.MAX_SAFE_INTEGER - 1, 1], Number.MAX_SAFE_INTEGER],
    [[-Number.MAX_SAFE_INTEGER, 0], -Number.MAX_SAFE_INTEGER],
  ])('sumCents(%j) = %i', (list, expected) => {
    expect(sumCents(list)).toBe(expected);
  });

  it.each([
    [[0.5], 'fractional cents'],
    [[Number.NaN], 'NaN'],
    [[Number.POSITIVE_INFINITY], 'infinity'],
    [[Number.MAX_SAFE_INTEGER, 1], 'total overflows'],
    [[Number.MAX_SAFE_INTEGER, 1, -1], 'overflow part-way, even if later terms bring it back'],
  ])('throws RangeError for %j (%s)', (list) => {
    expect(() => sumCents(list)).toThrow(RangeError);
  });
});

describe('applyInOrder', () => {
  const waterfall: Bucket<'fees' | 'pastDue' | 'current' | 'principal'>[] = [
    { key: 'fees', due: 2500 },
    { key: 'pastDue', due: 5000 },
    { key: 'current', due: 30000 },
    { key: 'principal', due: 900000 },
  ];

  it.each([
    // amount, applied per bucket [fees, pastDue, current, principal], remainder
    [0, [0, 0, 0, 0], 0],
    [1000, [1000, 0, 0, 0], 0],
    [2500, [2500, 0, 0, 0], 0],
    [2501, [2500, 1, 0, 0], 0],
    [10000, [2500, 5000, 2500, 0], 0],
    [37500, [2500, 5000, 30000, 0], 0],
    [50000, [2500, 5000, 30000, 12500], 0],
    [937500, [2500, 5000, 30000, 900000], 0],
    [1000000, [2500, 5000, 30000, 900000], 62500],
  ])('applies %i as %j with remainder %i', (amount, applied, remainder) => {
    const result = applyInOrder(amount, waterfall);
    expect(result.buckets).toEqual(
      waterfall.map((b, i) => ({ key: b.key, due: b.due, applied: applied[i] })),
    );
    expect(result.remainder).toBe(remainder);
    // The invariant every caller relies on: nothing is created or lost.
    expect(sumCents(result.buckets.map((b) => b.applied)) + result.remainder).toBe(amount);
  });

  it('skips buckets with nothing due', () => {
    const result = applyInOrder(3000, [
      { key: 'fees', due: 0 },
      { key: 'pastDue', due: 1000 },
      { key: 'current', due: 0 },
      { key: 'principal', due: 5000 },
    ]);
    expect(result.buckets.map((b) => b.applied)).toEqual([0, 1000, 0, 2000]);
    expect(result.remainder).toBe(0);
  });

  it('returns the whole amount as remainder when there are no buckets', () => {
    expect(applyInOrder(1234, [])).toEqual({ buckets: [], remainder: 1234 });
  });

  it.each([
    [-1, [{ key: 'fees', due: 100 }], 'negative amount'],
    [1.5, [{ key: 'fees', due: 100 }], 'fractional amount'],
    [100, [{ key: 'fees', due: -1 }], 'negative due'],
    [100, [{ key: 'fees', due: 0.5 }], 'fractional due'],
  ])('throws RangeError for amount %d with %j (%s)', (amount, buckets) => {
    expect(() => applyInOrder(amount, buckets)).toThrow(RangeError);
  });
});

describe('money limits on the authority form read with the one parser', () => {
  it('accepts dollars as typed, refuses a stray comma, and treats empty as no limit', async () => {
    const { parseLimit, showCents } =
      await import('../../renderer/src/areas/controls/money-limit.ts');
    expect(parseLimit('2,500.00')).toBe(250000);
    expect(parseLimit('$2500')).toBe(250000);
    expect(parseLimit('  ')).toBeNull();
    // The old copy stripped every comma: "12,34" became $1,234.00.
    expect(parseLimit('12,34')).toBeUndefined();
    expect(parseLimit('1.999')).toBeUndefined();
    expect(showCents(123456, 'en')).toBe('$1,234.56');
  });
});
