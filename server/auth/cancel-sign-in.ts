import { closePendingSignIn } from '../../db/repositories/sessions.ts';
import { resolvePendingSignIn } from '../trpc/context.ts';
import type { Context } from '../trpc/base.ts';

/**
 * Abandons a half-way sign-in (the "Back" / "Use another user" button). With none behind the
 * cookie there is nothing to cancel: nothing is written, not even an audit record.
 */
export async function cancelSignIn(ctx: Context): Promise<{ ok: true }> {
  const pending = await resolvePendingSignIn(ctx, ctx.sessionTokenHash, ctx.now);
  ctx.setSessionToken(null);
  if (!pending) {
    ctx.nothingChanged();
    return { ok: true };
  }
  await closePendingSignIn(ctx.db, pending.tokenHash, ctx.now.toISOString());
  await ctx.audit({ action: 'auth.mfa-cancel', entityType: 'user', entityId: pending.userId });
  return { ok: true };
}
