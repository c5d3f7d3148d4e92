import { afterEach, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../server/calendar/load-calendar.ts';
import { cacheConfigReads, forgetCachedConfig } from '../../db/repositories/settings.ts';
import { readSetting, readSettings } from '../../server/core/settings.ts';
import { createTestApp, type TestApp } from './harness.ts';

/**
 * The configuration cache the PostgreSQL server opts into (server/http/start.ts): plain reads may
 * be reused, transactions always read the database, a settings write or an explicit forget
 * drops everything. The TTL is set far beyond the test's run so nothing depends on timing.
 */
let app: TestApp | undefined;
afterEach(async () => app?.close());

const setIdleMinutes = async (minutes: number) => {
  await app!.deps.db.transaction().execute(async (trx) => {
    const current = await readSetting(trx, 'security');
    await trx
      .updateTable('settings')
      .set({ value: JSON.stringify({ ...current, sessionIdleMinutes: minutes }) })
      .where('key', '=', 'security')
      .execute();
  });
};

describe('configuration read cache', () => {
  it('reuses plain reads, never inside a transaction, and drops them on forget', async () => {
    app = await createTestApp();
    const { db } = app.deps;
    cacheConfigReads(db, 3_600_000);
    const before = (await readSetting(db, 'security')).sessionIdleMinutes;
    expect((await readSettings(db)).security.sessionIdleMinutes).toBe(before);
    await setIdleMinutes(before + 7);
    // A change behind the cache's back (another instance, psql): plain reads keep the old value …
    expect((await readSetting(db, 'security')).sessionIdleMinutes).toBe(before);
    expect((await readSettings(db)).security.sessionIdleMinutes).toBe(before);
    // … a transaction reads the database …
    await db.transaction().execute(async (trx) => {
      expect((await readSetting(trx, 'security')).sessionIdleMinutes).toBe(before + 7);
      expect((await readSettings(trx)).security.sessionIdleMinutes).toBe(before + 7);
    });
    // … and a forget (a committed change event) makes the next plain read fetch it.
    forgetCachedConfig();
    expect((await readSetting(db, 'security')).sessionIdleMinutes).toBe(before + 7);
    expect((await readSettings(db)).security.sessionIdleMinutes).toBe(before + 7);
  });

  it('sees an admin settings change at once on the same instance', async () => {
    app = await createTestApp();
    const { db } = app.deps;
    cacheConfigReads(db, 3_600_000);
    const admin = await app.as('admin');
    const security = await readSetting(db, 'security');
    await admin.admin.settings.update({
      key: 'security',
      value: { ...security, sessionIdleMinutes: security.sessionIdleMinutes + 3 },
      reason: 'Longer idle time for the night shift',
    });
    expect((await readSetting(db, 'security')).sessionIdleMinutes).toBe(
      security.sessionIdleMinutes + 3,
    );
    expect((await admin.admin.settings.get()).security.sessionIdleMinutes).toBe(
      security.sessionIdleMinutes + 3,
    );
  });

  it('caches the closures calendar the same way', async () => {
    app = await createTestApp();
    const { db } = app.deps;
    cacheConfigReads(db, 3_600_000);
    expect((await loadCalendar(db)).isBusinessDay('2026-12-01')).toBe(true);
    await db
      .insertInto('closures')
      .values({ date: '2026-12-01', name: 'Storm', created_at: '2026-11-20T15:00:00.000Z' })
      .execute();
    expect((await loadCalendar(db)).isBusinessDay('2026-12-01')).toBe(true);
    await db.transaction().execute(async (trx) => {
      expect((await loadCalendar(trx)).isBusinessDay('2026-12-01')).toBe(false);
    });
    forgetCachedConfig();
    expect((await loadCalendar(db)).isBusinessDay('2026-12-01')).toBe(false);
  });
});
