import type { Selectable } from 'kysely';
import { createSession } from '../../db/repositories/sessions.ts';
import type { PendingSignInStage, UsersTable } from '../../db/schema/index.ts';
import { resolvePendingSignIn, type PendingSignIn } from '../trpc/context.ts';
import { DomainError, msg } from '../domain/errors.ts';
import type { Context, SessionUser } from '../trpc/base.ts';

/**
 * What every sign-in failure answers — wrong password, unknown or inactive user, locked user,
 * throttled address or username — so the answer never tells whether a username exists.
 */
export const SIGN_IN_FAILED = msg('auth.signInFailed');
export const WRONG_CODE = msg('auth.wrongCode');
export const REPLAYED_CODE = msg('auth.replayedCode');
export const EXPIRED = msg('auth.expired');

/** The one failure of sign-in. `commit`: the attempt's counts and audit record are kept. */
export function signInFailed(commit: boolean): DomainError {
  return new DomainError('UNAUTHENTICATED', SIGN_IN_FAILED, { commit });
}

export type UserRow = Selectable<UsersTable>;

export function sessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    language: row.language,
  };
}

/** Opens a real session for a user who passed every step, and sets the cookie. */
export async function openSession(
  ctx: Pick<Context, 'db' | 'now' | 'setSessionToken'>,
  row: UserRow,
): Promise<SessionUser> {
  const token = await createSession(ctx.db, row.id, ctx.now.toISOString());
  ctx.setSessionToken(token);
  return sessionUser(row);
}

/** The half-way sign-in behind this request's cookie, at the given stage, or a clear refusal. */
export async function pendingAt(ctx: Context, stage: PendingSignInStage): Promise<PendingSignIn> {
  const pending = await resolvePendingSignIn(ctx, ctx.sessionTokenHash, ctx.now);
  if (!pending || pending.stage !== stage) throw new DomainError('UNAUTHENTICATED', EXPIRED);
  return pending;
}

/** Who is enrolling: a signed-in user, or one whose sign-in waits for a forced enrolment. */
export async function enrolling(
  ctx: Context,
): Promise<{ userId: number; pending: PendingSignIn | null }> {
  if (ctx.user) return { userId: ctx.user.id, pending: null };
  const pending = await pendingAt(ctx, 'enrol');
  return { userId: pending.userId, pending };
}
