import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { databaseUrl, TEST_DATABASE_URL } from './pg-test-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database test apps are cloned from ('' on SQLite). */
    pgTemplate: string;
  }
}

/**
 * On a PostgreSQL run, migrates one template database for the whole run (dropped at the end);
 * on SQLite does nothing.
 */
export default async function setup(project: TestProject) {
  if (!TEST_DATABASE_URL) {
    project.provide('pgTemplate', '');
    return;
  }
  const template = `cic_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  const { db } = openPostgres(databaseUrl(TEST_DATABASE_URL, template), { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  // Only an unused database can be a template.
  project.provide('pgTemplate', template);
  return async () => {
    // The seeded template tests/integration/procedure-fixture.ts builds on first use.
    await admin.query(`DROP DATABASE IF EXISTS ${template}_procedures WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
