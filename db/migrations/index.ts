import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-platform.ts';
import * as m0002 from './0002-customers.ts';

/**
 * Every migration, registered statically: a packaged app cannot scan a directory inside its
 * asar, and a static list makes the order explicit. Append only; never edit a released one.
 */
export const migrations: Record<string, Migration> = {
  '0001-platform': m0001,
  '0002-customers': m0002,
};

/** The schema version this build of the app writes: the name of its newest migration. */
export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) ?? '';
