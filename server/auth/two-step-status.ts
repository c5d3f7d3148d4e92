import { findUserMfa, unusedRecoveryCodes } from '../../db/repositories/users.ts';
import { mfaRequired } from '../domain/totp.ts';
import type { Context, SessionUser } from '../trpc/base.ts';

/** Is two-step sign-in on for me, must it be, and how many recovery codes are left? */
export async function twoStepStatus(ctx: Context & { user: SessionUser }) {
  const mfa = await findUserMfa(ctx.db, ctx.user.id);
  const enabled = Boolean(mfa?.enabled_at);
  return {
    enabled,
    enabledAt: mfa?.enabled_at ?? null,
    required: mfaRequired(ctx.user.role, ctx.deps.databaseKind),
    recoveryCodesLeft: enabled ? await unusedRecoveryCodes(ctx.db, ctx.user.id) : 0,
  };
}
