import { Worker } from 'node:worker_threads';
import type { EventTransport, WireEvent } from '../events/desk-events.ts';
import { appRouter } from '../router.ts';
import type { AppDeps } from '../trpc/base.ts';
import { msg } from '../domain/shared/server-messages.ts';
import { httpErrorBody } from './error-reply.ts';

/**
 * Reads on every core (issue 20). SQLite in WAL mode lets many connections read while one
 * writes, but one Node process runs the desk's request handling on one thread: at 1M messages
 * it saturated near 380 req/s on one core. With `CIC_READ_WORKERS=N` the server starts N
 * reader threads (server/http/read-worker.ts), each with its own connection, and hands them
 * the plain tRPC queries of signed-in staff (queue pages, threads, searches, 360s: ≈ 80 % of
 * an agent's requests). Everything else stays on the main thread: mutations (the one writer,
 * so the audit chain and `BEGIN IMMEDIATE` work as before), sign-in and its throttles,
 * anonymous calls, live events (SSE) and presence.
 *
 * The readers share the main thread's live events the way several PostgreSQL instances share
 * theirs (server/events/postgres.ts): every event the main thread emits is posted to every
 * reader, which drops its cached settings / closures / sessions or re-reads the trainer's clock
 * on the same areas as an instance does; an event a reader emits comes back to the main thread
 * and on to the others. A mutation's events are posted after its commit and before its answer,
 * and a reader takes messages in order, so the next read after a sign-out already sees it.
 *
 * Not for the embedded desktop (one user: a thread hop costs more than it saves) nor on
 * PostgreSQL (run more instances instead: docs/operations.md).
 */
export interface ReaderSetup {
  index: number;
  file: string;
  dataDir: string;
  databaseKind: AppDeps['databaseKind'];
  fastHash: boolean;
  quiet: boolean;
  configCacheMs: number;
  configAreas: string[];
}

export interface ReaderRequest {
  id: number;
  url: string;
  ip: string;
  headers: Record<string, string | undefined>;
}

export interface ReaderAnswer {
  status: number;
  headers: Record<string, string>;
  /**
   * The answer's bytes as the reader's tRPC handler produced them, in an ArrayBuffer the reader
   * transfers (not copies) to the main thread, which writes them as they are: no UTF-8 decoding
   * in the reader, no string copy between threads, no re-encoding on the main thread.
   */
  body: Uint8Array;
}

export type ToMain =
  | { type: 'ready' }
  | { type: 'event'; event: WireEvent }
  | ({ type: 'answer'; id: number } & ReaderAnswer);

/** Headers of a reader's answer that belong to its own (buffered) response, not the wire. */
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** Request headers a query's answer may depend on (tRPC reads content-type and accept). */
const FORWARDED = ['cookie', 'accept', 'content-type', 'trpc-accept', 'x-trpc-source'] as const;

interface Reader {
  worker: Worker;
  /** Requests handed to it and not answered yet. */
  pending: Set<number>;
}

const STOPPED: ReaderAnswer = {
  status: 503,
  headers: { 'content-type': 'application/json' },
  // The tRPC error shape with a key: the screen says it in the user's language.
  body: Buffer.from(JSON.stringify(httpErrorBody('SERVICE_UNAVAILABLE', msg('common.restarting')))),
};

const QUERY_PATHS: ReadonlySet<string> = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, p]) => p._def.type === 'query')
    .map(([path]) => path),
);

export class ReadWorkers {
  readonly #readers: Reader[];
  readonly #waiting = new Map<number, (answer: ReaderAnswer) => void>();
  #nextId = 1;
  #closed = false;

  private constructor(readers: Reader[]) {
    this.#readers = readers;
  }

