import { z } from 'zod';
import { createPendingSignIn } from '../../db/repositories/sessions.ts';
import { readSetting } from '../core/settings.ts';
import {
  findUserById,
  findUserByUsername,
  findUserMfa,
  setLockout,
} from '../../db/repositories/users.ts';
import type { PendingSignInStage } from '../../db/schema/index.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { evaluateLogin, isLocked, type LockoutState } from '../domain/lockout.ts';
import { mfaRequired } from '../domain/totp.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import type { Context, SessionUser } from '../trpc/base.ts';
import { openSession, sessionUser, signInFailed } from './session.ts';
import { signInThrottle, throttleNow, userKey } from './throttle.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

export const signInInput = z.strictObject({
  username: z.string().trim().min(1, fieldKey('fields.enterUsername')).max(64),
  password: z.string().min(1, fieldKey('fields.enterPassword')).max(256),
});
export type SignInInput = z.infer<typeof signInInput>;

/** What the checks before the transaction found (see prepareSignIn). */
export type CheckedSignIn =
  | { kind: 'no-such-user'; username: string; reason: 'unknown user' | 'inactive' }
  | { kind: 'locked'; userId: number }
  | { kind: 'checked'; userId: number; checkedHash: string; passwordOk: boolean }
  /** The input does not read: the procedure's own schema refuses it with field errors. */
  | null;

export const BATCHED_SIGN_IN = msg('auth.batchedSignIn');
export const SIGN_IN_BUSY = msg('auth.signInBusy');

/**
 * The part of a sign-in that runs BEFORE its write transaction, so the desk does not pay for it:
 *  1. a sign-in shares its HTTP request with no other call (a batch of 40 sign-ins is refused);
 *  2. at most `concurrentSignIns` are checked at once, the others refused at once;
 *  3. the client address and the username typed (known or not) are throttled with exponential
 *     backoff — counted as the attempt starts, so concurrent tries cannot slip past;
 *  4. a locked user is refused without a hash;
 *  5. the password hash (scrypt, bounded pool: server/auth/password.ts) runs outside any
 *     transaction, on libuv's threads; an unknown user costs the same hash as a known one.
 * Refusals of 1–3 write nothing (they cost the attacker, not the log); every refusal of 3–5
 * gives the same answer as a wrong password.
 */
export async function prepareSignIn(ctx: Context, raw: unknown): Promise<CheckedSignIn> {
  if (ctx.callsInRequest > 1) throw new DomainError('VALIDATION', BATCHED_SIGN_IN);
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const throttle = signInThrottle(ctx.deps);
  if (throttle.inFlight >= throttle.limits.concurrentSignIns) {
    throw new DomainError('LOCKED', SIGN_IN_BUSY);
  }
  const now = throttleNow(ctx.deps);
  const key = userKey(username);
  if (throttle.byAddress.waitMs(ctx.ip, now) > 0 || throttle.byUser.waitMs(key, now) > 0) {
    throw signInFailed(false);
  }
  throttle.byAddress.attempt(ctx.ip, now);
  throttle.byUser.attempt(key, now);
  throttle.inFlight += 1;
  try {
    const row = await findUserByUsername(ctx.deps.db, username);
    if (!row || row.active !== 1) {
      await verifyPassword(password, await dummyPasswordHash(ctx.deps.scrypt));
      return { kind: 'no-such-user', username, reason: row ? 'inactive' : 'unknown user' };
    }
    const state = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
    if (isLocked(state, ctx.now)) return { kind: 'locked', userId: row.id };
    const passwordOk = await verifyPassword(password, row.password_hash);
    return { kind: 'checked', userId: row.id, checkedHash: row.password_hash, passwordOk };
  } finally {
    throttle.inFlight -= 1;
  }
}

/** The lock-out count after a right password that still needs a code: not cleared yet. */
function heldState(state: LockoutState): LockoutState {
  return { failedAttempts: state.lockedUntil ? 0 : state.failedAttempts, lockedUntil: null };
}

/**
 * Signs in (in the write transaction, after prepareSignIn): counts the attempt against the
 * user's lock-out, audits it, and opens a session — or, with two-step sign-in on or required,
 * a half-way sign-in whose token only the next step accepts.
 */
export async function signIn(
  ctx: Context & { prepared: CheckedSignIn },
  input: SignInInput,
): Promise<SessionUser & { mfa: PendingSignInStage | null }> {
  const checked = ctx.prepared;
  const at = ctx.now.toISOString();
  if (!checked) throw signInFailed(false);
  if (checked.kind === 'no-such-user') {
    await ctx.audit({
      action: 'auth.login-failed',
      entityType: 'user',
      entityId: checked.username,
      reason: checked.reason,
    });
    throw signInFailed(true);
  }
  const actor = { entityType: 'user', entityId: checked.userId };
  // Read again inside the transaction: the hash checked must still be the user's password.
  const row = await findUserById(ctx.db, checked.userId);
  if (!row || row.active !== 1) throw signInFailed(false);
  const state = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
  if (checked.kind === 'locked' || isLocked(state, ctx.now)) {
    await ctx.audit({ ...actor, action: 'auth.login-refused-locked' });
    throw signInFailed(true);
  }
  const passwordOk = checked.passwordOk && row.password_hash === checked.checkedHash;
  const policy = await readSetting(ctx.db, 'security');
  const outcome = evaluateLogin(state, passwordOk, ctx.now, policy);
  if (outcome.kind !== 'ok') {
    await setLockout(ctx.db, row.id, outcome.next, at);
    await ctx.audit({
      ...actor,
      action: outcome.kind === 'now-locked' ? 'auth.locked' : 'auth.login-failed',
      after: outcome.next,
    });
    throw signInFailed(true);
  }
  let nextStep: PendingSignInStage | null = null;
  const mfa = await findUserMfa(ctx.db, row.id);
  if (mfa?.enabled_at) nextStep = 'verify';
  else if (mfaRequired(row.role, ctx.deps.databaseKind)) nextStep = 'enrol';
  // The password alone does not clear wrong codes: only a finished sign-in does.
  await setLockout(ctx.db, row.id, nextStep === 'verify' ? heldState(state) : outcome.next, at);
  // A right password gives back this address's try and clears the username's backoff.
  const throttle = signInThrottle(ctx.deps);
  ctx.afterCommit(() => {
    throttle.byAddress.refund(ctx.ip);
    throttle.byUser.clear(userKey(input.username));
  });
  if (nextStep) {
    ctx.setSessionToken(await createPendingSignIn(ctx.db, row.id, nextStep, at));
    await ctx.audit({ ...actor, action: 'auth.password-ok', after: { next: nextStep } });
    return { ...sessionUser(row), mfa: nextStep };
  }
  const user = await openSession(ctx, row);
  await ctx.audit({ ...actor, action: 'auth.login' });
  return { ...user, mfa: null };
}
