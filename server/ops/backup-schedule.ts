import path from 'node:path';
import { addCalendarDays, instantAt, localDateOf, type IsoDate } from '../domain/dates.ts';

/**
 * The daily backup's pure schedule rules: when the next backup is due, which day was missed,
 * which files to prune, and the schedule read from the environment (`CIC_BACKUP_*`).
 */

export interface BackupSchedule {
  /** Folder the daily files go to. */
  dir: string;
  /** Local time of day, `HH:MM` (24 h). */
  time: string;
  /** How many daily files to keep (older ones are deleted after each backup). */
  keep: number;
  /** Zone `time` is read in: the server's. */
  timeZone: string;
}

export class BackupConfigError extends Error {
  override name = 'BackupConfigError';
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAILY_FILE = /^cic-desk-(\d{4}-\d{2}-\d{2})\.sqlite$/;

/** Minutes past midnight of an `HH:MM` time, or null when it is not one. */
export function parseBackupTime(value: string): number | null {
  const m = TIME.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The name of the daily backup taken on a (local) date: `cic-desk-2026-11-20.sqlite`. */
export function backupFileName(date: IsoDate): string {
  return `cic-desk-${date}.sqlite`;
}

/**
 * The first instant strictly after `now` at which the clock in `timeZone` shows `time`.
 *
 * @example nextBackupAt(new Date('2026-11-20T15:00Z'), '02:00', 'America/New_York') // 2026-11-21T07:00Z
 */
export function nextBackupAt(now: Date, time: string, timeZone: string): Date {
  const minutes = parseBackupTime(time);
  if (minutes === null) throw new BackupConfigError(`Not an HH:MM time: ${JSON.stringify(time)}`);
  const today = localDateOf(now, timeZone);
  const candidate = instantAt(today, minutes, timeZone);
  if (candidate.getTime() > now.getTime()) return candidate;
  return instantAt(addCalendarDays(today, 1), minutes, timeZone);
}

/**
 * The local date of the most recent scheduled backup (at or before `now`) when no file for it
 * exists among `files`; null when it was taken. A desk that is switched off at night catches up
 * on its next start.
 */
export function missedBackupDate(
  now: Date,
  time: string,
  timeZone: string,
  files: readonly string[],
): IsoDate | null {
  const nextDate = localDateOf(nextBackupAt(now, time, timeZone), timeZone);
  const due = addCalendarDays(nextDate, -1);
  // A catch-up run is named after the day it ran, which may already be `nextDate`.
  return files.includes(backupFileName(due)) || files.includes(backupFileName(nextDate))
    ? null
    : due;
}

/**
 * The daily backup files to delete so that the newest `keep` remain. Files that are not daily
 * backups (`cic-desk-YYYY-MM-DD.sqlite`) are never selected.
 *
 * @example pruneBackups(['cic-desk-2026-11-01.sqlite', 'cic-desk-2026-11-02.sqlite', 'notes.txt'], 1)
 * // ['cic-desk-2026-11-01.sqlite']
 */
export function pruneBackups(files: readonly string[], keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError('keep must be at least 1');
  const daily = [...new Set(files.filter((f) => DAILY_FILE.test(f)))].sort().reverse();
  return daily.slice(keep).reverse();
}

/**
 * The schedule from the server's environment: `CIC_BACKUP_DIR` (enables it), `CIC_BACKUP_TIME`
 * (default 02:00) and `CIC_BACKUP_KEEP` (default 14). Null when no folder is configured; a
 * `BackupConfigError` for a value that does not read (the server refuses to start).
 */
export function backupScheduleFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  timeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
): BackupSchedule | null {
  const dir = env.CIC_BACKUP_DIR?.trim();
  if (!dir) return null;
  const time = env.CIC_BACKUP_TIME?.trim() || '02:00';
  if (parseBackupTime(time) === null)
    throw new BackupConfigError(
      `CIC_BACKUP_TIME must be HH:MM (24 h), got ${JSON.stringify(time)}`,
    );
  const keepText = env.CIC_BACKUP_KEEP?.trim() || '14';
  const keep = Number(keepText);
  if (!/^\d+$/.test(keepText) || keep < 1 || keep > 3650)
    throw new BackupConfigError(
      `CIC_BACKUP_KEEP must be a whole number from 1 to 3650, got ${JSON.stringify(keepText)}`,
    );
  return { dir: path.resolve(dir), time, keep, timeZone };
}
