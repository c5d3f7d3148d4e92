import type { PlatformTables } from './platform.ts';

/**
 * The whole database as Kysely sees it: one interface per workflow area, merged here.
 * Each area adds its tables in its own file (customers.ts, messages.ts, disputes.ts, ...).
 */
export interface DB extends PlatformTables {}

export type * from './platform.ts';
