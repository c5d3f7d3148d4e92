import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { runSeed } from '../../server/training/seed/index.ts';
import { prepareDatabase } from '../../server/ops/bootstrap.ts';
import { addCalendarDays } from '../../server/domain/dates.ts';
import { normalizeAddress } from '../../server/domain/address-normalize.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';

describe('address-change demo data', () => {
  it('plants the suspicious-address-change scenario and keeps the address history consistent', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await prepareDatabase(db, {
      kind: 'training',
      demoUsers: false,
      scrypt: TEST_SCRYPT,
      at: new Date('2026-11-20T15:00:00Z'),
    });
    const result = await runSeed({ sqlite, scenarioId: 'suspicious-address-change' });
    const asOf = result.asOf;
    const planted = result.plants.find((p) => p.area === 'address-changes');
    expect(planted?.entity?.type).toBe('address_change');
    const change = await db
      .selectFrom('address_changes')
      .selectAll()
      .where('id', '=', Number(planted?.entity?.id))
      .executeTakeFirstOrThrow();
    expect(change.status).toBe('in_review');
    expect(change.requested_on).toBe(addCalendarDays(asOf, -2));
    const requests = await db
      .selectFrom('customer_requests')
      .selectAll()
      .where('customer_id', '=', change.customer_id)
      .execute();
    expect(requests.map((r) => [r.kind, r.requested_on])).toEqual([['payoff', asOf]]);

    const changes = await db.selectFrom('address_changes').selectAll().execute();
    expect(changes.length).toBeGreaterThan(20);
    for (const c of changes) {
      const n = normalizeAddress({
        country: c.country,
        line1: c.line1,
        line2: c.line2,
        city: c.city,
        region: c.region,
        postalCode: c.postal_code,
      });
      expect(n.ok && n.address.line1).toBe(c.line1);
      if (c.status === 'applied' || c.status === 'in_review') {
        const atDate = await addressAsOf(db, c.customer_id, c.effective_from);
        expect(atDate?.id).toBe(c.new_address_id);
        const letters = await db
          .selectFrom('address_change_letters')
          .select('recipient')
          .where('change_id', '=', c.id)
          .execute();
        expect(letters.map((l) => l.recipient).sort()).toEqual(['new', 'old']);
      }
    }
    expect(changes.some((c) => c.status === 'applied' && c.effective_from > asOf)).toBe(true);
    await db.destroy();
  });
});
