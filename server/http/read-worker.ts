/**
 * One reader of the desk's SQLite database in a worker thread (server/http/read-workers.ts
 * starts them). It answers the tRPC queries the main thread hands it — the same router, the
 * same context (session, settings, clock) — on its own connection, so queries run on another
 * core while the main thread keeps the writes (one writer), sign-in, live events and presence.
 *
 * Live events reach it from the main thread over its port (server/events/desk-events.ts: the
 * same transport contract as PostgreSQL's LISTEN/NOTIFY between instances): a settings,
 * calendar or clock change drops this reader's configuration cache or re-reads the trainer's
 * clock, an ended session empties its session cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { openDatabase } from '../../db/database.ts';
import { cacheConfigReads, forgetCachedConfig } from '../../db/repositories/settings.ts';
import { systemClock } from '../domain/clock.ts';
import { DeskEvents, type EventTransport, type WireEvent } from '../events/desk-events.ts';
import { formatLogLine } from '../ops/logging.ts';
import { noteStorageError } from '../ops/storage-health.ts';
import { appRouter } from '../router.ts';
import { applyClockState, loadClockState, TrainingClock } from '../training/clock.ts';
import type { AppDeps } from '../trpc/base.ts';
import { createContext, forgetCachedSessions, SESSION_COOKIE } from '../trpc/context.ts';
import { DEFAULT_SCRYPT, TEST_SCRYPT } from '../auth/password.ts';
import { MAX_BATCH_CALLS } from './http-edge.ts';
import type { ReaderRequest, ReaderSetup, ToMain } from './read-workers.ts';

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs in a worker thread');
const setup = workerData as ReaderSetup;
const { db, sqlite } = openDatabase(setup.file);
const clock =
  setup.databaseKind === 'training'
    ? new TrainingClock(systemClock, await loadClockState(db))
    : systemClock;
const events = new DeskEvents();
const deps: AppDeps = {
  db,
  clock,
  events,
  databaseKind: setup.databaseKind,
  dataDir: setup.dataDir,
  scrypt: setup.fastHash ? TEST_SCRYPT : DEFAULT_SCRYPT,
  log: (message, error) => {
    if (setup.quiet && !error) return;
    console.error(formatLogLine(`reader ${setup.index}: ${message}`, error));
  },
};
cacheConfigReads(db, setup.configCacheMs);
const send = (message: ToMain, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const transport: EventTransport = {
  publish: (event: WireEvent) => send({ type: 'event', event }),
  close: async () => {},
};
events.connect(transport);
events.on('changed', ({ area }, remote) => {
  if (!remote) return;
  if (setup.configAreas.includes(area)) forgetCachedConfig();
  if (area === 'sessions') forgetCachedSessions();
  if ((area === 'clock' || area === 'all') && clock instanceof TrainingClock) {
    loadClockState(db)
      .then((state) => {
        if (state) applyClockState(clock, state);
      })
      .catch((e: unknown) => deps.log('could not re-read the training clock', e));
  }
});

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

async function answer(request: ReaderRequest): Promise<void> {
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(request.headers)) if (v !== undefined) headers.set(k, v);
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req: new Request(`http://reader${request.url}`, { method: 'GET', headers }),
      router: appRouter,
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: ({ info }) =>
        createContext({
          deps,
          sessionToken: cookieValue(request.headers.cookie, SESSION_COOKIE),
          ip: request.ip,
          callsInRequest: info.calls.length,
          // Queries never set the session cookie (only sign-in, sign-out, … — mutations).
          setSessionToken: () => {
            throw new Error('a query tried to set the session cookie');
          },
        }),
      onError: ({ error, path }) => {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;
        if (!noteStorageError(deps, error.cause ?? error, `tRPC ${path ?? '?'}`))
          deps.log(`tRPC ${path ?? '?'} failed`, error.cause ?? error);
      },
    });
    // Which reader answered (tests and operators can see the work spread).
    const out: Record<string, string> = { 'x-cic-reader': String(setup.index) };
    res.headers.forEach((value, key) => {
      out[key] = value;
    });
    const body = new Uint8Array(await res.arrayBuffer());
    // The bytes move to the main thread (transferred: not copied, not decoded).
    send({ type: 'answer', id: request.id, status: res.status, headers: out, body }, [body.buffer]);
  } catch (error) {
    deps.log('a read failed in the reader', error);
    send({ type: 'answer', id: request.id, status: 500, headers: {}, body: new Uint8Array() });
  }
}

port.on(
  'message',
  (
    message:
      | { type: 'request'; request: ReaderRequest }
      | { type: 'event'; event: WireEvent }
      | { type: 'close' },
  ) => {
    if (message.type === 'request') void answer(message.request);
    else if (message.type === 'event') events.receive(message.event);
    else if (message.type === 'close') {
      void db.destroy().finally(() => {
        if (sqlite.open) sqlite.close();
        port.close();
      });
    }
  },
);
send({ type: 'ready' });
