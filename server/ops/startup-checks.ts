import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * What a server checks about its data folder before it serves (issue 19): that it can write
 * there, and that the database is not damaged. A desk that cannot write or reads a damaged file
 * refuses to start with the reason, the path and what to do, instead of answering "healthy" and
 * failing every request.
 *
 * Read-only folders are refused rather than served read-only: signing in already writes (the
 * session, the audit record), so a read-only desk could not even let anyone in. The operator
 * gets the cause and the path at once and fixes the permissions or the mount.
 */

export class StartRefused extends Error {
  override name = 'StartRefused';
}

const REASONS: Readonly<Record<string, string>> = {
  EROFS: 'it is on a read-only file system (mount)',
  EACCES: 'this user has no permission to write there',
  EPERM: 'the operating system does not allow writing there',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && REASONS[code]) || (error as Error).message || String(error);
}

/**
 * Refuses (throws `StartRefused`) unless the desk can write in `dataDir` and to its database:
 * the folder accepts a new file, the database file (when present) is not marked read-only and
 * opens for writing, and the `-wal` / `-shm` files an unclean shutdown left can be written
 * (SQLite must replay the WAL). Creates the folder when missing (mode 0700).
 */
export function checkWriteAccess(dataDir: string, databaseFile: string): void {
  const refuse = (what: string, where: string, error: unknown) =>
    new StartRefused(
      `CIC Desk cannot write ${what} ${where}: ${reasonOf(error)}. ` +
        'It does not start on data it cannot save. Give the desk write access there (file ' +
        'permissions, read-only attribute, the mount), or choose another data folder.',
    );
  try {
    // 0700: the folder holds customers' data (parents created on the way get the same).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw refuse('the data folder', dataDir, error);
  }
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    rmSync(probe, { force: true });
  } catch (error) {
    throw refuse('in the data folder', dataDir, error);
  }
  for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`]) {
    if (!existsSync(file)) continue;
    // The owner's write bit is the read-only attribute: honoured even for an administrator
    // (root bypasses it, but a file someone marked read-only is not to be written behind
    // their back, nor copied into read-only -wal/-shm files that later block others).
    if ((statSync(file).mode & 0o200) === 0)
      throw refuse('the file', file, new Error('it is marked read-only'));
    try {
      closeSync(openSync(file, 'r+'));
    } catch (error) {
      throw refuse('the file', file, error);
    }
  }
}

export class DatabaseDamaged extends StartRefused {
  override name = 'DatabaseDamaged';
}

/** The message a damaged database is refused with: what happened and what to do. */
export function damagedMessage(file: string, detail: string): string {
  return (
    `The database ${file} is damaged (${detail}). CIC Desk does not serve a damaged database. ` +
    'Restore the latest backup with `npm run desk -- restore --from <backup file> --force ' +
    `--data-dir ${path.dirname(file)}\` (desk restore keeps the damaged file aside, it never ` +
    'deletes it), then start again.'
  );
}

/**
 * Checks a database file before the desk uses it: `PRAGMA quick_check` on every start, and the
 * full `integrity_check` (table by table, progress in the log) when the last run did not shut
 * down cleanly. Throws `DatabaseDamaged` on any problem, including a file that is not a
 * database at all (a wiped header, a truncated file). Opens its own connection and closes it.
 */
export function checkDatabaseIntegrity(
  file: string,
  options: { full: boolean; log: (message: string) => void },
): void {
  if (!existsSync(file)) return;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    const problems: string[] = [];
    if (options.full) {
      const tables = (
        db
          .prepare(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
          )
          .all() as Array<{ name: string }>
      ).map((t) => t.name);
      options.log(
        `the last run did not shut down cleanly: full integrity check of ${tables.length} tables`,
      );
      const started = performance.now();
      for (const [i, table] of tables.entries()) {
        const rows = db.pragma(`integrity_check("${table.replaceAll('"', '""')}")`) as Array<{
          integrity_check: string;
        }>;
        for (const r of rows) if (r.integrity_check !== 'ok') problems.push(r.integrity_check);
        if ((i + 1) % 10 === 0 || i + 1 === tables.length)
          options.log(
            `integrity check: ${i + 1}/${tables.length} tables (${Math.round(performance.now() - started)} ms)`,
          );
      }
    }
    // Pages, free list and every table's b-tree (not index contents: the full check does those).
    const quick = db.pragma('quick_check') as Array<{ quick_check: string }>;
    for (const r of quick) if (r.quick_check !== 'ok') problems.push(r.quick_check);
    if (problems.length > 0) {
      // SQLite reports one problem per line, after a "*** in database main ***" heading.
      const unique = [
        ...new Set(problems.flatMap((p) => p.split('\n')).map((p) => p.trim())),
      ].filter((p) => p && !p.startsWith('***'));
      throw new DatabaseDamaged(
        damagedMessage(
          file,
          `${unique.length} problem${unique.length === 1 ? '' : 's'}, first: ${unique.slice(0, 2).join('; ')}`,
        ),
      );
    }
  } catch (error) {
    if (error instanceof DatabaseDamaged) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new DatabaseDamaged(damagedMessage(file, (error as Error).message), { cause: error });
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * `<dataDir>/cic-desk.running`: written when a server starts, removed when it closes cleanly.
 * Found at start, it means the last run was cut off (killed, crashed, power lost).
 */
export const RUNNING_MARKER = 'cic-desk.running';

export function lastRunWasCutOff(dataDir: string): boolean {
  return existsSync(path.join(dataDir, RUNNING_MARKER));
}

export function markRunning(dataDir: string, at: Date): void {
  writeFileSync(
    path.join(dataDir, RUNNING_MARKER),
    `${JSON.stringify({ pid: process.pid, since: at.toISOString() })}\n`,
    { mode: 0o600 },
  );
}

export function markStoppedCleanly(dataDir: string): void {
  rmSync(path.join(dataDir, RUNNING_MARKER), { force: true });
}
