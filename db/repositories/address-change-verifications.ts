import type { LockoutState } from '../../server/domain/lockout.ts';
import type { DbOrTrx } from '../database.ts';
import type { IntakeChannel, VerificationMethodColumn } from '../schema/index.ts';

/** Identity verifications of address-change callers: the lockout state and each attempt. */

export async function verificationLock(db: DbOrTrx, customerId: number): Promise<LockoutState> {
  const row = await db
    .selectFrom('identity_verification_locks')
    .select(['failed_attempts', 'locked_until'])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return { failedAttempts: row?.failed_attempts ?? 0, lockedUntil: row?.locked_until ?? null };
}

export async function saveVerificationLock(
  db: DbOrTrx,
  customerId: number,
  state: LockoutState,
  at: string,
): Promise<void> {
  await db
    .insertInto('identity_verification_locks')
    .values({
      customer_id: customerId,
      failed_attempts: state.failedAttempts,
      locked_until: state.lockedUntil,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('customer_id').doUpdateSet({
        failed_attempts: state.failedAttempts,
        locked_until: state.lockedUntil,
        updated_at: at,
      }),
    )
    .execute();
}

export interface VerificationRecord {
  id: number;
  customerId: number;
  method: VerificationMethodColumn;
  result: 'passed' | 'failed' | 'locked';
  channel: IntakeChannel;
  failedBefore: number;
  attemptedAt: string;
  attemptedBy: number | null;
}

export async function recordVerification(
  db: DbOrTrx,
  input: Omit<VerificationRecord, 'id'>,
): Promise<VerificationRecord> {
  const row = await db
    .insertInto('identity_verifications')
    .values({
      customer_id: input.customerId,
      method: input.method,
      result: input.result,
      channel: input.channel,
      failed_before: input.failedBefore,
      attempted_at: input.attemptedAt,
      attempted_by: input.attemptedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...input, id: row.id };
}

export async function findVerification(
  db: DbOrTrx,
  id: number,
): Promise<VerificationRecord | null> {
  const row = await db
    .selectFrom('identity_verifications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        customerId: row.customer_id,
        method: row.method,
        result: row.result,
        channel: row.channel,
        failedBefore: row.failed_before,
        attemptedAt: row.attempted_at,
        attemptedBy: row.attempted_by,
      }
    : null;
}

/** Failed (or refused-while-locked) attempts for a customer at or after `sinceIso`. */
export async function failedVerificationsSince(
  db: DbOrTrx,
  customerId: number,
  sinceIso: string,
): Promise<number> {
  const row = await db
    .selectFrom('identity_verifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('result', 'in', ['failed', 'locked'])
    .where('attempted_at', '>=', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The latest pass at or before `sinceIso` (the look-back for failures starts after it). */
export async function lastPassBefore(
  db: DbOrTrx,
  customerId: number,
  beforeIso: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('identity_verifications')
    .select('attempted_at')
    .where('customer_id', '=', customerId)
    .where('result', '=', 'passed')
    .where('attempted_at', '<', beforeIso)
    .orderBy('attempted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.attempted_at ?? null;
}

export async function recentVerifications(
  db: DbOrTrx,
  customerId: number,
  limit = 10,
): Promise<VerificationRecord[]> {
  const rows = await db
    .selectFrom('identity_verifications')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('attempted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    method: row.method,
    result: row.result,
    channel: row.channel,
    failedBefore: row.failed_before,
    attemptedAt: row.attempted_at,
    attemptedBy: row.attempted_by,
  }));
}
