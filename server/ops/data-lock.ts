import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * One server per data folder (issue 19). The lock is an OS file lock, not a "lock file exists"
 * flag: `<dataDir>/cic-desk.lock` is a tiny SQLite file held open in EXCLUSIVE locking mode
 * after a write, so SQLite keeps its exclusive lock (fcntl on Linux/macOS, LockFileEx on
 * Windows) for the life of the connection. The operating system drops it when the process
 * ends, however it ends (SIGKILL, power cut of the process): there is no stale lock to detect
 * and a recycled PID cannot keep a folder locked. Who holds it is written beside it, in
 * `cic-desk.lock.json` ({pid, host, startedAt, purpose}), for the message a second start shows.
 *
 * `desk restore` takes the same lock: it never has to open a (possibly damaged) database file
 * to learn whether a server is using it. PostgreSQL deployments take no lock (several
 * instances share one database by design).
 */

export const LOCK_FILE = 'cic-desk.lock';
export const LOCK_OWNER_FILE = 'cic-desk.lock.json';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** 'server' or the CLI command holding it ('restore'). */
  purpose: string;
}

export class DataFolderInUse extends Error {
  override name = 'DataFolderInUse';
  readonly owner: LockOwner | null;
  constructor(dataDir: string, owner: LockOwner | null) {
    super(
      `The data folder ${dataDir} is in use by ${describeOwner(owner)}. ` +
        'Only one CIC Desk server can use a data folder: use the desk that is already running, ' +
        'or stop it first.',
    );
    this.owner = owner;
  }
}

/** "process 4242 (server, on pc-17, since 2026-11-20T14:00:00.000Z)" */
export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return 'another process (it did not say which)';
  return `process ${owner.pid} (${owner.purpose}, on ${owner.host}, since ${owner.startedAt})`;
}

export interface DataLock {
  readonly dataDir: string;
  readonly owner: LockOwner;
  release(): void;
}

function readOwner(dataDir: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path.join(dataDir, LOCK_OWNER_FILE), 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as LockOwner).pid === 'number')
      return parsed as LockOwner;
  } catch {
    // Missing or half-written: the holder is still named generically.
  }
  return null;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Takes the data folder's lock for this process, or throws `DataFolderInUse` naming the holder.
 * The folder must exist. Holding it twice in one process is refused too (SQLite tracks its
 * locks per file inside a process as well).
 */
export function acquireDataLock(
  dataDir: string,
  purpose = 'server',
  // eslint-disable-next-line no-restricted-syntax -- the lock file's holder time is the machine's (ops plumbing)
  now: Date = new Date(),
): DataLock {
  const file = path.join(dataDir, LOCK_FILE);
  // A short-lived holder (restore, probe) that created the lock file takes it away again, so a
  // refused restore leaves the folder as it found it. A server's stays (removing a lock file
  // others may be opening would let two holders lock two different files).
  const removeOnRelease = purpose !== 'server' && !existsSync(file);
  const lock = new Database(file, { timeout: 0 });
  try {
    chmodSync(file, 0o600);
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = DELETE');
    // A write takes the EXCLUSIVE lock; in exclusive locking mode it is kept until close.
    lock.exec(`BEGIN EXCLUSIVE;
      CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER, at TEXT);
      INSERT OR REPLACE INTO holder (id, pid, at) VALUES (1, ${process.pid}, '${now.toISOString()}');
      COMMIT;`);
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw new DataFolderInUse(dataDir, readOwner(dataDir));
    throw error;
  }
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: now.toISOString(),
    purpose,
  };
  writeFileSync(path.join(dataDir, LOCK_OWNER_FILE), `${JSON.stringify(owner)}\n`, {
    mode: 0o600,
  });
  let released = false;
  return {
    dataDir,
    owner,
    release: () => {
      if (released) return;
      released = true;
      // The owner note goes first: a start racing the release then sees a free lock, never a
      // stale name.
      if (readOwner(dataDir)?.pid === process.pid)
        rmSync(path.join(dataDir, LOCK_OWNER_FILE), { force: true });
      lock.close();
      if (removeOnRelease) rmSync(file, { force: true });
    },
  };
}

/** Whether a server (or a restore) holds the data folder's lock now; takes and keeps nothing. */
export function dataFolderInUse(dataDir: string): DataFolderInUse | null {
  try {
    acquireDataLock(dataDir, 'probe').release();
    return null;
  } catch (error) {
    if (error instanceof DataFolderInUse) return error;
    throw error;
  }
}
