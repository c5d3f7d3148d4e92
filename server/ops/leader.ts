import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Background work that must run on ONE server instance at a time when several share a
 * PostgreSQL database: the e-mail outbox sender (two senders would mail a customer twice) and
 * the auto-close sweep. Each instance tries to take a session-level advisory lock on its own
 * connection; the holder runs the work, the others retry every `retryMs`. When the holder stops
 * or dies, PostgreSQL releases the lock with its session and another instance takes over.
 */
export const BACKGROUND_LOCK_KEY = 0x43_49_43_31; // 'CIC1'

export interface Work {
  stop(): Promise<void>;
}

export interface LeaderOptions {
  retryMs?: number;
  key?: number;
  log?: (message: string, error?: unknown) => void;
}

/** Runs `start()` while this instance holds the lock; `stop()` ends it and releases the lock. */
export function runWhileLeader(url: string, start: () => Work, options: LeaderOptions = {}) {
  const retryMs = options.retryMs ?? 5_000;
  const key = options.key ?? BACKGROUND_LOCK_KEY;
  const log = options.log ?? (() => {});
  let stopped = false;
  const halt = new AbortController();
  const wait = (ms: number) => sleep(ms, undefined, { ref: false, signal: halt.signal });
  let client: pg.Client | null = null;
  let work: Work | null = null;

  const release = async () => {
    const w = work;
    work = null;
    await w?.stop();
  };

  const loop = async () => {
    while (!stopped) {
      try {
        const c = new pg.Client({ connectionString: url });
        client = c;
        const gone = new Promise<void>((resolve) => {
          c.on('error', () => resolve());
          c.on('end', () => resolve());
        });
        await c.connect();
        for (;;) {
          const r = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
          if (r.rows[0]?.ok) break;
          await wait(retryMs);
        }
        log('this instance runs the background work (e-mail outbox, sweeps)');
        work = start();
        await Promise.race([gone, new Promise((r) => halt.signal.addEventListener('abort', r))]);
        if (!stopped) log('lost the background-work lock; stopping that work here');
      } catch (e) {
        if (!stopped) log('background-work lock: connection failed, retrying', e);
      }
      await release();
      const c = client;
      client = null;
      await c?.end().catch(() => {});
      if (!stopped) await wait(retryMs).catch(() => {});
    }
  };
  const running = loop();

  return {
    get leading(): boolean {
      return work !== null;
    },
    async stop(): Promise<void> {
      stopped = true;
      halt.abort();
      await running;
    },
  };
}
