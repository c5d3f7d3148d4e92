import type { Generated } from 'kysely';

export type VerificationMethodColumn = 'dob_ssn_zip' | 'dob_vin' | 'vin';
export type IntakeChannel = 'phone' | 'message' | 'mail';
export type AddressChangeStatus =
  'pending_approval' | 'applied' | 'rejected' | 'in_review' | 'reverted';

export interface IdentityVerificationsTable {
  id: Generated<number>;
  customer_id: number;
  method: VerificationMethodColumn;
  result: 'passed' | 'failed' | 'locked';
  channel: IntakeChannel;
  /** For a pass: failed attempts just before it (the failed-then-passed red flag). */
  failed_before: Generated<number>;
  attempted_at: string;
  attempted_by: number | null;
}

export interface IdentityVerificationLocksTable {
  customer_id: number;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  updated_at: string;
}

export interface AddressChangesTable {
  id: Generated<number>;
  customer_id: number;
  channel: IntakeChannel;
  requester_customer_id: number;
  requester_role: 'holder' | 'co_holder';
  verification_id: number | null;
  /** The address in effect when the change was taken. */
  old_address_id: number | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string;
  postal_code: string;
  country: 'US' | 'CA';
  /** Normalised comparison key (server/domain/address-normalize.ts addressKey). */
  address_key: string;
  effective_from: string;
  reason: string;
  status: AddressChangeStatus;
  /** JSON array of RedFlag. */
  red_flags: Generated<string>;
  new_address_id: number | null;
  /** When a reviewed change is reverted: the row that restored the old address. */
  restored_address_id: number | null;
  from_thread_id: number | null;
  /** Centre-local date it was taken. */
  requested_on: string;
  created_at: string;
  created_by: number | null;
  decided_at: string | null;
  decided_by: number | null;
  decision_reason: string | null;
}

export interface AddressChangeAccountsTable {
  change_id: number;
  account_id: number;
}

export interface AddressChangeLettersTable {
  id: Generated<number>;
  change_id: number;
  recipient: 'old' | 'new';
  language: 'en' | 'fr';
  /** The label as printed, lines joined with newlines. */
  mailing_address: string;
  pdf: Buffer | null;
  sent_at: string;
  sent_by: number | null;
}

export interface CustomerRequestsTable {
  id: Generated<number>;
  customer_id: number;
  account_id: number | null;
  kind: 'payoff' | 'title';
  channel: IntakeChannel;
  note: string | null;
  requested_on: string;
  created_at: string;
  created_by: number | null;
}

export interface AddressChangesTables {
  identity_verifications: IdentityVerificationsTable;
  identity_verification_locks: IdentityVerificationLocksTable;
  address_changes: AddressChangesTable;
  address_change_accounts: AddressChangeAccountsTable;
  address_change_letters: AddressChangeLettersTable;
  customer_requests: CustomerRequestsTable;
}
