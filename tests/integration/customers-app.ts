import { openDatabase } from '../../db/database.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { runSeed, type SeedResult } from '../../db/seed/index.ts';
import { customersModule } from '../../db/seed/modules/customers.ts';
import { prepareDatabase, type DatabaseKind } from '../../server/bootstrap.ts';
import { createContext } from '../../server/context.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { DeskEvents } from '../../server/events.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/password.ts';
import { appRouter } from '../../server/router.ts';
import { createCallerFactory, type AppDeps } from '../../server/trpc.ts';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/**
 * Like tests/integration/harness.ts, but the in-memory database holds the customers module's
 * demo data (seed 1, as of Mon 2026-11-23; other areas' modules are left out so their planted
 * records cannot change these expectations) and the manual clock starts at its 09:30 Eastern.
 */
export async function seededApp(
  options: { kind?: DatabaseKind; seed?: boolean; now?: string } = {},
) {
  const clock = new ManualClock(options.now ?? '2026-11-23T14:30:00.000Z');
  const { db, sqlite } = openDatabase(':memory:');
  const prepared = await prepareDatabase(db, {
    kind: options.kind ?? 'training',
    demoUsers: false,
    scrypt: TEST_SCRYPT,
    at: clock.now(),
  });
  let seeded: SeedResult | null = null;
  if (options.seed !== false && prepared.kind === 'training')
    seeded = await runSeed({ sqlite, scale: 'demo', seed: 1, modules: [customersModule] });
  const events = new DeskEvents();
  const deps: AppDeps = {
    db,
    clock,
    events,
    databaseKind: prepared.kind,
    dataDir: null,
    scrypt: TEST_SCRYPT,
    log: () => {},
  };
  const tokens = new Map<Role, string>();
  const userIds = new Map<Role, number>();
  return {
    deps,
    clock,
    db,
    sqlite,
    seeded,
    async tokenFor(role: Role): Promise<string> {
      let token = tokens.get(role);
      if (!token) {
        const user = await insertUser(
          db,
          {
            username: `test-${role}`,
            displayName: `Test ${role}`,
            role,
            passwordHash: await hashPassword('test-password-1', TEST_SCRYPT),
          },
          clock.now().toISOString(),
        );
        userIds.set(role, user.id);
        token = await createSession(db, user.id, clock.now().toISOString());
        tokens.set(role, token);
      }
      return token;
    },
    async as(role: Role): Promise<Caller> {
      return createCaller(await createContext({ deps, sessionToken: await this.tokenFor(role) }));
    },
    async anonymous(): Promise<Caller> {
      return createCaller(await createContext({ deps }));
    },
    close: () => db.destroy(),
  };
}
