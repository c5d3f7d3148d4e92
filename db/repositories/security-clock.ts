import type { DbOrTrx } from '../database.ts';
import { noteSessionsChanged } from './sessions.ts';

/**
 * Rows the clock watch (server/security-clock.ts) reads and writes: the persisted high-water
 * mark of wall time (app_meta), open sessions and sign-in lockouts.
 */

export const HIGH_WATER_KEY = 'wall_clock_high_water';

/** The latest wall time any server recorded for this database (ISO), or null. */
export async function readHighWater(db: DbOrTrx): Promise<string | null> {
  const row = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', HIGH_WATER_KEY)
    .executeTakeFirst();
  return row?.value ?? null;
}

/** Raises the high-water mark to `at` (never lowers it: ISO instants compare as text). */
export async function raiseHighWater(db: DbOrTrx, at: string): Promise<void> {
  const updated = await db
    .updateTable('app_meta')
    .set({ value: at })
    .where('key', '=', HIGH_WATER_KEY)
    .where('value', '<', at)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('app_meta')
    .values({ key: HIGH_WATER_KEY, value: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Sets the high-water mark to `at` (after a backward jump was handled). */
export async function resetHighWater(db: DbOrTrx, at: string): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key: HIGH_WATER_KEY, value: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: at }))
    .execute();
}

/** Ends every open session and half-way two-step sign-in; returns how many sessions ended. */
export async function revokeAllOpenSessions(db: DbOrTrx, at: string): Promise<number> {
  noteSessionsChanged();
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await db
    .updateTable('mfa_pending_sign_ins')
    .set({ closed_at: at })
    .where('closed_at', 'is', null)
    .execute();
  return Number(r.numUpdatedRows);
}

/** Lockouts ending after `latest` now end at `latest`; returns how many were shortened. */
export async function clampLockouts(db: DbOrTrx, latest: string, at: string): Promise<number> {
  const r = await db
    .updateTable('users')
    .set({ locked_until: latest, updated_at: at })
    .where('locked_until', '>', latest)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
