import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHash } from '../../db/repositories/audit.ts';
import type { AuditLogTable } from '../../db/schema/index.ts';
import { canonicalJson, compareCodePoints } from '../../db/canonical-json.ts';

/** The audit chain's canonical JSON before db/canonical-json.ts (kept to prove compatibility). */
function legacyAuditCanonical(value: unknown, locale?: string): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a.localeCompare(b, locale),
          ),
        )
      : v,
  );
}

describe('canonicalJson', () => {
  it.each([
    ['lower and upper case', { b: 1, a: 2, B: 3, A: 4 }, '{"A":4,"B":3,"a":2,"b":1}'],
    ['camelCase past lowercase', { ab: 1, aZ: 2, aB: 3 }, '{"aB":3,"aZ":2,"ab":1}'],
    ['underscore between cases', { a_b: 1, aZ: 2, ab: 3 }, '{"aZ":2,"a_b":1,"ab":3}'],
    ['integer-like keys as strings', { 9: 'n', 10: 't', x: 1 }, '{"10":"t","9":"n","x":1}'],
    ['prefix first', { abc: 1, ab: 2 }, '{"ab":2,"abc":1}'],
    ['accents after ASCII', { é: 1, f: 2, e: 3 }, '{"e":3,"f":2,"é":1}'],
    ['code points above U+FFFF', { '\u{1F600}': 1, '\uFFFF': 2 }, '{"\uFFFF":2,"\u{1F600}":1}'],
    [
      'nested objects and arrays (array order kept)',
      { z: [{ b: 1, a: 2 }, 3], a: { d: null, c: true } },
      '{"a":{"c":true,"d":null},"z":[{"a":2,"b":1},3]}',
    ],
    ['undefined left out, null in arrays', { a: undefined, b: [undefined, 1] }, '{"b":[null,1]}'],
    [
      'non-finite numbers as null',
      { a: Number.NaN, b: -0, c: 1.5e300 },
      '{"a":null,"b":0,"c":1.5e+300}',
    ],
    [
      'toJSON honoured',
      { at: new Date('2026-11-20T15:00:00.000Z') },
      '{"at":"2026-11-20T15:00:00.000Z"}',
    ],
    ['strings escaped like JSON', { 'k"\n': 'v\u2028"' }, JSON.stringify({ 'k"\n': 'v\u2028"' })],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    // Whatever the insertion order, the same text.
    const reversed = Object.fromEntries(Object.entries(value).reverse());
    expect(canonicalJson(reversed)).toBe(expected);
  });

  it('matches JSON.stringify for values without objects', () => {
    for (const v of [null, true, 0, -12.5, 'text', [1, 'a', null], undefined])
      expect(canonicalJson(v)).toBe(JSON.stringify(v));
  });

  it('refuses a BigInt like JSON.stringify', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('orders by code point, not by UTF-16 unit', () => {
    const keys = ['b', 'B', '_', '\uFFFF', '\u{1F600}', 'a\u{10000}', 'a\uE000', '10', '9'];
    const byCodePoint = [...keys].sort((x, y) => {
      const cx = Array.from(x, (c) => c.codePointAt(0) as number);
      const cy = Array.from(y, (c) => c.codePointAt(0) as number);
      for (let i = 0; i < Math.min(cx.length, cy.length); i++)
        if (cx[i] !== cy[i]) return (cx[i] as number) - (cy[i] as number);
      return cx.length - cy.length;
    });
    expect([...keys].sort(compareCodePoints)).toEqual(byCodePoint);
    expect(compareCodePoints('a\uE000', 'a\u{10000}')).toBeLessThan(0);
  });
});

describe('audit chain records written before code-point order still verify', () => {
  /**
   * Verification re-hashes each row's columns (all but id, hash, prev_hash); before_json and
   * after_json are stored text and are hashed as stored, never re-serialised. So an old record
   * hashes the same iff its column names sort the same under both orders.
   */
  const columns: Array<keyof AuditLogTable> = [
    'at',
    'actor_user_id',
    'actor_username',
    'action',
    'entity_type',
    'entity_id',
    'before_json',
    'after_json',
    'reason',
  ];

  it.each(['en', 'fr', 'de', 'lt', 'et', 'da', 'sv', 'tr', 'ja', undefined])(
    'the column names sort the same by code point and by localeCompare (%s)',
    (locale) => {
      expect([...columns].sort((a, b) => a.localeCompare(b, locale))).toEqual(
        [...columns].sort(compareCodePoints),
      );
    },
  );

  it('an old record (nested keys in locale order) hashes the same as when it was written', () => {
    const before = { aB: 1, ab: 2, a_b: 3, vinLast8: 'x', vin: 'y', 10: 'ten', 9: 'nine' };
    const record = {
      at: '2026-11-20T15:00:00.000Z',
      actor_user_id: 3,
      actor_username: 'admin',
      action: 'settings.update',
      entity_type: 'setting',
      entity_id: 'identity',
      // Stored as the old code wrote it: differs from today's canonical text…
      before_json: legacyAuditCanonical(before),
      after_json: null,
      reason: 'moved',
    };
    expect(record.before_json).not.toBe(canonicalJson(before));
    // …and still hashes to what the old code computed over the row.
    const prev = '0'.repeat(64);
    const oldHash = createHash('sha256')
      .update(prev)
      .update('\n')
      .update(legacyAuditCanonical(record))
      .digest('hex');
    expect(auditHash(prev, record)).toBe(oldHash);
  });
});
