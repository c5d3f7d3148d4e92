import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  toStaffUser,
  updateUser,
  usersWithMfaOn,
} from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { isLocked } from '../domain/lockout.ts';
import type { StaffContext } from '../trpc/base.ts';

/** Staff users with their lock (by the desk's clock) and two-step status. */
export async function listStaff(ctx: StaffContext) {
  const mfaOn = await usersWithMfaOn(ctx.db);
  return (await listUsers(ctx.db)).map((u) => ({
    ...u,
    locked: isLocked({ failedAttempts: u.failedAttempts, lockedUntil: u.lockedUntil }, ctx.now),
    mfaEnabled: mfaOn.has(u.id),
  }));
}

export async function createUser(
  ctx: MutationContext,
  input: {
    username: string;
    displayName: string;
    role: Role;
    password: string;
    language: 'en' | 'fr';
  },
  /** Hashed before the transaction (server/auth/prepare-password.ts). */
  passwordHash: string,
) {
  if (await findUserByUsername(ctx.db, input.username)) {
    throw new DomainError('CONFLICT', msg('admin.usernameTaken', { username: input.username }), {
      fields: { username: msg('fields.alreadyTaken') },
    });
  }
  const user = await insertUser(ctx.db, { ...input, passwordHash }, ctx.now.toISOString());
  await ctx.audit({ action: 'user.create', entityType: 'user', entityId: user.id, after: user });
  return user;
}

/** One audited change of a staff user's row; the audit keeps `view` of it, never the hash. */
function changeUser<View>(
  ctx: MutationContext,
  spec: {
    action: string;
    userId: number;
    reason: string;
    view: (u: ReturnType<typeof toStaffUser>) => View;
    guard?: () => void;
    apply: () => Promise<void>;
  },
) {
  return recordChange(ctx, {
    action: spec.action,
    entityType: 'user',
    area: 'admin',
    entityId: spec.userId,
    load: async () => {
      const row = await findUserById(ctx.db, spec.userId);
      if (!row) throw new DomainError('NOT_FOUND', msg('admin.noSuchUser'));
      return toStaffUser(row);
    },
    ...(spec.guard ? { guard: spec.guard } : {}),
    apply: spec.apply,
    auditView: spec.view,
    reason: spec.reason,
  });
}

const lockout = (u: ReturnType<typeof toStaffUser>) => ({
  failedAttempts: u.failedAttempts,
  lockedUntil: u.lockedUntil,
});

/** Admin: sets a new password (also clears the lockout) and ends the user's sessions. */
export async function resetUserPassword(
  ctx: MutationContext,
  input: { userId: number; password: string; reason: string },
  /** Hashed before the transaction (server/auth/prepare-password.ts). */
  passwordHash: string,
) {
  const at = ctx.now.toISOString();
  await changeUser(ctx, {
    action: 'user.reset-password',
    userId: input.userId,
    reason: input.reason,
    view: lockout,
    apply: async () => {
      await updateUser(
        ctx.db,
        input.userId,
        { passwordHash, failedAttempts: 0, lockedUntil: null },
        at,
      );
      await revokeUserSessions(ctx.db, input.userId, at);
    },
  });
  return { ok: true as const };
}

export async function unlockUser(ctx: MutationContext, input: { userId: number; reason: string }) {
  await changeUser(ctx, {
    action: 'user.unlock',
    userId: input.userId,
    reason: input.reason,
    view: lockout,
    apply: () =>
      updateUser(
        ctx.db,
        input.userId,
        { failedAttempts: 0, lockedUntil: null },
        ctx.now.toISOString(),
      ),
  });
  return { ok: true as const };
}

/** Admin: deactivates (ending every session) or reactivates a user; never oneself. */
export async function setUserActive(
  ctx: MutationContext,
  input: { userId: number; active: boolean; reason: string },
) {
  const at = ctx.now.toISOString();
  await changeUser(ctx, {
    action: input.active ? 'user.activate' : 'user.deactivate',
    userId: input.userId,
    reason: input.reason,
    view: (u) => ({ active: u.active }),
    guard: () => {
      if (input.userId === ctx.user.id && !input.active)
        throw new DomainError('VALIDATION', msg('admin.cannotDeactivateSelf'));
    },
    apply: async () => {
      await updateUser(ctx.db, input.userId, { active: input.active }, at);
      if (!input.active) await revokeUserSessions(ctx.db, input.userId, at);
    },
  });
  return { ok: true as const };
}
