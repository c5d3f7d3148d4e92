import { describe, expect, it } from 'vitest';
import {
  BANK_ROUTING_NUMBERS,
  CA_PLACES,
  US_PLACES,
} from '../../server/training/seed/data/places.ts';
import { Prng, Weighted } from '../../server/training/seed/prng.ts';
import { validatePostal } from '../../server/domain/validators/postal.ts';
import { validateRoutingNumber } from '../../server/domain/validators/routing-number.ts';

describe('seeded PRNG', () => {
  it('replays the same sequence for the same label, a different one otherwise', () => {
    const a = new Prng('42:customers');
    const b = new Prng('42:customers');
    const c = new Prng('43:customers');
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(seqA);
  });

  it('forks independent streams', () => {
    const root = new Prng('1');
    const x = root.fork('ledger');
    root.uint32();
    expect(new Prng('1').fork('ledger').uint32()).toBe(x.uint32());
  });

  it('draws within bounds and roughly by weight', () => {
    const rng = new Prng('bounds');
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
    }
    const w = new Weighted([
      ['a', 9],
      ['b', 1],
    ] as const);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 5000; i++) counts[w.draw(rng)] += 1;
    expect(counts.a / 5000).toBeGreaterThan(0.85);
    expect(counts.a / 5000).toBeLessThan(0.95);
  });
});

describe('seed reference data', () => {
  it('uses only valid routing numbers', () => {
    for (const r of BANK_ROUTING_NUMBERS)
      expect(validateRoutingNumber(r)).toMatchObject({ ok: true });
  });

  it('uses postal codes that belong to their state or province', () => {
    for (const p of [...US_PLACES, ...CA_PLACES]) {
      for (const code of p.postal) {
        expect(
          validatePostal(p.country, p.country === 'CA' ? `${code} 1A1` : code, p.region),
          `${p.city} ${code}`,
        ).toMatchObject({ ok: true });
      }
    }
  });
});
