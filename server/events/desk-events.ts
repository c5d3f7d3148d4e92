import { randomUUID } from 'node:crypto';
import { EventEmitter, on } from 'node:events';

/**
 * Live events, fanned out to SSE subscriptions. Mutations publish after their transaction
 * commits (ctx.afterCommit), so a listener never sees an uncommitted change.
 * Workflow areas add their event names to `DeskEventMap`.
 *
 * One server instance: events stay in the process. Several instances on one PostgreSQL
 * database: a transport (server/events/postgres.ts, LISTEN/NOTIFY) carries every emitted event to
 * the other instances, which deliver it to their own subscribers. The emitting instance
 * delivers its own events at once and drops their echo (events carry the instance id).
 */
export interface DeskEventMap {
  /**
   * Something in an area changed; clients refetch what they show of it. Area 'clock' (the
   * trainer moved the clock) and 'all' (data reset) make every view refetch.
   */
  changed: { area: string; id?: string | number };
  /** One instance's view of who has a thread open (server/messages/presence.ts). */
  presence: PresenceAnnouncement;
}

export interface PresenceAnnouncement {
  /** The announcing server instance. */
  instance: string;
  threadId: number;
  /** Everyone connected to that instance with the thread open (empty: nobody any more). */
  entries: Array<{ userId: number; name: string; mode: 'viewing' | 'replying'; since: string }>;
  /** The announcer just got its first viewer of the thread: others answer with theirs. */
  ask?: boolean;
}

export type DeskEventName = keyof DeskEventMap;
const EVENT_NAMES: ReadonlySet<string> = new Set<DeskEventName>(['changed', 'presence']);
const RESYNC = Symbol('resync');

/** An event on the wire between instances. */
export interface WireEvent {
  origin: string;
  name: DeskEventName;
  payload: unknown;
}

/** Carries events to the other server instances (and back: see `DeskEvents.receive`). */
export interface EventTransport {
  publish(event: WireEvent): void;
  close(): Promise<void>;
}

export class DeskEvents {
  /** This server instance (a process): events it published come back tagged with it. */
  readonly instanceId: string = randomUUID();
  readonly #emitter = new EventEmitter();
  #transport: EventTransport | null = null;

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** True when other instances share the events (a transport is connected). */
  get distributed(): boolean {
    return this.#transport !== null;
  }

  /** Publishes every later event to the other instances too. */
  connect(transport: EventTransport): void {
    this.#transport = transport;
  }

  emit<K extends DeskEventName>(name: K, payload: DeskEventMap[K]): void {
    this.#emitter.emit(name, payload, false);
    this.#transport?.publish({ origin: this.instanceId, name, payload });
  }

  /**
   * Delivers an event another instance published to this instance's listeners. Returns false
   * (and delivers nothing) for this instance's own echo or something that is not an event.
   */
  receive(event: unknown): boolean {
    if (typeof event !== 'object' || event === null) return false;
    const { origin, name, payload } = event as Partial<WireEvent>;
    if (typeof origin !== 'string' || origin === this.instanceId) return false;
    if (typeof name !== 'string' || !EVENT_NAMES.has(name)) return false;
    if (typeof payload !== 'object' || payload === null) return false;
    this.#emitter.emit(name, payload, true);
    return true;
  }

  /**
   * The transport lost the other instances for a while and is back (server/events/postgres.ts):
   * whatever they published meanwhile is lost, so this instance's clients refetch everything
   * (delivered here only — every instance resyncs on its own) and live state such as presence
   * is announced again (`onResync`).
   */
  resync(): void {
    this.#emitter.emit('changed', { area: 'all' }, false);
    this.#emitter.emit(RESYNC);
  }

  onResync(listener: () => void): () => void {
    this.#emitter.on(RESYNC, listener);
    return () => this.#emitter.off(RESYNC, listener);
  }

  /** Calls `listener` for every event of a kind (`remote`: it came from another instance). */
  on<K extends DeskEventName>(
    name: K,
    listener: (payload: DeskEventMap[K], remote: boolean) => void,
  ): () => void {
    const fn = (payload: DeskEventMap[K], remote: boolean) => listener(payload, remote);
    this.#emitter.on(name, fn);
    return () => this.#emitter.off(name, fn);
  }

  /**
   * Async iterator of one event kind, ended by the signal (a closed SSE connection). It listens
   * from this call on, not from its first `next()`: an event emitted in between is buffered, not
   * lost. (A subscription resolver calls it before tRPC sends the client `connected`, so once
   * the client knows it is connected, nothing emitted later can pass it by.)
   */
  listen<K extends DeskEventName>(
    name: K,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<DeskEventMap[K]> {
    const heard = on(this.#emitter, name, signal ? { signal } : {});
    return (async function* () {
      for await (const [payload] of heard) yield payload as DeskEventMap[K];
    })();
  }

  /** Disconnects from the other instances (server shutdown). */
  async close(): Promise<void> {
    const transport = this.#transport;
    this.#transport = null;
    await transport?.close();
  }
}
