import { EventEmitter, on } from 'node:events';
import type { DeskEvents, PresenceAnnouncement } from '../events/desk-events.ts';

/**
 * Who has a thread open right now, and who is typing a reply: live state, not history, so it
 * is never written to the database. Each server instance keeps the connections of its own
 * `messages.presence` subscriptions. With several instances (PostgreSQL, events distributed
 * over LISTEN/NOTIFY) each instance also announces its viewers of a thread whenever they change
 * and again every `heartbeatMs`; what another instance announced counts until `ttlMs` after its
 * last announcement, so a crashed instance's viewers fade out by themselves. A first viewer of a
 * thread asks the others for theirs, so nobody waits for a heartbeat to see who is there.
 */
export type PresenceMode = 'viewing' | 'replying';

export interface PresenceEntry {
  userId: number;
  name: string;
  mode: PresenceMode;
  since: string;
}

export interface PresenceOptions {
  heartbeatMs?: number;
  ttlMs?: number;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

interface Remote {
  entries: PresenceEntry[];
  expires: number;
}

export class PresenceBoard {
  readonly #threads = new Map<number, Map<string, PresenceEntry>>();
  /** threadId → announcing instance → what it announced. */
  readonly #remote = new Map<number, Map<string, Remote>>();
  readonly #emitter = new EventEmitter();
  readonly #events: DeskEvents | null;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout | null = null;
  readonly #unsubscribe: Array<() => void> = [];

  constructor(events: DeskEvents | null = null, options: PresenceOptions = {}) {
    this.#emitter.setMaxListeners(0);
    this.#events = events;
    this.#ttlMs = options.ttlMs ?? 30_000;
    // eslint-disable-next-line no-restricted-syntax -- announcement expiry across instances is real elapsed time (a TTL), not a business time
    this.#now = options.now ?? Date.now;
    if (events?.distributed) {
      this.#unsubscribe.push(
        events.on('presence', (a, remote) => {
          if (remote) this.#received(a);
        }),
        // Back from a lost connection: announce again, and ask the others for theirs.
        events.onResync(() => {
          for (const threadId of this.#threads.keys()) this.#announce(threadId, true);
        }),
      );
      this.#timer = setInterval(() => this.heartbeat(), options.heartbeatMs ?? 10_000);
      this.#timer.unref();
    }
  }

  join(threadId: number, connection: string, entry: PresenceEntry): void {
    let map = this.#threads.get(threadId);
    const first = !map;
    if (!map) this.#threads.set(threadId, (map = new Map()));
    map.set(connection, entry);
    this.#emitter.emit(`t${threadId}`);
    this.#announce(threadId, first);
  }

  leave(threadId: number, connection: string): void {
    const map = this.#threads.get(threadId);
    if (!map?.delete(connection)) return;
    if (map.size === 0) this.#threads.delete(threadId);
    this.#emitter.emit(`t${threadId}`);
    this.#announce(threadId, false);
  }

  /** One line per person (several tabs of one agent count once; replying wins over viewing). */
  list(threadId: number): PresenceEntry[] {
    const now = this.#now();
    const all = [...(this.#threads.get(threadId)?.values() ?? [])];
    for (const r of this.#remote.get(threadId)?.values() ?? [])
      if (r.expires > now) all.push(...r.entries);
    const byUser = new Map<number, PresenceEntry>();
    for (const e of all) {
      const seen = byUser.get(e.userId);
      if (
        !seen ||
        (seen.mode === 'viewing' && e.mode === 'replying') ||
        (seen.mode === e.mode && e.since < seen.since)
      )
        byUser.set(e.userId, e);
    }
    return [...byUser.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  /**
   * Fires whenever someone joins, leaves or changes mode on the thread; ends with the signal.
   * Listens from this call on (not from the first `next()`), so a change in between is kept.
   */
  changes(threadId: number, signal: AbortSignal | undefined): AsyncIterableIterator<unknown> {
    return on(this.#emitter, `t${threadId}`, signal ? { signal } : {});
  }

  /** Re-announces this instance's viewers and forgets what other instances stopped announcing. */
  heartbeat(): void {
    for (const threadId of this.#threads.keys()) this.#announce(threadId, false);
    const now = this.#now();
    for (const [threadId, byInstance] of this.#remote) {
      let expired = false;
      for (const [instance, r] of byInstance) {
        if (r.expires <= now) {
          byInstance.delete(instance);
          expired = true;
        }
      }
      if (byInstance.size === 0) this.#remote.delete(threadId);
      if (expired) this.#emitter.emit(`t${threadId}`);
    }
  }

  /** Stops the heartbeat and tells the other instances this one's viewers are gone. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    for (const off of this.#unsubscribe.splice(0)) off();
    const threads = [...this.#threads.keys()];
    this.#threads.clear();
    for (const threadId of threads) this.#announce(threadId, false);
  }

  #announce(threadId: number, ask: boolean): void {
    const events = this.#events;
    if (!events?.distributed) return;
    const announcement: PresenceAnnouncement = {
      instance: events.instanceId,
      threadId,
      entries: [...(this.#threads.get(threadId)?.values() ?? [])],
      ...(ask ? { ask: true } : {}),
    };
    events.emit('presence', announcement);
  }

  #received(a: PresenceAnnouncement): void {
    if (!Number.isInteger(a.threadId) || !Array.isArray(a.entries)) return;
    let byInstance = this.#remote.get(a.threadId);
    if (a.entries.length === 0) {
      if (!byInstance?.delete(a.instance)) return this.#answer(a);
      if (byInstance.size === 0) this.#remote.delete(a.threadId);
    } else {
      if (!byInstance) this.#remote.set(a.threadId, (byInstance = new Map()));
      byInstance.set(a.instance, { entries: a.entries, expires: this.#now() + this.#ttlMs });
    }
    this.#emitter.emit(`t${a.threadId}`);
    this.#answer(a);
  }

  #answer(a: PresenceAnnouncement): void {
    if (a.ask && this.#threads.has(a.threadId)) this.#announce(a.threadId, false);
  }
}

const boards = new WeakMap<object, PresenceBoard>();

/** The presence board of a server (shared across instances when its events are). */
export function presenceOf(deps: { events?: DeskEvents }): PresenceBoard {
  let board = boards.get(deps);
  if (!board) boards.set(deps, (board = new PresenceBoard(deps.events ?? null)));
  return board;
}

/** Stops a server's presence board, if it has one (server shutdown). */
export function closePresence(deps: object): void {
  boards.get(deps)?.close();
  boards.delete(deps);
}
