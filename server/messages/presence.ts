import { EventEmitter, on } from 'node:events';

/**
 * Who has a thread open right now, and who is typing a reply: in memory only (presence is
 * live state, not history), fed by the `messages.presence` subscription of each open thread
 * view. One board per server (keyed by its deps object).
 */
export type PresenceMode = 'viewing' | 'replying';

export interface PresenceEntry {
  userId: number;
  name: string;
  mode: PresenceMode;
  since: string;
}

export class PresenceBoard {
  readonly #threads = new Map<number, Map<string, PresenceEntry>>();
  readonly #emitter = new EventEmitter();
  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  join(threadId: number, connection: string, entry: PresenceEntry): void {
    let map = this.#threads.get(threadId);
    if (!map) this.#threads.set(threadId, (map = new Map()));
    map.set(connection, entry);
    this.#emitter.emit(`t${threadId}`);
  }

  leave(threadId: number, connection: string): void {
    const map = this.#threads.get(threadId);
    if (!map?.delete(connection)) return;
    if (map.size === 0) this.#threads.delete(threadId);
    this.#emitter.emit(`t${threadId}`);
  }

  /** One line per person (several tabs of one agent count once; replying wins over viewing). */
  list(threadId: number): PresenceEntry[] {
    const byUser = new Map<number, PresenceEntry>();
    for (const e of this.#threads.get(threadId)?.values() ?? []) {
      const seen = byUser.get(e.userId);
      if (!seen || (seen.mode === 'viewing' && e.mode === 'replying')) byUser.set(e.userId, e);
    }
    return [...byUser.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  /** Fires whenever someone joins, leaves or changes mode on the thread; ends with the signal. */
  async *changes(threadId: number, signal: AbortSignal | undefined): AsyncGenerator<void> {
    for await (const _ of on(this.#emitter, `t${threadId}`, signal ? { signal } : {})) yield;
  }
}

const boards = new WeakMap<object, PresenceBoard>();

/** The presence board of a server. */
export function presenceOf(deps: object): PresenceBoard {
  let board = boards.get(deps);
  if (!board) boards.set(deps, (board = new PresenceBoard()));
  return board;
}
