import { EventEmitter, on } from 'node:events';

/**
 * In-process live events, fanned out to SSE subscriptions. Mutations publish after their
 * transaction commits (ctx.afterCommit), so a listener never sees an uncommitted change.
 * Workflow areas add their event names to `DeskEventMap`.
 */
export interface DeskEventMap {
  /**
   * Something in an area changed; clients refetch what they show of it. Area 'clock' (the
   * trainer moved the clock) and 'all' (data reset) make every view refetch.
   */
  changed: { area: string; id?: string | number };
}

export class DeskEvents {
  readonly #emitter = new EventEmitter();
  constructor() {
    this.#emitter.setMaxListeners(0);
  }
  emit<K extends keyof DeskEventMap>(name: K, payload: DeskEventMap[K]): void {
    this.#emitter.emit(name, payload);
  }
  /** Async iterator of one event kind, ended by the signal (a closed SSE connection). */
  async *listen<K extends keyof DeskEventMap>(
    name: K,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<DeskEventMap[K]> {
    for await (const [payload] of on(this.#emitter, name, signal ? { signal } : {})) {
      yield payload as DeskEventMap[K];
    }
  }
}
