import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for the integration suite. When `CIC_TEST_DATABASE_URL` (a `postgres://` URL to a
 * maintenance database on a throw-away cluster, see tests/pg/run.ts) is set, every
 * test app gets its own database cloned from a template that the global setup migrated once:
 * `CREATE DATABASE ... TEMPLATE` copies files, far faster than running the migrations again.
 * Integration files about SQLite itself are left out of that run: see tests/pg/run.ts.
 */
export const TEST_DATABASE_URL = process.env.CIC_TEST_DATABASE_URL ?? null;

/** True when this run of the integration suite is against PostgreSQL. */
export const onPostgres = TEST_DATABASE_URL !== null;

/** The URL of database `name` on the same server as `base`. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

let admin: pg.Pool | null = null;

function adminPool(): pg.Pool {
  if (!TEST_DATABASE_URL) throw new Error('CIC_TEST_DATABASE_URL is not set');
  admin ??= new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  return admin;
}

/** Creates a fresh database from `template`; returns its URL and a function that drops it. */
export async function cloneDatabase(
  template: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: databaseUrl(TEST_DATABASE_URL ?? '', name),
    drop: async () => {
      await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