  /** Starts `count` readers on the SQLite file and connects them to `deps.events`. */
  static async start(
    count: number,
    setup: Omit<ReaderSetup, 'index'>,
    deps: Pick<AppDeps, 'events' | 'log'>,
  ): Promise<ReadWorkers> {
    const readers: Reader[] = [];
    const pool = new ReadWorkers(readers);
    const started = Array.from({ length: count }, (_, index) => {
      const worker = new Worker(new URL('./read-worker.ts', import.meta.url), {
        workerData: { ...setup, index } satisfies ReaderSetup,
      });
      const reader: Reader = { worker, pending: new Set() };
      readers.push(reader);
      return new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.on('message', (message: ToMain) => {
          if (message.type === 'ready') {
            worker.off('error', reject);
            worker.on('error', (e) => deps.log(`reader ${index} failed`, e));
            resolve();
          } else if (message.type === 'answer') {
            reader.pending.delete(message.id);
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers))
              if (!HOP_BY_HOP.has(k)) headers[k] = v;
            pool.#answer(message.id, { status: message.status, headers, body: message.body });
          } else if (message.type === 'event') {
            // A reader's event: delivered here and passed on to the other readers.
            if (deps.events.receive(message.event)) pool.#post(message.event, reader);
          }
        });
        worker.once('exit', (code) => {
          reject(new Error(`reader ${index} exited before it was ready (${code})`));
          // A reader that died (it should not): its requests fail, the others carry on.
          const at = readers.indexOf(reader);
          if (at !== -1) readers.splice(at, 1);
          for (const id of reader.pending) pool.#answer(id, STOPPED);
          if (!pool.#closed) deps.log(`reader ${index} stopped (exit code ${code})`);
        });
      });
    });
    try {
      await Promise.all(started);
    } catch (error) {
      await pool.close();
      throw error;
    }
    const transport: EventTransport = {
      publish: (event) => pool.#post(event, null),
      close: async () => {},
    };
    deps.events.connect(transport);
    return pool;
  }

  #answer(id: number, answer: ReaderAnswer): void {
    const done = this.#waiting.get(id);
    this.#waiting.delete(id);
    done?.(answer);
  }

  get size(): number {
    return this.#readers.length;
  }

  #post(event: WireEvent, except: Reader | null): void {
    for (const r of this.#readers) if (r !== except) r.worker.postMessage({ type: 'event', event });
  }

  /**
   * Whether a request is a reader's: a GET of tRPC queries only (one or a batch), from a
   * signed-in browser (a session cookie), not a live-event stream.
   */
  serves(method: string, url: string, headers: Record<string, unknown>): boolean {
    if (this.#closed || this.#readers.length === 0 || method !== 'GET' || !url.startsWith('/trpc/'))
      return false;
    const cookie = headers.cookie;
    if (typeof cookie !== 'string' || !cookie.includes('cic_session=')) return false;
    const accept = headers.accept;
    if (typeof accept === 'string' && accept.includes('text/event-stream')) return false;
    const q = url.indexOf('?');
    const paths = decodeURIComponent(url.slice(6, q === -1 ? undefined : q)).split(',');
    return paths.every((p) => QUERY_PATHS.has(p));
  }

  /** Answers a request on the least busy reader. */
  dispatch(
    url: string,
    ip: string,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<ReaderAnswer> {
    const first = this.#readers[0];
    if (!first) return Promise.resolve(STOPPED);
    let reader = first;
    for (const r of this.#readers) if (r.pending.size < reader.pending.size) reader = r;
    const id = this.#nextId++;
    const forwarded: Record<string, string | undefined> = {};
    for (const name of FORWARDED) {
      const v = headers[name];
      forwarded[name] = Array.isArray(v) ? v.join(', ') : v;
    }
    reader.pending.add(id);
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      reader.worker.postMessage({
        type: 'request',
        request: { id, url, ip, headers: forwarded } satisfies ReaderRequest,
      });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      this.#readers.map(
        (r) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void r.worker.terminate().then(() => resolve()), 5_000);
            r.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            r.worker.postMessage({ type: 'close' });
          }),
      ),
    );
    for (const id of [...this.#waiting.keys()]) this.#answer(id, STOPPED);
  }
}
