import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { makePrivateDir, makePrivateFiles, restrictNewFiles } from '../controls/data-at-rest.ts';
import path from 'node:path';
import demoLender from '../../resources/config/demo-lender.json' with { type: 'json' };
import { openDatabase, type Db } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';
import { settingKeys, parseSetting } from '../domain/lender-config.ts';
import { hashPassword, type ScryptParams } from '../auth/password.ts';
import {
  checkDatabaseIntegrity,
  checkWriteAccess,
  lastRunWasCutOff,
  markRunning,
  markStoppedCleanly,
} from './startup-checks.ts';

export type DatabaseKind = 'production' | 'training';

/** The demo users a training database starts with; the README lists them. */
export const DEMO_USERS: ReadonlyArray<{
  username: string;
  displayName: string;
  role: Role;
  password: string;
}> = [
  { username: 'agent', displayName: 'Alex Agent', role: 'agent', password: 'agent-demo-2026' },
  { username: 'agent2', displayName: 'Brooke Agent', role: 'agent', password: 'agent-demo-2026' },
  {
    username: 'supervisor',
    displayName: 'Sam Supervisor',
    role: 'supervisor',
    password: 'supervisor-demo-2026',
  },
  {
    username: 'trainer',
    displayName: 'Taylor Trainer',
    role: 'trainer',
    password: 'trainer-demo-2026',
  },
  { username: 'admin', displayName: 'Ada Admin', role: 'admin', password: 'admin-demo-2026' },
];

export const DATABASE_FILE = 'cic-desk.sqlite';

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

/** Reads the kind a database was created as; null for a database not yet initialised. */
export async function readDatabaseKind(db: Db): Promise<DatabaseKind | null> {
  const row = await db
    .selectFrom('app_meta')
    .select('value')
    .where('key', '=', 'database_kind')
    .executeTakeFirst();
  return (row?.value as DatabaseKind | undefined) ?? null;
}

export interface PrepareOptions {
  /** Kind for a NEW database; an existing database keeps the kind it was created with. */
  kind: DatabaseKind;
  /** Create the demo users in a new training database. */
  demoUsers: boolean;
  scrypt: ScryptParams;
  at: Date;
}

/**
 * Migrates a database and, when new, stamps its kind (a training database can never become a
 * production one), loads the demo lender configuration and, for training, the demo users.
 * Missing settings keys added by newer versions are filled from the demo configuration.
 */
export async function prepareDatabase(
  db: Db,
  options: PrepareOptions,
): Promise<{ kind: DatabaseKind; created: boolean; schemaVersion: string }> {
  const schemaVersion = await migrateToLatest(db);
  const at = options.at.toISOString();
  const existingKind = await readDatabaseKind(db);
  const created = existingKind === null;
  const kind = existingKind ?? options.kind;
  const hashes =
    created && kind === 'training' && options.demoUsers
      ? await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password, options.scrypt)))
      : [];
  await db.transaction().execute(async (trx) => {
    if (created) {
      await trx
        .insertInto('app_meta')
        .values([
          { key: 'database_kind', value: kind },
          { key: 'created_at', value: at },
        ])
        .execute();
    }
    const present = new Set(
      (await trx.selectFrom('settings').select('key').execute()).map((r) => r.key),
    );
    for (const key of settingKeys) {
      if (present.has(key)) continue;
      const value = parseSetting(key, (demoLender as Record<string, unknown>)[key]);
      await trx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: at, updated_by: null })
        .execute();
    }
    for (const [i, user] of DEMO_USERS.entries()) {
      const hash = hashes[i];
      if (hash) await insertUser(trx, { ...user, passwordHash: hash }, at);
    }
  });
  return { kind, created, schemaVersion };
}

/**
 * Opens `<dataDir>/cic-desk.sqlite`, creating the folder and the database when missing. The
 * folder becomes 0700 and the database files 0600, and what this process creates afterwards is
 * private too (server/controls/data-at-rest.ts).
 */
export function openDataDir(dataDir: string) {
  restrictNewFiles();
  makePrivateDir(dataDir);
  const file = databasePath(dataDir);
  makePrivateFiles(file);
  const opened = openDatabase(file);
  makePrivateFiles(file);
  return opened;
}

/** Suffix of a database being created: renamed to the real name only once complete. */
export const CREATING_SUFFIX = '.creating';

export interface ServerDataDir {
  db: Db;
  sqlite: ReturnType<typeof openDatabase>['sqlite'];
  lock: DataLock;
  /** True when this start created the database. */
  created: boolean;
  /** Releases the lock and records a clean stop (call after closing the database). */
  release(): void;
}

/**
 * Opens the data folder for a server (issue 19), refusing with a clear reason when it cannot:
 * 1. the folder is writable, and so is the database with its -wal/-shm (checkWriteAccess);
 * 2. no other server uses it (an OS lock held until `release`, naming the holder);
 * 3. a missing database is created whole: `create` fills `cic-desk.sqlite.creating` (schema,
 *    users, demo data, scenario), which is synced and renamed into place only when complete.
 *    A creation cut off (killed) leaves only the .creating file, which the next start removes
 *    and redoes;
 * 4. the database passes quick_check, or the full integrity_check when the last run was cut
 *    off (the running marker is still there); a damaged one is refused naming `desk restore`.
 */
export async function openServerDataDir(
  dataDir: string,
  options: {
    log: (message: string) => void;
    create: (creating: { db: Db; sqlite: ServerDataDir['sqlite'] }) => Promise<void>;
  },
): Promise<ServerDataDir> {
  const file = databasePath(dataDir);
  restrictNewFiles();
  // Before anything is made private: a file someone marked read-only is refused, not "fixed".
  checkWriteAccess(dataDir, file);
  makePrivateDir(dataDir);
  const lock = acquireDataLock(dataDir, 'server');
  try {
    let created = false;
    if (!existsSync(file)) {
      const creating = file + CREATING_SUFFIX;
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        if (existsSync(creating + suffix)) {
          if (suffix === '') options.log('an earlier creation of the database was cut off: redone');
          rmSync(creating + suffix, { force: true });
        }
      }
      const fresh = openDatabase(creating);
      try {
        await options.create(fresh);
      } finally {
        await fresh.db.destroy();
        if (fresh.sqlite.open) fresh.sqlite.close();
      }
      // Owner only (its -wal/-shm take the same mode). Closing checkpointed the WAL into the
      // file; make it durable before it gets its name.
      makePrivateFiles(creating);
      const fd = openSync(creating, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(creating, file);
      created = true;
    }
    checkDatabaseIntegrity(file, { full: lastRunWasCutOff(dataDir), log: options.log });
    makePrivateFiles(file);
    const opened = openDatabase(file);
    makePrivateFiles(file);
    // eslint-disable-next-line no-restricted-syntax -- the data folder's 'running since' marker is the machine's time (crash detection)
    markRunning(dataDir, new Date());
    return {
      ...opened,
      lock,
      created,
      release: () => {
        markStoppedCleanly(dataDir);
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
