import { DomainError, msg } from '../domain/errors.ts';
import type { AppDeps } from '../trpc/base.ts';
import { realNowOf } from '../training/clock.ts';

/**
 * In-memory throttles of the sign-in path, one set per server (AppDeps). They run before any
 * database work or password hash, so an attacker's surplus attempts cost the desk nothing.
 * On PostgreSQL with several instances each instance keeps its own counts (the per-user lock-out
 * in the database is shared).
 */

/** Exponential backoff per key: `free` attempts, then base·2^k between attempts, capped. */
export interface BackoffPolicy {
  free: number;
  baseMs: number;
  maxMs: number;
  /** A key with no attempt for this long is forgotten. */
  forgetMs: number;
}

interface BackoffEntry {
  count: number;
  last: number;
}

/** The most keys kept; past it, forgotten entries are swept (then the oldest dropped). */
const MAX_KEYS = 50_000;

export class Backoff {
  readonly #entries = new Map<string, BackoffEntry>();
  readonly policy: BackoffPolicy;

  constructor(policy: BackoffPolicy) {
    this.policy = policy;
  }

  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): number {
    const entry = this.#live(key, now);
    if (!entry || entry.count < this.policy.free) return 0;
    const delay = Math.min(
      this.policy.baseMs * 2 ** (entry.count - this.policy.free),
      this.policy.maxMs,
    );
    return Math.max(0, entry.last + delay - now);
  }

  /** Counts an attempt (counted when it starts, so concurrent attempts cannot slip through). */
  attempt(key: string, now: number): void {
    const entry = this.#live(key, now) ?? { count: 0, last: now };
    entry.count += 1;
    entry.last = now;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#sweep(now);
  }

  /** Gives back one attempt (a right password from this address). */
  refund(key: string): void {
    const entry = this.#entries.get(key);
    if (entry) entry.count = Math.max(0, entry.count - 1);
  }

  /** Forgets the key (a finished sign-in of this user). */
  clear(key: string): void {
    this.#entries.delete(key);
  }

  #live(key: string, now: number): BackoffEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry && now - entry.last > this.policy.forgetMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(now: number): void {
    if (this.#entries.size <= MAX_KEYS) return;
    for (const [key, entry] of this.#entries) {
      if (now - entry.last > this.policy.forgetMs) this.#entries.delete(key);
    }
    // Map iteration is insertion order and attempt() re-inserts: the first keys are the oldest.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_KEYS) break;
      this.#entries.delete(key);
    }
  }
}

/** A fixed-window call budget per key (anonymous calls per client address). */
export class WindowLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly limit: number;
  readonly windowMs: number;

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Counts a call; refuses (TOO_MANY_REQUESTS) past the budget of the current window. */
  take(key: string, at: number): void {
    let window = this.#windows.get(key);
    if (!window || at - window.start >= this.windowMs || at < window.start) {
      window = { start: at, count: 0 };
      this.#windows.delete(key);
      this.#windows.set(key, window);
      // Insertion order is age order (a new window re-inserts): drop the oldest past the cap.
      for (const k of this.#windows.keys()) {
        if (this.#windows.size <= MAX_KEYS) break;
        this.#windows.delete(k);
      }
    }
    window.count += 1;
    if (window.count > this.limit) {
      const seconds = Math.ceil((window.start + this.windowMs - at) / 1000);
      throw new DomainError('LOCKED', msg('auth.tooManyRequests', { seconds }), {
        detail: { retryAfterSeconds: seconds },
      });
    }
  }
}

export interface SignInLimits {
  /** Anonymous calls per client address per minute. */
  anonymousPerMinute: number;
  /** Sign-ins being checked at once (waiting for or computing a hash); the rest are refused. */
  concurrentSignIns: number;
  perAddress: BackoffPolicy;
  perUser: BackoffPolicy;
  /**
   * The HTTP edge holds the answer to a sign-in from an address in backoff this long, so a
   * flood's own connections wait (50 connections: at most 10 tries a second) instead of taking
   * event-loop turns; a timer per held request is all it costs the desk. At most
   * `edgeHoldMaxRequests` are held at once (past that they are answered at once).
   */
  edgeHoldMaxMs: number;
  edgeHoldMaxRequests: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  anonymousPerMinute: 120,
  concurrentSignIns: 8,
  // An address gets 5 tries, then 1 s, 2 s, 4 s … up to 15 min between tries; forgotten after
  // a day without one. Locking K accounts of threshold T from one address takes ~2^(K·T−5) s.
  perAddress: { free: 5, baseMs: 1000, maxMs: 15 * 60_000, forgetMs: 24 * 3_600_000 },
  // A username (known or not: the same for both) gets 3 tries, then 1 s, 2 s … up to 5 min.
  perUser: { free: 3, baseMs: 1000, maxMs: 5 * 60_000, forgetMs: 3_600_000 },
  edgeHoldMaxMs: 5000,
  edgeHoldMaxRequests: 1000,
};

export class SignInThrottle {
  readonly limits: SignInLimits;
  readonly anonymous: WindowLimit;
  readonly byAddress: Backoff;
  readonly byUser: Backoff;
  inFlight = 0;
  /** Sign-in answers the HTTP edge is holding now. */
  held = 0;

  constructor(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.limits = limits;
    this.anonymous = new WindowLimit(limits.anonymousPerMinute, 60_000);
    this.byAddress = new Backoff(limits.perAddress);
    this.byUser = new Backoff(limits.perUser);
  }
}

const throttles = new WeakMap<object, SignInThrottle>();

/** The throttles of one server (created on first use; tests may install their own). */
export function signInThrottle(deps: Pick<AppDeps, 'db'>): SignInThrottle {
  let throttle = throttles.get(deps);
  if (!throttle) {
    throttle = new SignInThrottle();
    throttles.set(deps, throttle);
  }
  return throttle;
}

/** Installs a server's throttles with other limits (tests, a bench). */
export function setSignInLimits(deps: Pick<AppDeps, 'db'>, limits: SignInLimits): SignInThrottle {
  const throttle = new SignInThrottle(limits);
  throttles.set(deps, throttle);
  return throttle;
}

/**
 * The time the throttles count waits in (ms): the real time, never the trainer's clock. The
 * waits are real elapsed time: on a training desk whose clock is paused, `ctx.now` never moves,
 * so a wait measured on it would never end (a trainee who mistyped a password, or a classroom
 * behind one address, locked out until the trainer moves the clock). A test's manual clock
 * still drives them (realNowOf gives its own time).
 */
export function throttleNow(deps: Pick<AppDeps, 'clock'>): number {
  return realNowOf(deps.clock).getTime();
}

export function anonymousLimiter(deps: Pick<AppDeps, 'db'>): WindowLimit {
  return signInThrottle(deps).anonymous;
}

/** Usernames are compared case-insensitively by the throttle (one key per person). */
export function userKey(username: string): string {
  return username.trim().toLowerCase();
}
