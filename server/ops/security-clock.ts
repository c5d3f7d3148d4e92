import { appendAudit } from '../../db/repositories/audit.ts';
import {
  clampLockouts,
  raiseHighWater,
  readHighWater,
  resetHighWater,
  revokeAllOpenSessions,
} from '../../db/repositories/security-clock.ts';
import { readSetting } from '../core/settings.ts';
import type { AppDeps } from '../trpc/base.ts';

/**
 * Time that only moves forward for security (issue 19). Sessions and lockouts are stored in
 * wall time; a PC clock that jumps (a year ahead, then corrected; an idle session's clock set
 * back) must not keep a "future" session alive, revive an idle-expired one or keep a lockout set
 * a year ahead. The server watches its wall clock against a monotonic reference
 * (`performance.now()`, anchored at start) and against a high-water mark of wall time persisted
 * in the database (jumps across a restart):
 * - a BACKWARD jump ends every open session (they were opened or used on the wrong time; signing
 *   in again is cheap), shortens lockouts to at most the lockout period from now, and resets
 *   the mark;
 * - a FORWARD jump is recorded (sessions only look older, so they expire sooner: safe);
 * - both go to the audit log (`security.clock-jump`).
 * The trainer's clock is an offset on top of the system clock: moving it is not a jump (only
 * the system clock is watched), so training works as before.
 */

/** Steps smaller than this are clock discipline (NTP), not jumps. */
export const CLOCK_JUMP_TOLERANCE_MS = 2 * 60_000;
/** How often the high-water mark is written while the server runs. */
const HIGH_WATER_EVERY_MS = 60_000;

/** The wall clock seen against a monotonic one: pure, both sources injected. */
export class ClockWatch {
  readonly #wall: () => number;
  readonly #mono: () => number;
  readonly toleranceMs: number;
  #anchorWall: number;
  #anchorMono: number;
  /** Wall time of the last high-water write (ms). */
  lastPersisted = Number.NEGATIVE_INFINITY;

  constructor(
    // eslint-disable-next-line no-restricted-syntax -- this watch compares the machine's wall clock with a monotonic one: it must read the wall clock
    wall: () => number = () => Date.now(),
    mono: () => number = () => performance.now(),
    toleranceMs = CLOCK_JUMP_TOLERANCE_MS,
  ) {
    this.#wall = wall;
    this.#mono = mono;
    this.toleranceMs = toleranceMs;
    this.#anchorWall = wall();
    this.#anchorMono = mono();
  }

  wallNow(): number {
    return this.#wall();
  }

  /**
   * How far the wall clock moved away from the monotonic reference since the last look: 0
   * within the tolerance, else the jump in ms (negative: backward). Re-anchors every time, so
   * slow drift never adds up to a jump.
   */
  observe(): number {
    const wall = this.#wall();
    const mono = this.#mono();
    const jump = wall - (this.#anchorWall + (mono - this.#anchorMono));
    this.#anchorWall = wall;
    this.#anchorMono = mono;
    return Math.abs(jump) > this.toleranceMs ? jump : 0;
  }
}

export interface ClockJump {
  jumpMs: number;
  /** 'running': seen against the monotonic clock; 'start': against the persisted mark. */
  seen: 'running' | 'start';
  sessionsEnded: number;
  lockoutsShortened: number;
}

/** Records a jump; on a backward one ends open sessions and shortens lockouts. */
export async function handleClockJump(
  deps: Pick<AppDeps, 'db' | 'clock' | 'log'>,
  jumpMs: number,
  seen: ClockJump['seen'],
  wallNow: number,
): Promise<ClockJump> {
  const at = deps.clock.now();
  const iso = at.toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    let sessionsEnded = 0;
    let lockoutsShortened = 0;
    if (jumpMs < 0) {
      const { lockoutMinutes } = await readSetting(trx, 'security');
      sessionsEnded = await revokeAllOpenSessions(trx, iso);
      lockoutsShortened = await clampLockouts(
        trx,
        new Date(at.getTime() + lockoutMinutes * 60_000).toISOString(),
        iso,
      );
      await resetHighWater(trx, new Date(wallNow).toISOString());
    }
    const direction = jumpMs < 0 ? 'backward' : 'forward';
    await appendAudit(trx, { id: null, username: 'system' }, iso, {
      action: 'security.clock-jump',
      entityType: 'system',
      entityId: null,
      after: { direction, jumpMs: Math.round(jumpMs), seen, sessionsEnded, lockoutsShortened },
      reason: `the computer's clock jumped ${direction} by ${formatJump(jumpMs)}`,
    });
    return { jumpMs, seen, sessionsEnded, lockoutsShortened };
  });
  deps.log(
    `the computer's clock jumped ${jumpMs < 0 ? 'backward' : 'forward'} by ${formatJump(jumpMs)}` +
      (jumpMs < 0
        ? `: ${result.sessionsEnded} open sessions ended, ${result.lockoutsShortened} lockouts shortened`
        : ''),
  );
  return result;
}

function formatJump(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${(abs / 86_400_000).toFixed(1)} days`;
  if (abs >= 3_600_000) return `${(abs / 3_600_000).toFixed(1)} hours`;
  return `${Math.round(abs / 60_000)} minutes`;
}

/**
 * At server start: a wall clock behind the persisted high-water mark (by more than the
 * tolerance) is a backward jump that happened while the desk was off. Then raises the mark.
 */
export async function checkClockAtStart(
  deps: Pick<AppDeps, 'db' | 'clock' | 'log'>,
  watch: ClockWatch,
): Promise<ClockJump | null> {
  const wall = watch.wallNow();
  const mark = await readHighWater(deps.db);
  let jump: ClockJump | null = null;
  if (mark && wall < new Date(mark).getTime() - watch.toleranceMs)
    jump = await handleClockJump(deps, wall - new Date(mark).getTime(), 'start', wall);
  await raiseHighWater(deps.db, new Date(wall).toISOString());
  watch.lastPersisted = wall;
  return jump;
}

/**
 * Before a request is resolved (server/context.ts) and on a timer: a jump seen against the
 * monotonic reference is handled; the high-water mark is raised about once a minute.
 */
export async function checkClock(deps: AppDeps): Promise<ClockJump | null> {
  const watch = deps.clockWatch;
  if (!watch) return null;
  const jumpMs = watch.observe();
  const wall = watch.wallNow();
  const jump = jumpMs !== 0 ? await handleClockJump(deps, jumpMs, 'running', wall) : null;
  if (jump === null && wall - watch.lastPersisted >= HIGH_WATER_EVERY_MS) {
    watch.lastPersisted = wall;
    await raiseHighWater(deps.db, new Date(wall).toISOString());
  } else if (jump) watch.lastPersisted = wall;
  return jump;
}
