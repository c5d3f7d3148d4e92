import { closePendingSignIn } from '../../db/repositories/sessions.ts';
import {
  acceptMfaStep,
  findUserById,
  findUserMfa,
  replaceRecoveryCodes,
} from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { checkTotp } from '../domain/totp.ts';
import { openSecret } from './mfa-secrets.ts';
import type { Context, SessionUser } from '../trpc/base.ts';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.ts';
import { enrolling, EXPIRED, openSession, WRONG_CODE } from './session.ts';
import type { CodeInput } from './verify-code.ts';

/**
 * Finishes an enrolment with a current code, and issues the user's one-time recovery codes:
 * the answer carries them in clear, the only time they are ever shown (only hashes are kept).
 * For a forced enrolment this also completes the sign-in (the answer then carries the user).
 */
export async function confirmEnrolment(
  ctx: Context,
  input: CodeInput,
): Promise<{ enabled: true; user: SessionUser | null; recoveryCodes: string[] }> {
  const who = await enrolling(ctx);
  const row = await findUserById(ctx.db, who.userId);
  const mfa = await findUserMfa(ctx.db, who.userId);
  if (!row) throw new DomainError('UNAUTHENTICATED', EXPIRED);
  if (!mfa) throw new DomainError('PRECONDITION', msg('auth.startSetupFirst'));
  if (mfa.enabled_at) {
    throw new DomainError('CONFLICT', msg('auth.mfaAlreadyOn'));
  }
  const at = ctx.now.toISOString();
  const check = checkTotp(
    openSecret(ctx.deps, row.id, mfa.secret_enc),
    input.code,
    ctx.now,
    mfa.last_used_step,
  );
  if (!check.ok || !(await acceptMfaStep(ctx.db, row.id, check.step, at, true))) {
    throw new DomainError('VALIDATION', WRONG_CODE, {
      fields: { code: WRONG_CODE },
      detail: { reason: 'wrong' },
    });
  }
  const recoveryCodes = newRecoveryCodes();
  await replaceRecoveryCodes(ctx.db, row.id, recoveryCodes.map(hashRecoveryCode), at);
  await ctx.audit({
    action: 'auth.mfa-enabled',
    entityType: 'user',
    entityId: row.id,
    after: { recoveryCodes: recoveryCodes.length },
  });
  if (!who.pending) return { enabled: true, user: null, recoveryCodes };
  await closePendingSignIn(ctx.db, who.pending.tokenHash, at);
  const user = await openSession(ctx, row);
  await ctx.audit({
    action: 'auth.login',
    entityType: 'user',
    entityId: row.id,
    after: { mfa: 'enrolled' },
  });
  return { enabled: true, user, recoveryCodes };
}
