import type { Selectable } from 'kysely';
import type { DbOrTrx } from '../database.ts';
import type { Role, UsersTable } from '../schema/index.ts';
import { noteSessionsChanged } from './sessions.ts';

/** A staff user as the rest of the app sees it (no password hash). */
export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  /** Locked at the time of the query (by the desk's clock, which a trainer may have moved). */
  locked?: boolean;
  language: 'en' | 'fr';
  available: boolean;
  createdAt: string;
}

export function toStaffUser(row: Selectable<UsersTable>): StaffUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    language: row.language,
    available: row.available === 1,
    createdAt: row.created_at,
  };
}

export async function findUserByUsername(db: DbOrTrx, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: DbOrTrx, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: DbOrTrx): Promise<StaffUser[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toStaffUser);
}

export async function insertUser(
  db: DbOrTrx,
  user: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    language?: 'en' | 'fr';
  },
  at: string,
): Promise<StaffUser> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      active: 1,
      locked_until: null,
      language: user.language ?? 'en',
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStaffUser(row);
}

/** The user's two-step sign-in row (secret still sealed), or undefined when never started. */
export async function findUserMfa(db: DbOrTrx, userId: number) {
  return db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) an enrolment: a new sealed secret, not yet enabled. */
export async function startMfaEnrolment(
  db: DbOrTrx,
  userId: number,
  sealedSecret: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('user_mfa')
    .values({
      user_id: userId,
      secret_enc: sealedSecret,
      enabled_at: null,
      last_used_step: 0,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        secret_enc: sealedSecret,
        enabled_at: null,
        last_used_step: 0,
        created_at: at,
        updated_at: at,
      }),
    )
    .execute();
}

/**
 * Records an accepted code's step (and, on enrolment, switches two-step sign-in on). The guard
 * on the step makes two requests racing with one code accept it once.
 */
export async function acceptMfaStep(
  db: DbOrTrx,
  userId: number,
  step: number,
  at: string,
  enable = false,
): Promise<boolean> {
  const result = await db
    .updateTable('user_mfa')
    .set({ last_used_step: step, updated_at: at, ...(enable ? { enabled_at: at } : {}) })
    .where('user_id', '=', userId)
    .where('last_used_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ids of the users whose two-step sign-in is switched on (enrolment confirmed). */
export async function usersWithMfaOn(db: DbOrTrx): Promise<Set<number>> {
  const rows = await db
    .selectFrom('user_mfa')
    .select('user_id')
    .where('enabled_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function deleteUserMfa(db: DbOrTrx, userId: number): Promise<boolean> {
  const result = await db.deleteFrom('user_mfa').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Stores a user's sign-in lock-out count and lock. */
export async function setLockout(
  db: DbOrTrx,
  userId: number,
  state: { failedAttempts: number; lockedUntil: string | null },
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_attempts: state.failedAttempts, locked_until: state.lockedUntil, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/**
 * Replaces a user's password hash, only if it is still the one the caller checked (a password
 * changed meanwhile by another request or an admin wins). True when it was replaced.
 */
export async function replacePasswordHash(
  db: DbOrTrx,
  userId: number,
  expectedHash: string,
  newHash: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ password_hash: newHash, updated_at: at })
    .where('id', '=', userId)
    .where('password_hash', '=', expectedHash)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setUserLanguage(
  db: DbOrTrx,
  userId: number,
  language: 'en' | 'fr',
  at: string,
): Promise<void> {
  noteSessionsChanged(); // the session's user carries the language
  await db
    .updateTable('users')
    .set({ language, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Replaces every recovery code of a user with new ones (hashes only). */
export async function replaceRecoveryCodes(
  db: DbOrTrx,
  userId: number,
  codeHashes: readonly string[],
  at: string,
): Promise<void> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length === 0) return;
  await db
    .insertInto('user_recovery_codes')
    .values(
      codeHashes.map((code_hash) => ({
        user_id: userId,
        code_hash,
        created_at: at,
        used_at: null,
      })),
    )
    .execute();
}

/**
 * Spends one recovery code: marks it used if it is the user's and still unused. The guard on
 * `used_at` makes two racing requests with one code succeed once. True when spent.
 */
export async function spendRecoveryCode(
  db: DbOrTrx,
  userId: number,
  codeHash: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many unused recovery codes a user has left. */
export async function unusedRecoveryCodes(db: DbOrTrx, userId: number): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Display names of staff users by id (ids not found are absent). */
export async function displayNames(
  db: DbOrTrx,
  ids: readonly (number | null)[],
): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function userDisplayName(db: DbOrTrx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const row = await db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.display_name ?? null;
}

/** Active, available agents (auto-assignment candidates), by id. */
export async function availableAgentIds(db: DbOrTrx): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'agent')
    .where('active', '=', 1)
    .where('available', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The users row changes the admin screen makes (password, lockout, active). */
export async function updateUser(
  db: DbOrTrx,
  id: number,
  patch: {
    passwordHash?: string;
    failedAttempts?: number;
    lockedUntil?: string | null;
    active?: boolean;
  },
  at: string,
): Promise<void> {
  noteSessionsChanged(); // sessions show `active` (server/trpc/context.ts caches them)
  await db
    .updateTable('users')
    .set({
      ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
      ...(patch.failedAttempts === undefined ? {} : { failed_attempts: patch.failedAttempts }),
      ...(patch.lockedUntil === undefined ? {} : { locked_until: patch.lockedUntil }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}
