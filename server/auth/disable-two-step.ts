import { deleteUserMfa, findUserMfa, replaceRecoveryCodes } from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { checkTotp, mfaRequired } from '../domain/totp.ts';
import { openSecret } from './mfa-secrets.ts';
import type { Context, SessionUser } from '../trpc/base.ts';
import { REPLAYED_CODE, WRONG_CODE } from './session.ts';
import type { CodeInput } from './verify-code.ts';

/** Turns two-step sign-in off for oneself, with a current code; not where it is required. */
export async function disableTwoStep(
  ctx: Context & { user: SessionUser },
  input: CodeInput,
): Promise<{ enabled: false }> {
  if (mfaRequired(ctx.user.role, ctx.deps.databaseKind)) {
    throw new DomainError('FORBIDDEN', msg('auth.mfaRequired'));
  }
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
  await deleteUserMfa(ctx.db, ctx.user.id);
  await replaceRecoveryCodes(ctx.db, ctx.user.id, [], ctx.now.toISOString());
  await ctx.audit({
    action: 'auth.mfa-disabled',
    entityType: 'user',
    entityId: ctx.user.id,
    before: { enabled: true },
    after: { enabled: false },
  });
  return { enabled: false };
}
