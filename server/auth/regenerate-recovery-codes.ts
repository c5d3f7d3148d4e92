import { findUserMfa, replaceRecoveryCodes } from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { checkTotp } from '../domain/totp.ts';
import { openSecret } from './mfa-secrets.ts';
import type { Context, SessionUser } from '../trpc/base.ts';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes.ts';
import { REPLAYED_CODE, WRONG_CODE } from './session.ts';
import type { CodeInput } from './verify-code.ts';

/**
 * New recovery codes for oneself, with a current code from the app (a session alone is not
 * enough): the old ones stop working, the new ones are shown this once.
 */
export async function regenerateRecoveryCodes(
  ctx: Context & { user: SessionUser },
  input: CodeInput,
): Promise<{ recoveryCodes: string[] }> {
  const mfa = await findUserMfa(ctx.db, ctx.user.id);
  if (!mfa?.enabled_at) throw new DomainError('PRECONDITION', msg('auth.mfaNotOn'));
  const check = checkTotp(
    openSecret(ctx.deps, ctx.user.id, mfa.secret_enc),
    input.code,
    ctx.now,
    mfa.last_used_step,
  );
  if (!check.ok) {
    const message = check.reason === 'replayed' ? REPLAYED_CODE : WRONG_CODE;
    throw new DomainError('VALIDATION', message, {
      fields: { code: message },
      detail: { reason: check.reason },
    });
  }
  const recoveryCodes = newRecoveryCodes();
  await replaceRecoveryCodes(
    ctx.db,
    ctx.user.id,
    recoveryCodes.map(hashRecoveryCode),
    ctx.now.toISOString(),
  );
  await ctx.audit({
    action: 'auth.mfa-recovery-codes',
    entityType: 'user',
    entityId: ctx.user.id,
    after: { recoveryCodes: recoveryCodes.length },
  });
  return { recoveryCodes };
}
