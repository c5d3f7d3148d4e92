import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { closedCallsBetween } from '../../db/repositories/calls.ts';
import { runSeed } from '../../server/training/seed/index.ts';
import { TEST_SCRYPT } from '../../server/auth/password.ts';
import { contactStats } from '../../server/domain/contact-stats.ts';
import { prepareDatabase } from '../../server/ops/bootstrap.ts';

describe('calls demo data', () => {
  it('plants the monday-phones scenario: a morning of calls, unverifiable callers, two repeat callers, a locked portal', async () => {
    const { db, sqlite } = openDatabase(':memory:');
    await prepareDatabase(db, {
      kind: 'training',
      demoUsers: true,
      scrypt: TEST_SCRYPT,
      at: new Date('2026-11-20T15:00:00Z'),
    });
    const result = await runSeed({ sqlite, scenarioId: 'monday-phones' });
    expect(result.asOf).toBe('2026-11-23');
    const plants = result.plants.filter((p) => p.area === 'calls');
    expect(plants.map((p) => p.title).sort()).toEqual([
      'Caller could not be verified',
      'Caller could not be verified',
      'Caller could not be verified',
      'EasyPay cut-off is today',
      'Locked out of the app',
      'Repeat caller',
      'Repeat caller',
    ]);

    // Every call is wrapped up, with times, reasons and a verification that matches its record.
    const open = sqlite
      .prepare("select count(*) from interactions where status <> 'closed'")
      .pluck()
      .get();
    expect(open).toBe(0);
    const bad = sqlite
      .prepare(
        `select count(*) from interactions i left join identity_verifications v on v.id = i.verification_id
         where i.handle_seconds < i.wrap_seconds
            or not exists (select 1 from interaction_reasons r where r.interaction_id = i.id)
            or (i.verification_id is not null and (v.result <> i.verification_result or v.customer_id <> i.customer_id))`,
      )
      .pluck()
      .get();
    expect(bad).toBe(0);

    // The morning, through the supervisor's figures: the planted repeat callers are among them.
    const morning = await closedCallsBetween(
      db,
      '2026-11-19T05:00:00.000Z',
      '2026-11-23T17:00:00.000Z',
    );
    const stats = contactStats(morning, 'America/New_York');
    const repeatIds = new Set(stats.repeatCallers.map((r) => r.customerId));
    for (const p of plants.filter((x) => x.title === 'Repeat caller'))
      expect(repeatIds).toContain(p.customerId);
    expect(stats.byHour.map((h) => h.hour)).toEqual(expect.arrayContaining([9, 10, 11]));

    const locked = plants.find((p) => p.title === 'Locked out of the app')!;
    const portal = sqlite
      .prepare('select failed_sign_ins, locked_until from portal_accounts where customer_id = ?')
      .get(locked.customerId) as { failed_sign_ins: number; locked_until: string };
    expect(portal.failed_sign_ins).toBe(5);
    expect(portal.locked_until > '2026-11-23T17:00:00.000Z').toBe(true);
    await db.destroy();
  });
});
