/**
 * Sign-in lockout: after `maxFailed` wrong passwords in a row the user is locked for
 * `lockoutMinutes`; while locked even the right password is refused; the lock then expires by
 * itself and the count starts again; a success resets the count.
 */
export interface LockoutState {
  failedAttempts: number;
  lockedUntil: string | null;
}

export interface LockoutPolicy {
  maxFailedLogins: number;
  lockoutMinutes: number;
}

export type LoginOutcome =
  | { kind: 'ok'; next: LockoutState }
  | { kind: 'locked'; next: LockoutState; lockedUntil: string }
  | { kind: 'wrong-password'; next: LockoutState; attemptsLeft: number }
  | { kind: 'now-locked'; next: LockoutState; lockedUntil: string };

/** True while a lock is in force at `now`. */
export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && new Date(state.lockedUntil).getTime() > now.getTime();
}

/**
 * @example
 * evaluateLogin({ failedAttempts: 4, lockedUntil: null }, false, now, { maxFailedLogins: 5, lockoutMinutes: 30 })
 * // → { kind: 'now-locked', lockedUntil: now + 30 min, ... }
 */
export function evaluateLogin(
  state: LockoutState,
  passwordOk: boolean,
  now: Date,
  policy: LockoutPolicy,
): LoginOutcome {
  if (isLocked(state, now)) {
    return { kind: 'locked', next: state, lockedUntil: state.lockedUntil as string };
  }
  // An expired lock is forgotten: the user starts again with a clean count.
  const current = state.lockedUntil ? 0 : state.failedAttempts;
  if (passwordOk) return { kind: 'ok', next: { failedAttempts: 0, lockedUntil: null } };
  const failed = current + 1;
  if (failed >= policy.maxFailedLogins) {
    const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
    return { kind: 'now-locked', next: { failedAttempts: failed, lockedUntil }, lockedUntil };
  }
  return {
    kind: 'wrong-password',
    next: { failedAttempts: failed, lockedUntil: null },
    attemptsLeft: policy.maxFailedLogins - failed,
  };
}
