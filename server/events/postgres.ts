import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DeskEvents, EventTransport, WireEvent } from './desk-events.ts';
import { applyClockState, loadClockState, TrainingClock } from '../training/clock.ts';
import type { AppDeps } from '../trpc/base.ts';

/**
 * Live events between server instances on one PostgreSQL database: every instance LISTENs on
 * one channel with a dedicated connection (outside the query pool) and publishes its events with
 * `pg_notify` — after the mutation's commit, because `DeskEvents.emit` is only called from
 * `ctx.afterCommit`. A received event goes to this instance's SSE subscribers; the publishing
 * instance drops its own echo (it delivered the event locally already).
 *
 * When the listening connection drops (database restart, failover), it reconnects with
 * back-off and then resyncs (`DeskEvents.resync`): its own clients refetch everything, since
 * notifications sent meanwhile are lost, and its presence is announced again.
 */
export const EVENTS_CHANNEL = 'cic_events';

/** NOTIFY payloads must stay under 8,000 bytes. */
const MAX_PAYLOAD_BYTES = 7_900;

export interface PgEventsOptions {
  log?: (message: string, error?: unknown) => void;
  /** Reconnect delays in ms (then the last one, repeatedly). */
  retryDelaysMs?: readonly number[];
}

/** Shrinks an event that is too big for NOTIFY into one that still does its job, or null. */
export function wirePayload(event: WireEvent): string | null {
  const text = JSON.stringify(event);
  if (Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES) return text;
  if (event.name === 'changed') {
    const { area } = event.payload as { area: string };
    return JSON.stringify({ ...event, payload: { area } });
  }
  return null;
}

/**
 * Connects `events` to the other instances on the database at `url`. Resolves once this
 * instance is listening (so nothing published after startup is missed).
 *
 * @example
 * deps.events.connect(await connectPgEvents(process.env.CIC_DATABASE_URL, deps.events));
 */
export async function connectPgEvents(
  url: string,
  events: DeskEvents,
  options: PgEventsOptions = {},
): Promise<EventTransport> {
  const log = options.log ?? (() => {});
  const delays = options.retryDelaysMs ?? [250, 1_000, 2_000, 5_000];
  // Publishing uses its own connection: a busy query pool must not hold up live events. ONE
  // connection, kept open: NOTIFYs sent on two connections can commit out of order, and the
  // other instances must hear this one's events in the order it sent them (a viewer's "I am
  // here" overtaking their "I left" kept a closed thread's viewer on the others' screens until
  // the presence TTL). The pool queues NOTIFYs first in, first out.
  const publisher = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  publisher.on('error', (e) => log('live events: a publishing connection failed', e));
  let listener: pg.Client | null = null;
  let closed = false;
  /** NOTIFYs on their way: closing waits for them (a last presence announcement, …). */
  const pending = new Set<Promise<void>>();

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      try {
        events.receive(JSON.parse(message.payload));
      } catch (e) {
        log('live events: an unreadable notification was ignored', e);
      }
    });
    client.on('error', (e) => {
      log('live events: the listening connection failed; reconnecting', e);
      lost(client);
    });
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw e;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    listener = client;
  };

  const lost = (client: pg.Client) => {
    if (closed || listener !== client) return;
    listener = null;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    void reconnect();
  };

  const reconnect = async () => {
    for (let attempt = 0; !closed; attempt++) {
      await sleep(delays[Math.min(attempt, delays.length - 1)] ?? 5_000, undefined, {
        ref: false,
      });
      if (closed) return;
      try {
        await listen();
        log('live events: listening again; clients refetch what they show');
        events.resync();
        return;
      } catch (e) {
        log(`live events: reconnect attempt ${attempt + 1} failed`, e);
      }
    }
  };

  await listen();

  return {
    publish(event) {
      if (closed) return;
      const payload = wirePayload(event);
      if (payload === null) {
        log(`live events: a ${event.name} event is too large for NOTIFY and stays local`);
        return;
      }
      const sent = publisher
        .query('select pg_notify($1, $2)', [EVENTS_CHANNEL, payload])
        .then(
          () => {},
          (e: unknown) => log('live events: NOTIFY failed', e),
        )
        .finally(() => pending.delete(sent));
      pending.add(sent);
    },
    async close() {
      closed = true;
      await Promise.all(pending);
      const client = listener;
      listener = null;
      if (client) {
        client.removeAllListeners('end');
        client.removeAllListeners('error');
        client.on('error', () => {});
        await client.end().catch(() => {});
      }
      await publisher.end().catch(() => {});
    },
  };
}

/**
 * Makes a server instance part of a group on one PostgreSQL database: its events go to the
 * other instances and theirs come to it. The trainer's clock is kept in each instance's
 * memory, so a clock move (or a data reset) made on another instance is re-read here.
 */
export async function shareEventsOverPostgres(deps: AppDeps, url: string): Promise<void> {
  deps.events.connect(await connectPgEvents(url, deps.events, { log: deps.log }));
  deps.events.on('changed', (event, remote) => {
    if (!remote || (event.area !== 'clock' && event.area !== 'all')) return;
    if (!(deps.clock instanceof TrainingClock)) return;
    const clock = deps.clock;
    loadClockState(deps.db)
      .then((state) => {
        if (state) applyClockState(clock, state);
      })
      .catch((e: unknown) => deps.log('could not re-read the training clock', e));
  });
}
