import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../database.ts';

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
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeUserSessions(db: DbOrTrx, userId: number, at: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
