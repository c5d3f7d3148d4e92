import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { isPostgres } from './database.ts';
import { LATEST_MIGRATION, migrations } from './migrations/index.ts';

export class DatabaseTooNewError extends Error {
  readonly unknown: string[];
  constructor(unknown: string[]) {
    super(
      `This database was written by a newer CIC Desk (unknown migrations: ${unknown.join(', ')}). ` +
        'Install the newer version or restore a backup; this version will not touch it.',
    );
    this.name = 'DatabaseTooNewError';
    this.unknown = unknown;
  }
}

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Names of migrations already applied to the database, oldest first. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const exists = isPostgres(db)
    ? await sql<{ n: number }>`
        select count(*) as n from information_schema.tables
        where table_schema = current_schema() and table_name = 'kysely_migration'
      `.execute(db)
    : await sql<{ n: number }>`
        select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'
      `.execute(db);
  if (!exists.rows[0]?.n) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db,
  );
  return rows.rows.map((r) => r.name);
}

/**
 * Brings the database to this build's schema. Refuses (throws `DatabaseTooNewError`) when the
 * database has migrations this build does not know, and rethrows any migration failure so the
 * caller never runs on a half-migrated schema.
 *
 * @example
 * const version = await migrateToLatest(db); // '0001-platform'
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string> {
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
  return LATEST_MIGRATION;
}

/** Migrates up to and including `name` (tests use this to carry data across one migration). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
