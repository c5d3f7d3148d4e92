import type { AddressChangesTables } from './address-changes.ts';
import type { AuthMfaTables } from './auth-mfa.ts';
import type { CallsTables } from './calls.ts';
import type { AuthorityTables } from './authority.ts';
import type { CustomersTables } from './customers.ts';
import type { DisputesTables } from './disputes.ts';
import type { IdempotencyTables } from './idempotency.ts';
import type { MailPaymentsTables } from './mail-payments.ts';
import type { MessagesTables } from './messages.ts';
import type { PlatformTables } from './platform.ts';

/**
 * The whole database as Kysely sees it: one interface per workflow area, merged here.
 * Each area adds its tables in its own file (customers.ts, messages.ts, disputes.ts, ...).
 */
export interface DB
  extends
    PlatformTables,
    CustomersTables,
    DisputesTables,
    AddressChangesTables,
    MailPaymentsTables,
    MessagesTables,
    IdempotencyTables,
    AuthMfaTables,
    CallsTables,
    AuthorityTables {}

export type * from './platform.ts';
export type * from './customers.ts';
export type * from './disputes.ts';
export type * from './address-changes.ts';
export type * from './mail-payments.ts';
export type * from './messages.ts';
export type * from './idempotency.ts';
export type * from './auth-mfa.ts';
export type * from './calls.ts';
export type * from './authority.ts';
