import { makePrivateDir, makePrivateFiles } from '../controls/data-at-rest.ts';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations } from '../../db/migrations/index.ts';
import {
  appendAudit,
  auditHash,
  hashedRecord,
  auditTriggers,
  GENESIS_HASH,
  verifyAuditChain,
} from '../../db/repositories/audit.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { DB } from '../../db/schema/index.ts';
import { databasePath } from './bootstrap.ts';
import {
  acquireDataLock,
  dataFolderInUse,
  DataFolderInUse,
  describeOwner,
  type DataLock,
} from './data-lock.ts';
import { markStoppedCleanly } from './startup-checks.ts';
import type { AppDeps } from '../trpc/base.ts';
import { addCalendarDays, localDateOf, type IsoDate, instantAt } from '../domain/dates.ts';

/**
 * Backups of the SQLite database: the online backup (safe while the server writes), the checks
 * a backup or a restore must pass, the restore itself, and the daily schedule the server runs
 * when `CIC_BACKUP_DIR` is set.
 *
 * A backup copies the DATABASE only. Message attachments live in `<dataDir>/attachments/`
 * (content-addressed, never rewritten): copy that folder with ordinary file tools.
 */

// ---------------------------------------------------------------------------------------------
// Pure schedule rules
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Checks of a database file
// ---------------------------------------------------------------------------------------------

export interface AuditReport {
  ok: boolean;
  count: number;
  brokenAtId?: number;
  /** Why the first broken record is broken. */
  reason?: string;
  /** Append-only triggers that are gone (or, on PostgreSQL, disabled): someone bypassed the app. */
  missingTriggers: string[];
}

const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

function kyselyOver(sqlite: Database.Database): Kysely<DB> {
  // No destroy(): the caller owns (and closes) the connection.
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** `auditReportOf` over an open SQLite file (backups, restores, the reliability tests). */
export async function auditReport(sqlite: Database.Database): Promise<AuditReport> {
  return auditReportOf(kyselyOver(sqlite));
}

/**
 * Verifies the audit hash chain and that the log is still protected by its append-only triggers,
 * on either engine (`desk audit-verify` runs it on a data folder or on PostgreSQL).
 */
export async function auditReportOf(db: DbOrTrx): Promise<AuditReport> {
  const present = new Set(await auditTriggers(db));
  const missingTriggers = AUDIT_TRIGGERS.filter((t) => !present.has(t));
  const result = await verifyAuditChain(db);
  if (result.ok) return { ok: missingTriggers.length === 0, count: result.count, missingTriggers };
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '=', result.brokenAtId)
    .executeTakeFirstOrThrow();
  const before = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .where('id', '<', row.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const expectedPrev = before?.hash ?? GENESIS_HASH;
  const { id: _id, hash, prev_hash, ...record } = row;
  let reason: string;
  if (prev_hash !== expectedPrev) {
    reason = before
      ? `its prev_hash does not match the hash of record #${before.id}: a record before it was removed, inserted or changed`
      : 'it is the first record but does not start from the genesis hash: earlier records were removed';
  } else if (auditHash(prev_hash, hashedRecord(record)) !== hash) {
    reason = 'its content does not match its hash: the record was changed after it was written';
  } else {
    reason = 'the chain does not link here';
  }
  return { ok: false, count: result.count, brokenAtId: row.id, reason, missingTriggers };
}

export interface DatabaseCheck {
  integrity: string;
  /** Applied migrations, oldest first. */
  migrations: string[];
  /** Applied migrations this build does not know (a newer app wrote the file). */
  unknownMigrations: string[];
  kind: string | null;
  audit: AuditReport | null;
}

/** `PRAGMA integrity_check`, the schema version and kind, and the audit chain of an open file. */
export async function checkDatabase(sqlite: Database.Database): Promise<DatabaseCheck> {
  const integrity = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>)
    .map((r) => r.integrity_check)
    .join('; ');
  const hasTable = (name: string) =>
    sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !==
    undefined;
  const applied = hasTable('kysely_migration')
    ? (
        sqlite.prepare('select name from kysely_migration order by name').all() as Array<{
          name: string;
        }>
      ).map((r) => r.name)
    : [];
  const kind = hasTable('app_meta')
    ? ((
        sqlite.prepare(`select value from app_meta where key = 'database_kind'`).get() as
          { value: string } | undefined
      )?.value ?? null)
    : null;
  return {
    integrity,
    migrations: applied,
    unknownMigrations: applied.filter((name) => !(name in migrations)),
    kind,
    audit: integrity === 'ok' && hasTable('audit_log') ? await auditReport(sqlite) : null,
  };
}

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
