import { z } from 'zod';
import { closePendingSignIn } from '../../db/repositories/sessions.ts';
import { readSetting } from '../core/settings.ts';
import {
  acceptMfaStep,
  findUserById,
  findUserMfa,
  setLockout,
  spendRecoveryCode,
  unusedRecoveryCodes,
} from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { evaluateLogin, isLocked } from '../domain/lockout.ts';
import { checkTotp } from '../domain/totp.ts';
import { openSecret } from './mfa-secrets.ts';
import type { Context, SessionUser } from '../trpc/base.ts';
import { hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.ts';
import { EXPIRED, openSession, pendingAt, REPLAYED_CODE, WRONG_CODE } from './session.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

/** A 6-digit code from the app, or a one-time recovery code (XXXX-XXXX-XXXX-XXXX). */
export const codeInput = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1, fieldKey('fields.enterCode'))
    .max(24)
    .regex(/^[\dA-Za-z\s-]+$/, fieldKey('fields.codeCharacters')),
});
export type CodeInput = z.infer<typeof codeInput>;

const WRONG_RECOVERY_CODE = msg('auth.wrongRecoveryCode');

/**
 * Step 2 of a sign-in with two-step on: a code from the app, or one of the user's one-time
 * recovery codes (lost phone). Wrong (or replayed) codes count toward the same lock-out as wrong
 * passwords; a right code opens the session. A recovery code is spent by its use.
 */
export async function verifyCode(ctx: Context, input: CodeInput): Promise<SessionUser> {
  const pending = await pendingAt(ctx, 'verify');
  const row = await findUserById(ctx.db, pending.userId);
  const mfa = await findUserMfa(ctx.db, pending.userId);
  if (!row || !mfa?.enabled_at) throw new DomainError('UNAUTHENTICATED', EXPIRED);
  const policy = await readSetting(ctx.db, 'security');
  const at = ctx.now.toISOString();
  const state = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
  const locked = isLocked(state, ctx.now);
  const recovery = looksLikeRecoveryCode(input.code);
  let reason: 'wrong' | 'replayed' | null;
  if (recovery) {
    // Not while locked; the guarded write spends a code once even when two requests race.
    reason =
      !locked && (await spendRecoveryCode(ctx.db, row.id, hashRecoveryCode(input.code), at))
        ? null
        : 'wrong';
  } else {
    const check = checkTotp(
      openSecret(ctx.deps, row.id, mfa.secret_enc),
      input.code,
      ctx.now,
      mfa.last_used_step,
    );
    reason = check.ok ? null : check.reason;
    if (check.ok && !locked && !(await acceptMfaStep(ctx.db, row.id, check.step, at))) {
      reason = 'replayed';
    }
  }
  const outcome = evaluateLogin(state, reason === null, ctx.now, policy);
  await setLockout(ctx.db, row.id, outcome.next, at);
  const actor = { entityType: 'user', entityId: row.id };
  const method = recovery ? 'recovery-code' : 'totp';
  switch (outcome.kind) {
    case 'ok': {
      await closePendingSignIn(ctx.db, pending.tokenHash, at);
      const user = await openSession(ctx, row);
      await ctx.audit({
        ...actor,
        action: 'auth.login',
        after: recovery
          ? { mfa: method, recoveryCodesLeft: await unusedRecoveryCodes(ctx.db, row.id) }
          : { mfa: method },
      });
      return user;
    }
    case 'locked':
    case 'now-locked':
      await closePendingSignIn(ctx.db, pending.tokenHash, at);
      ctx.setSessionToken(null);
      await ctx.audit({
        ...actor,
        action: outcome.kind === 'locked' ? 'auth.login-refused-locked' : 'auth.locked',
        after: { ...outcome.next, step: 'mfa', method },
      });
      throw new DomainError(
        'LOCKED',
        outcome.kind === 'locked' ? msg('auth.userLocked') : msg('auth.nowLockedCodes'),
        { commit: true, detail: { lockedUntil: outcome.lockedUntil } },
      );
    case 'wrong-password': {
      const message = recovery
        ? WRONG_RECOVERY_CODE
        : reason === 'replayed'
          ? REPLAYED_CODE
          : WRONG_CODE;
      await ctx.audit({
        ...actor,
        action: 'auth.mfa-failed',
        after: { ...outcome.next, reason, method },
      });
      throw new DomainError('UNAUTHENTICATED', message, {
        commit: true,
        fields: { code: message },
        detail: { reason, attemptsLeft: outcome.attemptsLeft },
      });
    }
  }
}
