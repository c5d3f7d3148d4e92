import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../database.ts';
import type { PendingSignInStage } from '../schema/index.ts';

/**
 * Bumped by every change that can end a session or change who it stands for (revocations,
 * deactivation, language): server/trpc/context.ts keeps resolved sessions for a few seconds and
 * drops them all when this moves, so a sign-out takes effect on the next request.
 */
let sessionsGeneration = 0;
export function noteSessionsChanged(): void {
  sessionsGeneration++;
}
export function sessionsVersion(): number {
  return sessionsGeneration;
}

/** 256-bit random session token; only its SHA-256 is stored, so a database copy grants nothing. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: DbOrTrx, userId: number, at: string): Promise<string> {
  const token = newSessionToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: at,
      last_seen_at: at,
      revoked_at: null,
    })
    .execute();
  return token;
}

export async function findSession(db: DbOrTrx, token: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.token_hash',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.revoked_at',
      'users.id as user_id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.active',
      'users.language',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, tokenHash: string, at: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function revokeSession(db: DbOrTrx, tokenHash: string, at: string): Promise<void> {
  noteSessionsChanged();
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Ends every session of a user — and every half-way two-step sign-in, so a password typed
 * before a reset or deactivation cannot be completed with a code afterwards.
 */
export async function revokeUserSessions(db: DbOrTrx, userId: number, at: string): Promise<void> {
  noteSessionsChanged();
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await db
    .updateTable('mfa_pending_sign_ins')
    .set({ closed_at: at })
    .where('user_id', '=', userId)
    .where('closed_at', 'is', null)
    .execute();
}

/**
 * The half-way state of a two-step sign-in (right password, code or enrolment still due). Its
 * token travels in the session cookie, but it lives in its own table: it is never a session.
 */
export async function createPendingSignIn(
  db: DbOrTrx,
  userId: number,
  stage: PendingSignInStage,
  at: string,
): Promise<string> {
  const token = newSessionToken();
  await db
    .insertInto('mfa_pending_sign_ins')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      stage,
      created_at: at,
      closed_at: null,
    })
    .execute();
  return token;
}

export async function findPendingSignIn(db: DbOrTrx, tokenHash: string) {
  return db
    .selectFrom('mfa_pending_sign_ins')
    .innerJoin('users', 'users.id', 'mfa_pending_sign_ins.user_id')
    .select([
      'mfa_pending_sign_ins.token_hash',
      'mfa_pending_sign_ins.stage',
      'mfa_pending_sign_ins.created_at',
      'mfa_pending_sign_ins.closed_at',
      'users.id as user_id',
      'users.username',
      'users.active',
    ])
    .where('mfa_pending_sign_ins.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function closePendingSignIn(
  db: DbOrTrx,
  tokenHash: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('mfa_pending_sign_ins')
    .set({ closed_at: at })
    .where('token_hash', '=', tokenHash)
    .where('closed_at', 'is', null)
    .execute();
}
