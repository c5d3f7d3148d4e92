/**
 * The one source of "now". Production uses the system clock; tests pass a fixed or manual
 * clock; a training database uses the trainer's clock (persisted offset or frozen instant).
 * Nothing in server/ or db/ calls `new Date()` for business time: it asks a Clock.
 */
export interface Clock {
  now(): Date;
}

// eslint-disable-next-line no-restricted-syntax -- the one reading of the machine's clock: every other time goes through a Clock
export const systemClock: Clock = { now: () => new Date() };

/** A clock a test or trainer can set and advance. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  advanceMs(ms: number): void {
    this.#ms += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advanceMs(minutes * 60_000);
  }
}
