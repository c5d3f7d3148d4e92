import type { AppDeps } from '../trpc/base.ts';

/**
 * A full disk (issue 19): nothing acknowledged is lost (the write fails and rolls back), but the
 * log must say why, the user must see more than "please try again", and staff a banner until
 * it is dealt with. `DISK_FULL` is the code the renderer shows (its disk banner reads
 * `/healthz` → `storage`).
 */

export const DISK_FULL = 'DISK_FULL';

/** How long after the last failed write /healthz keeps reporting the disk full. */
export const DISK_FULL_REPORTED_MS = 5 * 60_000;

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/** Whether an error (or any error in its `cause` chain) is a full disk or quota. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
    if (/database or disk is full|no space left on device/i.test((e as Error).message ?? ''))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const lastFull = new WeakMap<object, number>();

/** Records a failed write of `deps`' server; true when it was a full disk (then logged once). */
export function noteStorageError(
  deps: Pick<AppDeps, 'log' | 'db'>,
  error: unknown,
  what: string,
): boolean {
  if (!isDiskFull(error)) return false;
  // eslint-disable-next-line no-restricted-syntax -- the disk-full report window is real elapsed time (a TTL)
  lastFull.set(deps.db, Date.now());
  deps.log(
    `${what} failed: the disk is full (${DISK_FULL}); nothing of it was saved. Free space ` +
      'on the drive that holds the data folder.',
    error,
  );
  return true;
}

/** What /healthz reports: 'disk-full' within DISK_FULL_REPORTED_MS of a write that failed so. */
// eslint-disable-next-line no-restricted-syntax -- the disk-full report window is real elapsed time (a TTL)
export function storageStatus(deps: Pick<AppDeps, 'db'>, now = Date.now()): 'ok' | 'disk-full' {
  const at = lastFull.get(deps.db);
  return at !== undefined && now - at < DISK_FULL_REPORTED_MS ? 'disk-full' : 'ok';
}
