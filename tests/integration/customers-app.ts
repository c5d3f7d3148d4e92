import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { exportDatabase, importDatabase } from '../../db/transfer.ts';
import { createSession } from '../../db/repositories/sessions.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { runSeed, type SeedResult } from '../../server/training/seed/index.ts';
import { customersModule } from '../../server/training/seed/modules/customers.ts';
import { prepareDatabase, type DatabaseKind } from '../../server/ops/bootstrap.ts';
import { createContext } from '../../server/trpc/context.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import { DeskEvents } from '../../server/events/desk-events.ts';
import { hashPassword, TEST_SCRYPT } from '../../server/auth/password.ts';
import { appRouter } from '../../server/router.ts';
import { createCallerFactory, type AppDeps } from '../../server/trpc/base.ts';
import { openTestDatabase } from './harness.ts';
import { onPostgres } from './pg-test-db.ts';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

const dumps = new Map<string, Promise<{ file: string; seeded: SeedResult | null }>>();

/** The seeded SQLite database of `seededApp(options)`, exported to a dump file (cached). */
function seededDump(
  options: { kind?: DatabaseKind; seed?: boolean },
  at: Date,
): Promise<{ file: string; seeded: SeedResult | null }> {
  const key = JSON.stringify([options.kind ?? 'training', options.seed !== false, at]);
  let dump = dumps.get(key);
  if (!dump) {
    dump = (async () => {
      const { db, sqlite } = openDatabase(':memory:');
      const prepared = await prepareDatabase(db, {
        kind: options.kind ?? 'training',
        demoUsers: false,
        scrypt: TEST_SCRYPT,
        at,
      });
      const seeded =
        options.seed !== false && prepared.kind === 'training'
          ? await runSeed({ sqlite, scale: 'demo', seed: 1, modules: [customersModule] })
          : null;
      const dir = mkdtempSync(path.join(tmpdir(), 'cic-seeded-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'seeded.jsonl');
      await exportDatabase(db, file);
      await db.destroy();
      return { file, seeded };
    })();
    dumps.set(key, dump);
  }
  return dump;
}

/**
 * Like tests/integration/harness.ts, but the in-memory database holds the customers module's
 * demo data (seed 1, as of Mon 2026-11-23; other areas' modules are left out so their planted
 * records cannot change these expectations) and the manual clock starts at its 09:30 Eastern.
 */
export async function seededApp(
  options: { kind?: DatabaseKind; seed?: boolean; now?: string } = {},
) {
  const clock = new ManualClock(options.now ?? '2026-11-23T14:30:00.000Z');
  // The generator writes through better-sqlite3: on a PostgreSQL run the seeded SQLite database
  // is moved over with the desk's own export/import (once per set of options and process).
  const built = onPostgres ? await seededDump(options, clock.now()) : null;
  const opened = built ? await openTestDatabase() : null;
  const { db, sqlite } = opened ? { db: opened.db, sqlite: null } : openDatabase(':memory:');
  if (opened && built) await importDatabase(db, built.file, { migrate: migrateToLatest });
  const prepared = await prepareDatabase(db, {
    kind: options.kind ?? 'training',
    demoUsers: false,
    scrypt: TEST_SCRYPT,
    at: clock.now(),
  });
  let seeded: SeedResult | null = built?.seeded ?? null;
  if (sqlite && options.seed !== false && prepared.kind === 'training')
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
    close: () => (opened ? opened.close() : db.destroy()),
  };
}
