import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHttpApp } from './app.ts';
import { openDataDir, prepareDatabase, type DatabaseKind } from './bootstrap.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { DeskEvents } from './events.ts';
import { startMessaging } from './messages/background.ts';
import { DEFAULT_SCRYPT, TEST_SCRYPT } from './password.ts';
import { readSetting } from '../db/repositories/settings.ts';
import { runSeed } from '../db/seed/index.ts';
import { localDateOf } from './domain/dates.ts';
import { loadClockState, TrainingClock } from './training-clock.ts';
import type { AppDeps } from './trpc.ts';

export interface StartOptions {
  port: number;
  host?: string;
  dataDir: string;
  launchToken?: string | null;
  staticDir?: string | null;
  /** Kind of a NEW database (default training: demo users and demo data on first run). */
  kind?: DatabaseKind;
  clock?: Clock;
  /** Cheaper password hashing for automated tests (CIC_FAST_HASH=1). */
  fastHash?: boolean;
  quiet?: boolean;
  /** Seed the demo scenario into a newly created training database (default true). */
  demoData?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  close(): Promise<void>;
}

/** The renderer build next to the server (dist/renderer from the repo root). */
export function defaultStaticDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer');
}

/**
 * Opens (creating and migrating on first start) the database in `dataDir` and serves the desk
 * on `host:port` (port 0 = any free port). Used by web mode, the Electron utility process and
 * end-to-end tests alike.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const log = (message: string, error?: unknown) => {
    if (options.quiet && !error) return;
    console.error(`[cic-desk] ${message}`, error ?? '');
  };
  const { db, sqlite } = openDataDir(options.dataDir);
  const scrypt = options.fastHash ? TEST_SCRYPT : DEFAULT_SCRYPT;
  let clock = options.clock ?? systemClock;
  let prepared;
  try {
    prepared = await prepareDatabase(db, {
      kind: options.kind ?? 'training',
      demoUsers: true,
      scrypt,
      at: clock.now(),
    });
    if (prepared.created && prepared.kind === 'training' && options.demoData !== false) {
      // With an injected clock (tests), the demo world's "today" is the clock's.
      const asOf = options.clock
        ? localDateOf(options.clock.now(), (await readSetting(db, 'identity')).timeZone)
        : undefined;
      const seeded = await runSeed({
        sqlite,
        scale: 'demo',
        exclusive: true,
        ...(asOf ? { asOf } : {}),
      });
      log(`seeded demo data (scenario ${seeded.scenarioId}) in ${seeded.milliseconds} ms`);
    }
    // A training database runs on the trainer's clock; production always on the real time.
    if (!options.clock && prepared.kind === 'training')
      clock = new TrainingClock(systemClock, await loadClockState(db));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const deps: AppDeps = {
    db,
    clock,
    events: new DeskEvents(),
    databaseKind: prepared.kind,
    dataDir: options.dataDir,
    scrypt,
    log,
  };
  const app = await buildHttpApp(deps, {
    staticDir: options.staticDir === undefined ? defaultStaticDir() : options.staticDir,
    launchToken: options.launchToken ?? null,
  });
  const messaging = startMessaging(deps);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host}:${port}`;
  if (prepared.created) log(`created a new ${prepared.kind} database in ${options.dataDir}`);
  return {
    url,
    port,
    deps,
    close: async () => {
      await messaging.stop();
      await app.close();
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}
