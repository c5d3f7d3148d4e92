import { z } from 'zod';
import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import { readSetting } from '../core/settings.ts';
import { findUserById, replacePasswordHash, setLockout } from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { evaluateLogin } from '../domain/lockout.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { passwordSchema } from '../core/schemas.ts';
import type { Context, SessionUser } from '../trpc/base.ts';
import { openSession } from './session.ts';
import { fieldKey } from '../trpc/zod-messages.ts';

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1, fieldKey('fields.enterCurrentPassword')).max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

/** The hashes a password change needs, computed before its transaction (null: input unread). */
export type CheckedPasswordChange = {
  checkedHash: string;
  currentOk: boolean;
  sameAsCurrent: boolean;
  newHash: string | null;
} | null;

/**
 * Outside any transaction: checks the current password, whether the new one is the same, and
 * hashes the new one — up to three scrypt runs that must not hold the write lock.
 */
export async function prepareChangePassword(
  ctx: Context & { user: SessionUser },
  raw: unknown,
): Promise<CheckedPasswordChange> {
  const parsed = changePasswordInput.safeParse(raw);
  if (!parsed.success) return null;
  const row = await findUserById(ctx.deps.db, ctx.user.id);
  if (!row) return null;
  const currentOk = await verifyPassword(parsed.data.currentPassword, row.password_hash);
  if (!currentOk) {
    return { checkedHash: row.password_hash, currentOk, sameAsCurrent: false, newHash: null };
  }
  const sameAsCurrent = await verifyPassword(parsed.data.newPassword, row.password_hash);
  return {
    checkedHash: row.password_hash,
    currentOk,
    sameAsCurrent,
    newHash: sameAsCurrent ? null : await hashPassword(parsed.data.newPassword, ctx.deps.scrypt),
  };
}

/**
 * Changes one's own password. Every session of the user ends (other browsers, a stolen
 * cookie); this one continues on a fresh token. Wrong current passwords count toward lock-out.
 */
export async function changePassword(
  ctx: Context & { user: SessionUser; prepared: CheckedPasswordChange },
): Promise<{ ok: true }> {
  const row = await findUserById(ctx.db, ctx.user.id);
  const checked = ctx.prepared;
  if (!row || !checked) throw new DomainError('UNAUTHENTICATED', msg('auth.sessionEnded'));
  const at = ctx.now.toISOString();
  if (row.password_hash !== checked.checkedHash) {
    throw new DomainError('CONFLICT', msg('auth.passwordChangedElsewhere'));
  }
  const policy = await readSetting(ctx.db, 'security');
  const outcome = evaluateLogin(
    { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until },
    checked.currentOk,
    ctx.now,
    policy,
  );
  await setLockout(ctx.db, row.id, outcome.next, at);
  if (outcome.kind === 'locked' || outcome.kind === 'now-locked') {
    await revokeUserSessions(ctx.db, row.id, at);
    ctx.setSessionToken(null);
    await ctx.audit({ action: 'auth.locked', entityType: 'user', entityId: row.id });
    throw new DomainError('LOCKED', msg('auth.nowLockedPasswords'), {
      commit: true,
      detail: { lockedUntil: outcome.lockedUntil },
    });
  }
  if (outcome.kind === 'wrong-password') {
    await ctx.audit({
      action: 'user.change-password-failed',
      entityType: 'user',
      entityId: row.id,
      after: outcome.next,
    });
    throw new DomainError('VALIDATION', msg('auth.currentPasswordWrong'), {
      commit: true,
      fields: { currentPassword: msg('auth.fieldNotCurrentPassword') },
      detail: { attemptsLeft: outcome.attemptsLeft },
    });
  }
  if (checked.sameAsCurrent || !checked.newHash) {
    throw new DomainError('VALIDATION', msg('auth.chooseNewPassword'), {
      fields: { newPassword: msg('auth.fieldSameAsCurrent') },
    });
  }
  if (!(await replacePasswordHash(ctx.db, row.id, checked.checkedHash, checked.newHash, at))) {
    throw new DomainError('CONFLICT', msg('auth.passwordChangedElsewhere'));
  }
  await revokeUserSessions(ctx.db, row.id, at);
  await openSession(ctx, row);
  await ctx.audit({ action: 'user.change-password', entityType: 'user', entityId: row.id });
  return { ok: true };
}
