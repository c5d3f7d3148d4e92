import { inject } from 'vitest';
import { openDatabase, openPostgres, type Db } from '../../db/database.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { prepareDatabase, type DatabaseKind } from '../../server/ops/bootstrap.ts';
import { createContext } from '../../server/trpc/context.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { DeskEvents } from '../../server/events/desk-events.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';
import { appRouter } from '../../server/router.ts';
import { createCallerFactory, type AppDeps } from '../../server/trpc/base.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { cloneDatabase, onPostgres } from './pg-test-db.ts';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestApp {
  deps: AppDeps;
  clock: ManualClock;
  /** A caller signed in as a fresh user of this role (one user per role, created on demand). */
  as(role: Role, username?: string): Promise<Caller & { userId: number }>;
  /** A caller with no session. */
  anonymous(): Promise<Caller>;
  /** A caller carrying a given session token (what the browser cookie would hold). */
  withToken(token: string | undefined, onToken?: (t: string | null) => void): Promise<Caller>;
  close(): Promise<void>;
}

/**
 * A fresh, empty database for one test app: in-memory SQLite, or on a PostgreSQL run
 * (CIC_TEST_DATABASE_URL) a new database cloned from the run's migrated template. `close`
 * destroys the handle and drops the PostgreSQL database.
 */
export async function openTestDatabase(
  options: { pgPoolSize?: number } = {},
): Promise<{ db: Db; close: () => Promise<void> }> {
  if (!onPostgres) {
    const { db } = openDatabase(':memory:');
    return { db, close: () => db.destroy() };
  }
  const clone = await cloneDatabase(inject('pgTemplate'));
  const { db } = openPostgres(clone.url, { max: options.pgPoolSize ?? 4 });
  return {
    db,
    close: async () => {
      await db.destroy();
      await clone.drop();
    },
  };
}

/**
 * A real, migrated, in-memory SQLite database (or PostgreSQL, see openTestDatabase) behind the real router, with a manual clock
 * (default 2026-11-20T15:00Z, a Friday) and cheap-but-real password hashing.
 *
 * @example
 * const app = await createTestApp();
 * const agent = await app.as('agent');
 * await agent.auth.me();
 */
export async function createTestApp(
  options: {
    now?: string;
    kind?: DatabaseKind;
    demoUsers?: boolean;
    /** PostgreSQL runs: connections in the app's pool (4; the server's default is 10). */
    pgPoolSize?: number;
  } = {},
): Promise<TestApp> {
  const clock = new ManualClock(options.now ?? '2026-11-20T15:00:00.000Z');
  const { db, close } = await openTestDatabase({ pgPoolSize: options.pgPoolSize });
  const prepared = await prepareDatabase(db, {
    kind: options.kind ?? 'training',
    demoUsers: options.demoUsers ?? false,
    scrypt: TEST_SCRYPT,
    at: clock.now(),
  });
  const deps: AppDeps = {
    db,
    clock,
    events: new DeskEvents(),
    databaseKind: prepared.kind,
    dataDir: null,
    scrypt: TEST_SCRYPT,
    log: () => {},
  };
  const users = new Map<string, number>();
  const withToken = async (token: string | undefined, onToken?: (t: string | null) => void) =>
    createCaller(
      await createContext({ deps, sessionToken: token, setSessionToken: onToken ?? (() => {}) }),
    );
  return {
    deps,
    clock,
    withToken,
    anonymous: () => withToken(undefined),
    async as(role, username = `test-${role}`) {
      let id = users.get(username);
      if (id === undefined) {
        const user = await insertUser(
          db,
          {
            username,
            displayName: `Test ${role}`,
            role,
            passwordHash: await hashPassword('test-password-1', TEST_SCRYPT),
          },
          clock.now().toISOString(),
        );
        id = user.id;
        users.set(username, id);
      }
      const token = await createSession(db, id, clock.now().toISOString());
      // The caller is a tRPC proxy (every property is a procedure path), so userId is layered on top.
      const caller = await withToken(token);
      const userId = id;
      return new Proxy(caller, {
        get: (target, prop, receiver) =>
          prop === 'userId' ? userId : Reflect.get(target, prop, receiver),
      }) as Caller & { userId: number };
    },
    close,
  };
}
