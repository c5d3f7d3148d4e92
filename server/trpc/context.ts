import {
  findPendingSignIn,
  findSession,
  hashToken,
  noteSessionsChanged,
  revokeSession,
  sessionsVersion,
  touchSession,
} from '../../db/repositories/sessions.ts';
import { readSetting } from '../core/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { localDateOf } from '../domain/dates.ts';
import type { PendingSignInStage } from '../../db/schema/index.ts';
import { checkClock, CLOCK_JUMP_TOLERANCE_MS } from '../ops/security-clock.ts';
import type { AppDeps, Context, SessionUser } from './base.ts';

export const SESSION_COOKIE = 'cic_session';

const TOUCH_EVERY_MS = 60_000;
/** A right password gives this long to type the code (or finish the forced enrolment). */
export const PENDING_SIGN_IN_MINUTES = 10;

/**
 * Resolved session rows are kept this long per server (a request each second per agent made the
 * session lookup one query and one query build of every request). Everything that ends a
 * session or changes its user — sign-out, deactivation, password reset, two-step reset, language
 * — moves `sessionsVersion()` and empties the cache at once; the mutation that did it also
 * tells the other instances / reader workers after its commit (server/trpc/base.ts, event
 * area 'sessions'). The idle and absolute limits are checked on every request from the row's
 * times, so a cached row never outlives them. Only this bounds a change made outside the desk
 * (a hand-edited database).
 */
export const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;
interface CachedSession {
  at: number;
  generation: number;
  row: SessionRow;
}
const sessionCaches = new WeakMap<AppDeps, Map<string, CachedSession>>();

/** Empties every server's cache of resolved sessions (another instance ended some). */
export function forgetCachedSessions(): void {
  noteSessionsChanged();
}

async function lookUpSession(deps: AppDeps, token: string): Promise<SessionRow | undefined> {
  let cache = sessionCaches.get(deps);
  if (!cache) sessionCaches.set(deps, (cache = new Map()));
  const now = performance.now();
  const generation = sessionsVersion();
  const hit = cache.get(token);
  if (hit && hit.generation === generation && now - hit.at < SESSION_CACHE_MS) return hit.row;
  const row = await findSession(deps.db, token);
  // Only live sessions are kept: a refused token is looked up again (and costs its sender).
  if (row && !row.revoked_at && row.active === 1 && sessionsVersion() === generation) {
    if (cache.size >= SESSION_CACHE_MAX) cache.clear();
    cache.set(token, { at: now, generation, row });
  } else cache.delete(token);
  return row;
}

/**
 * Resolves the signed-in user from a session token: unknown, revoked, idle-expired sessions,
 * sessions older than the absolute limit, and deactivated users all mean "not signed in".
 * A half-way two-step sign-in is never a session (see resolvePendingSignIn).
 */
export async function resolveSession(
  deps: AppDeps,
  token: string | undefined,
  now: Date,
): Promise<{ user: SessionUser; tokenHash: string } | null> {
  if (!token) return null;
  const row = await lookUpSession(deps, token);
  if (!row || row.revoked_at || row.active !== 1) return null;
  // Created or used "in the future": the clock ran ahead then and was corrected since. Ended
  // (production; a training database's clock is moved back and forth by the trainer).
  const future = now.getTime() + CLOCK_JUMP_TOLERANCE_MS;
  if (
    deps.databaseKind === 'production' &&
    (new Date(row.created_at).getTime() > future || new Date(row.last_seen_at).getTime() > future)
  ) {
    await revokeSession(deps.db, row.token_hash, now.toISOString());
    return null;
  }
  const { sessionIdleMinutes, sessionAbsoluteHours } = await readSetting(deps.db, 'security');
  const idleMs = now.getTime() - new Date(row.last_seen_at).getTime();
  if (idleMs > sessionIdleMinutes * 60_000) return null;
  const ageMs = now.getTime() - new Date(row.created_at).getTime();
  if (ageMs > sessionAbsoluteHours * 3_600_000) return null;
  if (idleMs > TOUCH_EVERY_MS) {
    await touchSession(deps.db, row.token_hash, now.toISOString());
    // The cached row carries the new time too (unless the sessions changed meanwhile).
    const entry = sessionCaches.get(deps)?.get(token);
    if (entry && entry.generation === sessionsVersion())
      entry.row = { ...entry.row, last_seen_at: now.toISOString() };
  }
  return {
    tokenHash: row.token_hash,
    user: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      language: row.language,
    },
  };
}

export interface PendingSignIn {
  tokenHash: string;
  userId: number;
  username: string;
  stage: PendingSignInStage;
}

/** The half-way sign-in a token stands for (open, recent, user still active), or null. */
export async function resolvePendingSignIn(
  deps: { db: DbOrTrx },
  tokenHash: string | null,
  now: Date,
): Promise<PendingSignIn | null> {
  if (!tokenHash) return null;
  const row = await findPendingSignIn(deps.db, tokenHash);
  if (!row || row.closed_at || row.active !== 1) return null;
  const ageMs = now.getTime() - new Date(row.created_at).getTime();
  if (ageMs > PENDING_SIGN_IN_MINUTES * 60_000 || ageMs < 0) return null;
  return { tokenHash, userId: row.user_id, username: row.username, stage: row.stage };
}

export interface ContextInput {
  deps: AppDeps;
  sessionToken?: string | undefined;
  setSessionToken?: (token: string | null) => void;
  ip?: string;
  /** Procedure calls in the HTTP request (a tRPC batch carries several). */
  callsInRequest?: number;
}

/** Builds a request context; used by the HTTP adapter and by tests through createCaller. */
export async function createContext(input: ContextInput): Promise<Context> {
  // A clock jump is handled (sessions ended, lockouts shortened) before any session is trusted.
  await checkClock(input.deps);
  const now = input.deps.clock.now();
  const session = await resolveSession(input.deps, input.sessionToken, now);
  const { timeZone } = await readSetting(input.deps.db, 'identity');
  return {
    deps: input.deps,
    db: input.deps.db,
    now,
    today: localDateOf(now, timeZone),
    timeZone,
    user: session?.user ?? null,
    // Without a session, the hash of whatever token was presented: the second step of a
    // two-step sign-in looks it up among the half-way sign-ins (it grants nothing else).
    sessionTokenHash:
      session?.tokenHash ?? (input.sessionToken ? hashToken(input.sessionToken) : null),
    setSessionToken: input.setSessionToken ?? (() => {}),
    ip: input.ip ?? '127.0.0.1',
    callsInRequest: input.callsInRequest ?? 1,
    audit: async () => {
      throw new Error('audit() is only available inside a mutation');
    },
    afterCommit: (fn) => fn(),
    nothingChanged: () => {},
  };
}
