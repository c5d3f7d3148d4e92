import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildHttpApp } from './app.ts';
import { formatLogLine } from '../ops/logging.ts';
import { startConfiguredBackups } from '../ops/backups.ts';
import {
  databasePath,
  openServerDataDir,
  prepareDatabase,
  type DatabaseKind,
} from '../ops/bootstrap.ts';
import { ReadWorkers } from './read-workers.ts';
import { systemClock, type Clock } from '../domain/clock.ts';
import { DeskEvents } from '../events/desk-events.ts';
import { shareEventsOverPostgres } from '../events/postgres.ts';
import { runWhileLeader } from '../ops/leader.ts';
import { checkClock, checkClockAtStart, ClockWatch } from '../ops/security-clock.ts';
import { closePresence } from '../messages/presence.ts';
import { isPostgresUrl, openPostgres } from '../../db/database.ts';
import { startMessaging } from '../messages/background.ts';
import { attachmentsRoot, sweepPartialAttachments } from '../messages/attachments.ts';
import { DEFAULT_SCRYPT, TEST_SCRYPT } from '../auth/password.ts';
import { cacheConfigReads, forgetCachedConfig } from '../../db/repositories/settings.ts';
import { readSetting } from '../core/settings.ts';
import { runSeed } from '../training/seed/index.ts';
import { bankAccountSealer, sealPlainBankAccounts } from '../customers/bank-account-seal.ts';
import { localDateOf } from '../domain/dates.ts';
import { loadClockState, TrainingClock } from '../training/clock.ts';
import type { AppDeps } from '../trpc/base.ts';
import { forgetCachedSessions } from '../trpc/context.ts';

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
   * Reader threads for signed-in queries (server/http/read-workers.ts); default env
   * CIC_READ_WORKERS, else 0 (every request on the main thread). Web mode on SQLite only: not
   * embedded (launch token), not on PostgreSQL, not with an injected clock (readers could not
   * share it).
   */
  readWorkers?: number;
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

/**
 * How long a plain read of the settings / closures calendar may be reused by this server
 * (db/repositories/settings.ts cacheConfigReads): the bound on how late it sees a settings
 * change made by another instance or by hand (a change through the desk is seen at once).
 */
export const CONFIG_CACHE_MS = 2_000;
/** Live-update areas whose (committed) change may touch settings or closures: cache dropped. */
export const CONFIG_AREAS: ReadonlySet<string> = new Set([
  'all',
  'calendar',
  'clock',
  'training',
  'settings',
  'admin',
]);
/** How long close() waits for requests still running after their client went away. */
const DRAIN_MS = 5_000;

/** Reader threads asked for: the option, else CIC_READ_WORKERS (0–16), else none. */
export function readWorkersWanted(option: number | undefined): number {
  const raw = option ?? (process.env.CIC_READ_WORKERS ? Number(process.env.CIC_READ_WORKERS) : 0);
  if (!Number.isInteger(raw) || raw < 0 || raw > 16)
    throw new Error(`CIC_READ_WORKERS must be a whole number from 0 to 16, got "${raw}"`);
  return raw;
}

