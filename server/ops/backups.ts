import { makePrivateDir, makePrivateFiles } from '../controls/data-at-rest.ts';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { appendAudit } from '../../db/repositories/audit.ts';
import { databasePath } from './bootstrap.ts';
import { checkDatabase, type DatabaseCheck } from './backup-checks.ts';
import {
  backupFileName,
  backupScheduleFromEnv,
  missedBackupDate,
  nextBackupAt,
  pruneBackups,
  type BackupSchedule,
} from './backup-schedule.ts';
import {
  acquireDataLock,
  dataFolderInUse,
  DataFolderInUse,
  describeOwner,
  type DataLock,
} from './data-lock.ts';
import { markStoppedCleanly } from './startup-checks.ts';
import type { AppDeps } from '../trpc/base.ts';
import { localDateOf } from '../domain/dates.ts';

/**
 * Backups of the SQLite database: the online backup (safe while the server writes), the checks
 * a backup or a restore must pass (backup-checks.ts), the restore itself, and the daily schedule
 * the server runs when `CIC_BACKUP_DIR` is set (its pure rules: backup-schedule.ts).
 *
 * A backup copies the DATABASE only. Message attachments live in `<dataDir>/attachments/`
 * (content-addressed, never rewritten): copy that folder with ordinary file tools.
 */

// ---------------------------------------------------------------------------------------------
// Backup and restore
// ---------------------------------------------------------------------------------------------

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  check: DatabaseCheck;
}

/**
 * Copies the database with SQLite's online backup API into `target` (written as
 * `target.partial` first and renamed once checked, so a failed run never leaves a file that
 * looks like a backup). Safe while the server writes: all pages are copied in ONE backup step,
 * inside one read transaction, so the copy is the state of one instant (under WAL writers are
 * not blocked; a multi-step copy would restart every time another connection commits).
 * The copy is switched to rollback-journal mode (one self-contained file) and must pass
 * `integrity_check`; its audit chain is verified and reported in `check.audit`.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`There is no database at ${source}.`);
  const out = path.resolve(target);
  if (out === path.resolve(source)) throw new Error('The backup cannot overwrite the database.');
  makePrivateDir(path.dirname(out));
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const src = new Database(source, { fileMustExist: true, timeout: 10_000 });
  let pages: number;
  try {
    const progress = await src.backup(partial, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    src.close();
  }
  const copy = new Database(partial, { fileMustExist: true });
  let check: DatabaseCheck;
  try {
    copy.pragma('journal_mode = DELETE');
    check = await checkDatabase(copy);
  } finally {
    copy.close();
  }
  if (check.integrity !== 'ok') {
    rmSync(partial, { force: true });
    throw new Error(`The copy failed integrity_check (${check.integrity}); no backup was written.`);
  }
  // A broken audit chain does not stop the backup (it is evidence worth keeping): the caller
  // reports `check.audit`.
  // A backup is the whole database: the owner's alone, like the database itself.
  makePrivateFiles(partial);
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, pages, check };
}

/**
 * Whether a server (or another restore) is using the data folder of `file`: asks the folder's
 * lock (server/data-lock.ts), never the database file itself, so a damaged or unreadable
 * database can still be replaced.
 */
export function databaseInUse(file: string): boolean {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) return false;
  return dataFolderInUse(dir) !== null;
}

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export interface RestoreResult {
  file: string;
  check: DatabaseCheck;
  /** Where the database that was replaced (with --force) was moved. */
  replacedMovedTo: string | null;
}

/**
 * Restores `from` as the database of `dataFile`: refuses while that database is open (stop the
 * server first), or when it exists and `force` is not given. The backup is copied next to the
 * target first and checked there (integrity, audit chain, a schema this build knows); only then
 * does it replace the target, whose old file is kept as `<file>.before-restore-<stamp>`.
 */
export async function restoreDatabase(
  from: string,
  dataFile: string,
  options: { force: boolean; now?: Date },
): Promise<RestoreResult> {
  const source = path.resolve(from);
  const target = path.resolve(dataFile);
  if (!existsSync(source)) throw new RestoreRefused(`There is no backup at ${source}.`);
  if (source === target) throw new RestoreRefused('The backup is the database itself.');
  if (existsSync(target) && !options.force)
    throw new RestoreRefused(
      `${target} exists. Restore over it with --force (it is kept as a .before-restore copy).`,
    );
  makePrivateDir(path.dirname(target));
  // The data folder's lock for the whole restore: no server can start on a half-restored folder.
  let lock: DataLock;
  try {
    // eslint-disable-next-line no-restricted-syntax -- the restore lock file's holder time is the machine's (ops plumbing)
    lock = acquireDataLock(path.dirname(target), 'restore', options.now ?? new Date());
  } catch (error) {
    if (!(error instanceof DataFolderInUse)) throw error;
    throw new RestoreRefused(
      `The database ${target} is in use (is the server running?): held by ${describeOwner(error.owner)}. Stop the server, then restore.`,
    );
  }
  try {
    return await restoreLocked(source, target, options);
  } finally {
    lock.release();
  }
}

