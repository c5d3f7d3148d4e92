import { findSession, touchSession } from '../db/repositories/sessions.ts';
import { readSetting } from '../db/repositories/settings.ts';
import type { AppDeps, Context, SessionUser } from './trpc.ts';

export const SESSION_COOKIE = 'cic_session';

const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves the signed-in user from a session token: unknown, revoked, idle-expired sessions
 * and deactivated users all mean "not signed in".
 */
export async function resolveSession(
  deps: AppDeps,
  token: string | undefined,
  now: Date,
): Promise<{ user: SessionUser; tokenHash: string } | null> {
  if (!token) return null;
  const row = await findSession(deps.db, token);
  if (!row || row.revoked_at || row.active !== 1) return null;
  const { sessionIdleMinutes } = await readSetting(deps.db, 'security');
  const idleMs = now.getTime() - new Date(row.last_seen_at).getTime();
  if (idleMs > sessionIdleMinutes * 60_000) return null;
  if (idleMs > TOUCH_EVERY_MS) await touchSession(deps.db, row.token_hash, now.toISOString());
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

export interface ContextInput {
  deps: AppDeps;
  sessionToken?: string | undefined;
  setSessionToken?: (token: string | null) => void;
  ip?: string;
}

/** Builds a request context; used by the HTTP adapter and by tests through createCaller. */
export async function createContext(input: ContextInput): Promise<Context> {
  const now = input.deps.clock.now();
  const session = await resolveSession(input.deps, input.sessionToken, now);
  return {
    deps: input.deps,
    db: input.deps.db,
    now,
    user: session?.user ?? null,
    sessionTokenHash: session?.tokenHash ?? null,
    setSessionToken: input.setSessionToken ?? (() => {}),
    ip: input.ip ?? '127.0.0.1',
    audit: async () => {
      throw new Error('audit() is only available inside a mutation');
    },
    afterCommit: (fn) => fn(),
  };
}
