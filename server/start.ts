import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHttpApp } from './app.ts';
import { formatLogLine } from './logging.ts';
import { startConfiguredBackups } from './backups.ts';
import { openDataDir, prepareDatabase, type DatabaseKind } from './bootstrap.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { DeskEvents } from './events.ts';
import { shareEventsOverPostgres } from './events-pg.ts';
import { runWhileLeader } from './leader.ts';
import { closePresence } from './messages/presence.ts';
import { isPostgresUrl, openPostgres } from '../db/database.ts';
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
  /** Log every HTTP request (method, path, status; never query strings or headers). */
  httpLog?: boolean;
  /** Seed the demo scenario into a newly created training database (default true). */
  demoData?: boolean;
  /**
   * A central PostgreSQL database (default: env CIC_DATABASE_URL; null forces SQLite). The data
   * folder then only holds files (attachments, keys). Several instances may share it.
   */
  databaseUrl?: string | null;
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
    console.error(formatLogLine(message, error));
  };
  const databaseUrl =
    options.databaseUrl === undefined
      ? (process.env.CIC_DATABASE_URL ?? null)
      : options.databaseUrl;
  if (databaseUrl !== null && !isPostgresUrl(databaseUrl))
    throw new Error('CIC_DATABASE_URL must be a postgres:// or postgresql:// URL');
  const { db, sqlite } = databaseUrl
    ? { db: openPostgres(databaseUrl).db, sqlite: null }
    : openDataDir(options.dataDir);
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
    if (prepared.created && prepared.kind === 'training' && options.demoData !== false && sqlite) {
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
    logger: options.httpLog ?? false,
  });
  const backups = startConfiguredBackups(deps); // CIC_BACKUP_DIR / _TIME / _KEEP
  // Several instances on PostgreSQL: live events over LISTEN/NOTIFY, the outbox on one of them.
  if (databaseUrl) await shareEventsOverPostgres(deps, databaseUrl);
  const messaging = databaseUrl
    ? runWhileLeader(databaseUrl, () => startMessaging(deps), { log })
    : startMessaging(deps);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host}:${port}`;
  if (prepared.created)
    log(
      `created a new ${prepared.kind} database in ${databaseUrl ? 'PostgreSQL' : options.dataDir}`,
    );
  return {
    url,
    port,
    deps,
    close: async () => {
      await backups?.stop();
      await messaging.stop();
      closePresence(deps);
      await app.close();
      await deps.events.close();
      await db.destroy();
      if (sqlite?.open) sqlite.close();
    },
  };
}
