import { revokeSession } from '../../db/repositories/sessions.ts';
import type { Context, SessionUser } from '../trpc/base.ts';

/** Ends this session and clears the cookie. */
export async function signOut(ctx: Context & { user: SessionUser }): Promise<{ ok: true }> {
  if (ctx.sessionTokenHash) {
    await revokeSession(ctx.db, ctx.sessionTokenHash, ctx.now.toISOString());
  }
  await ctx.audit({ action: 'auth.logout', entityType: 'user', entityId: ctx.user.id });
  ctx.setSessionToken(null);
  return { ok: true };
}
