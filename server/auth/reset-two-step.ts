import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import {
  deleteUserMfa,
  findUserById,
  findUserMfa,
  replaceRecoveryCodes,
} from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { Context } from '../trpc/base.ts';

/**
 * An admin switches a user's two-step sign-in off (lost phone and recovery codes): the user's
 * sessions end, their recovery codes stop working, and where it is required they set it up
 * again at their next sign-in.
 */
export async function resetTwoStep(
  ctx: Context,
  input: { userId: number; reason: string },
): Promise<{ ok: true }> {
  const row = await findUserById(ctx.db, input.userId);
  if (!row) throw new DomainError('NOT_FOUND', msg('admin.noSuchUser'));
  const before = await findUserMfa(ctx.db, input.userId);
  const at = ctx.now.toISOString();
  await deleteUserMfa(ctx.db, input.userId);
  await replaceRecoveryCodes(ctx.db, input.userId, [], at);
  await revokeUserSessions(ctx.db, input.userId, at);
  await ctx.audit({
    action: 'user.mfa-reset',
    entityType: 'user',
    entityId: input.userId,
    before: { enabled: Boolean(before?.enabled_at) },
    after: { enabled: false },
    reason: input.reason,
  });
  return { ok: true };
}
