import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openPostgres } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { exportDatabase, importDatabase } from '../../db/transfer.ts';
import { openDataDir } from '../../server/ops/bootstrap.ts';

export interface PostgresLoad {
  exportMs: number;
  importMs: number;
  rows: number;
}

/** The database name of a postgres:// URL. */
function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/i.test(name))
    throw new Error(`--database-url must name a database (letters, digits, _), got "${name}"`);
  return name;
}

/**
 * `npm run bench -- --database-url postgres://…/cic_bench`: the SQLite work copy (dataset +
 * bench agents and their sessions) goes to PostgreSQL the way an operator moves a desk —
 * `desk export` then `desk import` (db/transfer.ts) — into that database, which is DROPPED and
 * re-created first (use a throw-away database). The measures then read their inputs from the
 * SQLite copy, which holds the same rows, and talk to a server running on PostgreSQL.
 */
export async function loadIntoPostgres(
  dir: string,
  url: string,
  log: (m: string) => void,
): Promise<PostgresLoad> {
  const name = databaseName(url);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const file = path.join(dir, 'bench-transfer.jsonl');
  const source = openDataDir(dir);
  let exportMs: number;
  try {
    log(`exporting the work copy (desk export) …`);
    exportMs = (await exportDatabase(source.db, file)).milliseconds;
  } finally {
    await source.db.destroy();
    if (source.sqlite.open) source.sqlite.close();
  }
  const { db } = openPostgres(url, { max: 2 });
  try {
    log(`importing into PostgreSQL database ${name} (desk import) …`);
    const r = await importDatabase(db, file, { migrate: migrateToLatest });
    return { exportMs, importMs: r.milliseconds, rows: r.rows };
  } finally {
    await db.destroy();
    rmSync(file, { force: true });
  }
}