/** The renderer build next to the server (dist/renderer from the repo root). */
export function defaultStaticDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');
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
  const scrypt = options.fastHash ? TEST_SCRYPT : DEFAULT_SCRYPT;
  let clock = options.clock ?? systemClock;
  const prepareOptions = {
    kind: options.kind ?? 'training',
    demoUsers: true,
    scrypt,
    at: clock.now(),
  } as const;
  // SQLite: the data folder is this server's alone (lock), writable, and the database whole
  // before anything is served; a new one is created completely or not at all.
  const folder = databaseUrl
    ? null
    : await openServerDataDir(options.dataDir, {
        log,
        create: async (creating) => {
          const r = await prepareDatabase(creating.db, prepareOptions);
          if (r.kind === 'training' && options.demoData !== false) {
            // With an injected clock (tests), the demo world's "today" is the clock's.
            const asOf = options.clock
              ? localDateOf(
                  options.clock.now(),
                  (await readSetting(creating.db, 'identity')).timeZone,
                )
              : undefined;
            const seeded = await runSeed({
              sqlite: creating.sqlite,
              scale: 'demo',
              exclusive: true,
              sealBankAccount: bankAccountSealer({ dataDir: options.dataDir }),
              ...(asOf ? { asOf } : {}),
            });
            log(`seeded demo data (scenario ${seeded.scenarioId}) in ${seeded.milliseconds} ms`);
          }
        },
      });
  const { db, sqlite } = folder ?? { db: openPostgres(databaseUrl ?? '').db, sqlite: null };
  if (folder) {
    // Only this server writes here (the lock): a .tmp is what a cut-off write left behind.
    const swept = sweepPartialAttachments(attachmentsRoot(options.dataDir));
    if (swept > 0) log(`removed ${swept} partial attachment file(s) left by an interrupted write`);
  }
  let prepared;
  try {
    prepared = await prepareDatabase(db, prepareOptions);
    if (folder?.created) prepared = { ...prepared, created: true };
    // After the migrations (they cannot see the key) and the demo seed: no plain bank account.
    const sealed = await sealPlainBankAccounts(db, { dataDir: options.dataDir });
    if (sealed > 0) log(`sealed ${sealed} EasyPay bank account number(s) stored in plain text`);
    // A training database runs on the trainer's clock; production always on the real time.
    if (!options.clock && prepared.kind === 'training')
      clock = new TrainingClock(systemClock, await loadClockState(db));
  } catch (error) {
    await db.destroy();
    folder?.release();
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
    // The system clock against a monotonic one (a test's injected clock is not watched).
    ...(options.clock ? {} : { clockWatch: new ClockWatch() }),
  };
  if (deps.clockWatch) await checkClockAtStart(deps, deps.clockWatch);
  // Jumps are also seen while nobody makes a request (and the mark is kept up to date).
  const clockTimer = setInterval(() => {
    checkClock(deps).catch((e: unknown) => log('the clock check failed', e));
  }, 30_000);
  clockTimer.unref();
  // Settings and closures are read by every request: kept CONFIG_CACHE_MS outside transactions
  // (both engines; a change through the desk drops them at once, here and on other instances).
  cacheConfigReads(db, CONFIG_CACHE_MS);
  deps.events.on('changed', ({ area }, remote) => {
    if (CONFIG_AREAS.has(area)) forgetCachedConfig();
    // Another instance (or reader worker) ended sessions: this one's cached ones go too.
    if (area === 'sessions' && remote) forgetCachedSessions();
  });
  // Web mode on SQLite only: the embedded desktop (a launch token) serves one user on one thread.
  const readerCount =
    folder && !options.clock && !options.launchToken ? readWorkersWanted(options.readWorkers) : 0;
  let readers: ReadWorkers | null = null;
  if (readerCount > 0) {
    try {
      readers = await ReadWorkers.start(
        readerCount,
        {
          file: databasePath(options.dataDir),
          dataDir: options.dataDir,
          databaseKind: prepared.kind,
          fastHash: options.fastHash ?? false,
          quiet: options.quiet ?? false,
          configCacheMs: CONFIG_CACHE_MS,
          configAreas: [...CONFIG_AREAS],
        },
        deps,
      );
      log(`${readerCount} reader thread(s) answer signed-in queries (CIC_READ_WORKERS)`);
    } catch (error) {
      clearInterval(clockTimer);
      await db.destroy();
      if (sqlite?.open) sqlite.close();
      folder?.release();
      throw error;
    }
  }
  const app = await buildHttpApp(deps, {
    staticDir: options.staticDir === undefined ? defaultStaticDir() : options.staticDir,
    launchToken: options.launchToken ?? null,
    logger: options.httpLog ?? false,
    readers,
  });
  const running = trackRunningRequests(app);
  const backups = startConfiguredBackups(deps); // CIC_BACKUP_DIR / _TIME / _KEEP
  // Several instances on PostgreSQL: live events over LISTEN/NOTIFY, the outbox on one of them.
  if (databaseUrl) await shareEventsOverPostgres(deps, databaseUrl);
  const messaging = databaseUrl
    ? runWhileLeader(databaseUrl, () => startMessaging(deps), { log })
    : startMessaging(deps);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port, host });
  } catch (error) {
    // Port taken, ...: nothing stays open (the data folder's lock least of all).
    clearInterval(clockTimer);
    await readers?.close();
    await backups?.stop();
    await messaging.stop();
    await app.close();
    await db.destroy();
    if (sqlite?.open) sqlite.close();
    folder?.release();
    throw error;
  }
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
      clearInterval(clockTimer);
      await backups?.stop();
      await messaging.stop();
      closePresence(deps);
      await app.close();
      // A client that hung up does not stop its handler: let those finish before the pool goes.
      await running.drained(DRAIN_MS);
      await readers?.close();
      await deps.events.close();
      await db.destroy();
      if (sqlite?.open) sqlite.close();
      folder?.release(); // a clean stop: the next start needs no full integrity check
    },
  };
}

/**
 * Requests whose handler may still be working: from `onRequest` until the response is handed
 * over (`onSend`) or finished (`onResponse`). `app.close()` waits for open sockets only, so a
 * handler whose client already hung up (a load generator stopping, a closed tab) would
 * otherwise hit a destroyed database pool.
 */
function trackRunningRequests(app: FastifyInstance): { drained(maxMs: number): Promise<void> } {
  const open = new Set<FastifyRequest>();
  let idle: (() => void) | null = null;
  const done = (request: FastifyRequest) => {
    if (open.delete(request) && open.size === 0) idle?.();
  };
  app.addHook('onRequest', (request, _reply, next) => {
    open.add(request);
    next();
  });
  app.addHook('onSend', (request, _reply, payload, next) => {
    done(request);
    next(null, payload);
  });
  app.addHook('onResponse', (request, _reply, next) => {
    done(request);
    next();
  });
  return {
    drained: async (maxMs) => {
      if (open.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        idle = resolve;
        timer = setTimeout(resolve, maxMs);
      });
      clearTimeout(timer);
      idle = null;
    },
  };
}
