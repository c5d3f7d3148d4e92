import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-platform.ts';
import * as m0002 from './0002-customers.ts';
import * as m0003 from './0003-messages.ts';
import * as m0004 from './0004-disputes.ts';
import * as m0005 from './0005-address-changes.ts';
import * as m0006 from './0006-mail-payments.ts';
import * as m0007 from './0007-idempotency.ts';
import * as m0008 from './0008-auth-mfa.ts';
import * as m0009 from './0009-dispute-notice-and-policy-v2.ts';
import * as m0010 from './0010-auth-controls.ts';
import * as m0011 from './0011-authority.ts';
import * as m0012 from './0012-hostile-env.ts';
import * as m0013 from './0013-calls.ts';
import * as m0014 from './0014-mail-letters-pdf.ts';
import * as m0015 from './0015-call-letters-and-links.ts';
import * as m0019 from './0019-call-action-messages.ts';

/**
 * Every migration, registered statically: a packaged app cannot scan a directory inside its
 * asar, and a static list makes the order explicit. Append only; never edit a released one.
 */
export const migrations: Record<string, Migration> = {
  '0001-platform': m0001,
  '0002-customers': m0002,
  '0003-messages': m0003,
  '0004-disputes': m0004,
  '0005-address-changes': m0005,
  '0006-mail-payments': m0006,
  '0007-idempotency': m0007,
  '0008-auth-mfa': m0008,
  '0009-dispute-notice-and-policy-v2': m0009,
  '0010-auth-controls': m0010,
  '0011-authority': m0011,
  '0012-hostile-env': m0012,
  '0013-calls': m0013,
  '0014-mail-letters-pdf': m0014,
  '0015-call-letters-and-links': m0015,
  '0019-call-action-messages': m0019,
};

/** The schema version this build of the app writes: the name of its newest migration. */
export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) ?? '';
