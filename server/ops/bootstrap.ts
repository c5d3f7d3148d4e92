import { makePrivateDir, makePrivateFiles, restrictNewFiles } from '../controls/data-at-rest.ts';
import path from 'node:path';
import demoLender from '../../resources/config/demo-lender.json' with { type: 'json' };
import { openDatabase, type Db } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { insertUser } from '../../db/repositories/users.ts';
import type { Role } from '../../db/schema/index.ts';
import { settingKeys, parseSetting } from '../domain/lender-config.ts';
import { hashPassword, type ScryptParams } from '../auth/password.ts';

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