async function restoreLocked(
  source: string,
  target: string,
  options: { force: boolean; now?: Date },
): Promise<RestoreResult> {
  const staged = `${target}.restoring`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(staged + suffix, { force: true });
  const src = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    await src.backup(staged, { progress: () => 0x7fffffff });
  } finally {
    src.close();
  }
  const staging = new Database(staged, { fileMustExist: true });
  let check: DatabaseCheck;
  try {
    check = await checkDatabase(staging);
  } finally {
    staging.close();
  }
  const problem =
    check.integrity !== 'ok'
      ? `the backup fails integrity_check (${check.integrity})`
      : check.kind === null || check.migrations.length === 0
        ? 'the file is not a CIC Desk database'
        : check.unknownMigrations.length > 0
          ? `the backup was written by a newer CIC Desk (unknown migrations: ${check.unknownMigrations.join(', ')})`
          : check.audit && !check.audit.ok
            ? `its audit log is broken${check.audit.brokenAtId ? ` at record #${check.audit.brokenAtId}` : ''} (${check.audit.reason ?? `missing triggers: ${check.audit.missingTriggers.join(', ')}`})`
            : null;
  if (problem) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(staged + suffix, { force: true });
    throw new RestoreRefused(`Not restored: ${problem}.`);
  }
  let replacedMovedTo: string | null = null;
  if (existsSync(target)) {
    // eslint-disable-next-line no-restricted-syntax -- a backup file's name is the machine's time (ops; backups run on real time)
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    replacedMovedTo = `${target}.before-restore-${stamp}`;
    renameSync(target, replacedMovedTo);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, replacedMovedTo + suffix);
    }
  }
  makePrivateFiles(staged);
  renameSync(staged, target);
  // The restored database is whole: the next start needs no full check for the old one's crash.
  markStoppedCleanly(path.dirname(target));
  for (const suffix of ['-wal', '-shm']) rmSync(staged + suffix, { force: true });
  return { file: target, check, replacedMovedTo };
}

// ---------------------------------------------------------------------------------------------
// The daily schedule (started by server/http/start.ts)
// ---------------------------------------------------------------------------------------------

export interface BackupScheduler {
  /** Takes today's backup now and prunes (what the timer does). */
  runNow(): Promise<BackupResult>;
  /** Cancels the timer and waits for a backup in progress. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  databaseFile: string;
  schedule: BackupSchedule;
  log: (message: string, error?: unknown) => void;
  /** Real time (never the training clock): backups are operations, not business. */
  now?: () => Date;
  /** Called after each backup (the server writes an audit record). */
  onBackup?: (result: BackupResult, deleted: string[]) => Promise<void>;
  /** Delay before catching up on a missed backup at start (default one minute). */
  catchUpDelayMs?: number;
}

/** Runs the daily backups of a schedule until stopped; timers never keep the process alive. */
export function startBackupScheduler(options: SchedulerOptions): BackupScheduler {
  const { schedule, log } = options;
  // eslint-disable-next-line no-restricted-syntax -- the backup schedule runs on real time, not on a trainer's clock
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<BackupResult> | null = null;

  const listing = () => (existsSync(schedule.dir) ? readdirSync(schedule.dir) : []);

  async function takeBackup(): Promise<BackupResult> {
    const date = localDateOf(now(), schedule.timeZone);
    const result = await backupDatabase(
      options.databaseFile,
      path.join(schedule.dir, backupFileName(date)),
    );
    if (result.check.audit && !result.check.audit.ok)
      log(`WARNING: the audit log in ${result.file} does not verify (run desk audit-verify)`);
    const deleted = pruneBackups(listing(), schedule.keep);
    for (const name of deleted) rmSync(path.join(schedule.dir, name), { force: true });
    log(
      `backup written to ${result.file} (${Math.round(result.bytes / 1024)} KiB)` +
        (deleted.length ? `; deleted ${deleted.join(', ')}` : ''),
    );
    await options.onBackup?.(result, deleted);
    return result;
  }

  function runNow(): Promise<BackupResult> {
    running ??= takeBackup().finally(() => {
      running = null;
    });
    return running;
  }

  function arm(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(
      () => {
        runNow()
          .catch((error: unknown) => log('scheduled backup FAILED', error))
          .finally(() =>
            arm(nextBackupAt(now(), schedule.time, schedule.timeZone).getTime() - now().getTime()),
          );
      },
      Math.max(0, delayMs),
    );
    timer.unref();
  }

  const missed = missedBackupDate(now(), schedule.time, schedule.timeZone, listing());
  arm(
    missed !== null
      ? (options.catchUpDelayMs ?? 60_000)
      : nextBackupAt(now(), schedule.time, schedule.timeZone).getTime() - now().getTime(),
  );
  log(
    `daily backups at ${schedule.time} (${schedule.timeZone}) to ${schedule.dir}, keeping ${schedule.keep}` +
      (missed ? `; the backup of ${missed} was missed and is taken shortly` : ''),
  );
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}

/**
 * The server's hook: starts the schedule configured in the environment (none without
 * `CIC_BACKUP_DIR`); each backup is audit-logged as `database.backup`. Throws a
 * `BackupConfigError` on a setting that does not read, so a misconfigured server does not start.
 */
export function startConfiguredBackups(
  deps: Pick<AppDeps, 'db' | 'dataDir' | 'log' | 'clock'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BackupScheduler | null {
  const schedule = backupScheduleFromEnv(env);
  if (!schedule || !deps.dataDir) return null;
  return startBackupScheduler({
    databaseFile: databasePath(deps.dataDir),
    schedule,
    log: (message, error) => deps.log(message, error),
    onBackup: async (result, deleted) => {
      await deps.db.transaction().execute((trx) =>
        appendAudit(trx, { id: null, username: 'system' }, deps.clock.now().toISOString(), {
          action: 'database.backup',
          entityType: 'database',
          entityId: null,
          after: { file: path.basename(result.file), bytes: result.bytes, deleted },
        }),
      );
    },
  });
}
