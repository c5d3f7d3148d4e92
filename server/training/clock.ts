import { noteSessionsChanged } from '../../db/repositories/sessions.ts';
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.ts';
import { ManualClock, systemClock, type Clock } from '../domain/clock.ts';

/**
 * The trainer's clock. A training database runs on a settable "now" so that deadlines approach
 * and breach on demand; every deadline, SLA and "today" in the app reads it through
 * `AppDeps.clock`. Its state is persisted in `app_meta` (key `training_clock`) so a restart
 * keeps the class where it was, and cached in memory here (read on every request).
 *
 * Two modes: paused (now = a fixed instant) and running (now = the instant it was set to, plus
 * the real time elapsed since). A production database never gets one: it runs on the system
 * clock and the training router refuses to move it.
 */
export interface TrainingClockState {
  /** Training time at the anchor (UTC ISO). */
  at: string;
  /** Real time the clock started running from `at`; null while paused. */
  runningSince: string | null;
}

export const TRAINING_CLOCK_KEY = 'training_clock';

/** "Now" of a state, given the real time. */
export function trainingNow(state: TrainingClockState, realNow: Date): Date {
  const at = Date.parse(state.at);
  if (state.runningSince === null) return new Date(at);
  return new Date(at + (realNow.getTime() - Date.parse(state.runningSince)));
}

/**
 * The state whose "now" is `target` at real time `realNow`, running or paused.
 *
 * @example clockStateAt(new Date('2026-11-23T14:30:00Z'), false, new Date()) // paused at 09:30 ET
 */
export function clockStateAt(target: Date, running: boolean, realNow: Date): TrainingClockState {
  return { at: target.toISOString(), runningSince: running ? realNow.toISOString() : null };
}

export function parseClockState(raw: string | null | undefined): TrainingClockState | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<TrainingClockState>;
    if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return null;
    const since =
      typeof value.runningSince === 'string' && !Number.isNaN(Date.parse(value.runningSince))
        ? value.runningSince
        : null;
    return { at: value.at, runningSince: since };
  } catch {
    return null;
  }
}

export class TrainingClock implements Clock {
  readonly #base: Clock;
  #state: TrainingClockState | null;

  /** `base` is the real clock (the system clock outside tests). */
  constructor(base: Clock = systemClock, state: TrainingClockState | null = null) {
    this.#base = base;
    this.#state = state;
  }

  now(): Date {
    return this.#state ? trainingNow(this.#state, this.#base.now()) : this.#base.now();
  }

  /** Real time, for anchoring a running clock. */
  realNow(): Date {
    return this.#base.now();
  }

  get state(): TrainingClockState | null {
    return this.#state;
  }

  /** Adopts a state already persisted (call after the transaction that saved it commits). */
  apply(state: TrainingClockState | null): void {
    this.#state = state;
  }
}

/** Whether the injected clock can follow the trainer (the trainer's clock, or a test's manual clock). */
export function isSettableClock(clock: Clock): clock is TrainingClock | ManualClock {
  return clock instanceof TrainingClock || clock instanceof ManualClock;
}

/** Makes the in-memory clock follow a persisted state. */
export function applyClockState(clock: Clock, state: TrainingClockState): void {
  if (clock instanceof TrainingClock) clock.apply(state);
  else if (clock instanceof ManualClock) clock.set(state.at);
}

/** The real time a settable clock anchors to (a manual clock has no real time: its own now). */
export function realNowOf(clock: Clock): Date {
  return clock instanceof TrainingClock ? clock.realNow() : clock.now();
}

export async function loadClockState(db: DbOrTrx): Promise<TrainingClockState | null> {
  const row = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', TRAINING_CLOCK_KEY)
    .executeTakeFirst();
  return parseClockState(row?.value);
}

/**
 * The clock a program working on `db` stamps records with: the trainer's (as persisted) on a
 * training database, the real time on a production one, as the server does
 * (server/http/start.ts). A command-line tool that writes rows (create-user, mfa-reset) uses it
 * so its audit entries sit on the same time line as the desk's.
 */
export async function deskClockOf(
  db: DbOrTrx,
  kind: 'production' | 'training',
  base: Clock = systemClock,
): Promise<Clock> {
  return kind === 'training' ? new TrainingClock(base, await loadClockState(db)) : base;
}

export async function saveClockState(db: DbOrTrx, state: TrainingClockState): Promise<void> {
  await sql`insert into app_meta (key, value) values (${TRAINING_CLOCK_KEY}, ${JSON.stringify(state)})
    on conflict (key) do update set value = excluded.value`.execute(db);
}

/**
 * Keeps live sessions alive across a clock move: the idle timeout is measured on the injected
 * clock, so jumping it forward a business day would otherwise sign the whole class out. Sessions
 * idle for less than `idleMinutes` at the old "now" are touched to the new "now".
 */
export async function carrySessionsAcross(
  db: DbOrTrx,
  from: Date,
  to: Date,
  idleMinutes: number,
): Promise<void> {
  const liveSince = new Date(from.getTime() - idleMinutes * 60_000).toISOString();
  // Resolved sessions are cached with their old times (server/trpc/context.ts): drop them, or
  // the next request measures its idle time from before the move and is signed out.
  noteSessionsChanged();
  await db
    .updateTable('sessions')
    // created_at too: the absolute session limit is also measured on the moved clock.
    .set({ last_seen_at: to.toISOString(), created_at: to.toISOString() })
    .where('revoked_at', 'is', null)
    .where('last_seen_at', '>=', liveSince)
    .execute();
}
