import type { Generated, GeneratedAlways } from 'kysely';

/** Kinds of ledger entry. Signed amounts: positive = the customer owes more, negative = less. */
export type LedgerKind =
  | 'charge'
  | 'payment'
  | 'fee'
  | 'return'
  | 'adjustment'
  | 'provisional_credit'
  | 'provisional_credit_reversal'
  | 'refund';

export type AccountType = 'lease' | 'loan';
export type PaymentFrequency = 'monthly' | 'semi-monthly';
export type AccountStatus = 'active' | 'paid_off' | 'closed';
export type CustomerKind = 'personal' | 'business';
export type PhoneKind = 'mobile' | 'home' | 'work';
export type Country = 'US' | 'CA';

export interface CustomersTable {
  id: Generated<number>;
  kind: CustomerKind;
  /** For a business customer: its authorised contact. */
  first_name: string;
  last_name: string;
  business_name: string | null;
  date_of_birth: string | null;
  ssn_last4: string | null;
  /** Lower-case. */
  email: string | null;
  language: 'en' | 'fr';
  /** first + last + business name: the column the full-text index reads (generated). */
  search_name: GeneratedAlways<string>;
  created_at: string;
  updated_at: string;
}

export interface CustomerPhonesTable {
  id: Generated<number>;
  customer_id: number;
  kind: PhoneKind;
  /** 10 digits, no country code or punctuation. */
  number: string;
  is_primary: number;
  created_at: string;
}

export interface CustomerAddressesTable {
  id: Generated<number>;
  customer_id: number;
  line1: string;
  line2: string | null;
  city: string;
  /** USPS state or Canada Post province code. */
  region: string;
  postal_code: string;
  country: Country;
  /** First day the address applies. */
  effective_from: string;
  /** First day it no longer applies (exclusive); null while current. */
  effective_to: string | null;
  /** 'origination' | 'customer-request' | 'returned-mail' | 'portal' | ... */
  source: string;
  created_at: string;
  created_by: number | null;
}

export interface AccountsTable {
  id: Generated<number>;
  account_number: string;
  type: AccountType;
  vin: string;
  vin_last8: GeneratedAlways<string>;
  vehicle_year: number;
  vehicle_make: string;
  vehicle_model: string;
  holder_customer_id: number;
  co_holder_customer_id: number | null;
  term_months: number;
  frequency: PaymentFrequency;
  payment_cents: number;
  due_day: number;
  opened_on: string;
  amount_financed_cents: number;
  apr_bps: number;
  residual_cents: number | null;
  status: AccountStatus;
  closed_on: string | null;
  easypay_enrolled: number;
  easypay_bank_account: string | null;
  easypay_bank_last4: string | null;
  easypay_routing: string | null;
  ultimatepay_date: string | null;
  ultimatepay_cents: number | null;
  /** Per contract year, leases only. */
  lease_miles_allowed: number | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  account_id: number;
  /** Effective date. */
  posted_on: string;
  kind: LedgerKind;
  amount_cents: number;
  /** Machine-readable detail: payment channel ('easypay', 'mail', ...), fee type ('late', 'nsf'). */
  code: string | null;
  description: string | null;
  /** Link to what caused it, e.g. 'mail-item:123', 'dispute:45'. */
  reference: string | null;
  created_at: string;
  created_by: number | null;
}

export interface CustomerFlagsTable {
  id: Generated<number>;
  customer_id: number;
  kind: string;
  note: string | null;
  raised_at: string;
  raised_by: number | null;
  cleared_at: string | null;
  cleared_by: number | null;
  clear_reason: string | null;
}

export interface AccountFlagsTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  note: string | null;
  raised_at: string;
  raised_by: number | null;
  cleared_at: string | null;
  cleared_by: number | null;
  clear_reason: string | null;
}

/** The FTS5 index over customers (external content: rowid = customers.id). */
export interface CustomerSearchTable {
  rowid: number;
  search_name: string;
  email: string | null;
}

export interface CustomersTables {
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  customer_addresses: CustomerAddressesTable;
  accounts: AccountsTable;
  ledger_entries: LedgerEntriesTable;
  customer_flags: CustomerFlagsTable;
  account_flags: AccountFlagsTable;
  customer_search: CustomerSearchTable;
}
