import type { Generated } from 'kysely';

export type DisputeChannel = 'phone' | 'secure_message' | 'mail';
export type DisputeErrorType =
  | 'duplicate_debit'
  | 'wrong_amount'
  | 'after_cancellation'
  | 'unauthorized'
  | 'not_received'
  | 'other';
export type DisputeDetermination = 'error_found' | 'no_error' | 'different_error';
export type DisputeStage =
  'investigation' | 'results' | 'correction' | 'reversal' | 'ready_to_close' | 'closed';
export type DisputeLetterKind =
  'acknowledgement' | 'provisional_credit' | 'results' | 'no_error' | 'reversal';
export type LetterChannel = 'mail' | 'secure_message' | 'email' | 'fax';

export interface DisputePoliciesTable {
  version: number;
  effective_from: string;
  reviewed_by: string;
  reviewed_on: string;
  policy_json: string;
  notes: string | null;
  created_at: string;
  created_by: number | null;
}

export interface DisputesTable {
  id: Generated<number>;
  customer_id: number;
  account_id: number;
  policy_version: number;
  channel: DisputeChannel;
  /** UTC instant the notice was received. */
  notice_at: string;
  /** Centre-local date of notice_at: day 0 of the notice clocks. */
  notice_on: string;
  statement_on: string | null;
  error_type: DisputeErrorType;
  reason: string;
  /** State/province of the address in effect on the notice date. */
  residence_region: string | null;
  massachusetts: number;
  new_account: number;
  point_of_sale: number;
  foreign_initiated: number;
  late_notice: number;
  written_confirmation_required: number;
  written_confirmation_received_on: string | null;
  disputed_cents: number;
  provisional_credit_cents: number | null;
  provisional_credit_on: string | null;
  provisional_credit_notice_sent_on: string | null;
  determination: DisputeDetermination | null;
  determination_on: string | null;
  determination_explanation: string | null;
  investigation_completed_on: string | null;
  results_sent_on: string | null;
  correction_cents: number | null;
  correction_on: string | null;
  reversal_notice_sent_on: string | null;
  reversal_cents: number | null;
  reversal_on: string | null;
  stage: DisputeStage;
  closed_on: string | null;
  close_note: string | null;
  assigned_to: number | null;
  source_thread_id: number | null;
  /** The open lender clock with the earliest target, and that target (recomputed on every change). */
  next_clock: string | null;
  next_target_on: string | null;
  /** The reason in the customer's words, reviewed: the only reason a letter prints. */
  customer_reason: string | null;
  withdrawn_on: string | null;
  withdrawal_note: string | null;
  version: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface DisputeTransactionsTable {
  id: Generated<number>;
  dispute_id: number;
  transaction_on: string;
  amount_cents: number;
  description: string;
  ledger_entry_id: number | null;
}

export interface DisputeEventsTable {
  id: Generated<number>;
  dispute_id: number;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  kind: string;
  summary: string;
  detail_json: string | null;
}

export interface DisputeItemsTable {
  id: Generated<number>;
  dispute_id: number;
  kind: 'note' | 'document' | 'task';
  body: string;
  file_name: string | null;
  mime_type: string | null;
  content: Uint8Array | null;
  sha256: string | null;
  due_on: string | null;
  done_at: string | null;
  done_by: number | null;
  created_at: string;
  created_by: number | null;
}

export interface DisputeLettersTable {
  id: Generated<number>;
  dispute_id: number;
  kind: DisputeLetterKind;
  language: 'en' | 'fr';
  /** The placeholder values the letter was rendered with (re-renders identically). */
  data_json: string;
  pdf: Uint8Array | null;
  sha256: string | null;
  sent_on: string;
  channel: LetterChannel;
  created_at: string;
  created_by: number | null;
}

export interface DisputeClocksTable {
  dispute_id: number;
  clock_id: string;
  owner: 'lender' | 'customer';
  kind: 'deadline' | 'not_before';
  applicable: number;
  start_on: string | null;
  legal_due_on: string | null;
  target_on: string | null;
  at_risk_from: string | null;
  completed_on: string | null;
  /** Set when the case closed with this clock still open: it no longer counts. */
  frozen_on: string | null;
  /** From this day the clock is suspended by another clock's outcome (never breached). */
  suspended_from: string | null;
}

export interface DisputesTables {
  dispute_policies: DisputePoliciesTable;
  disputes: DisputesTable;
  dispute_transactions: DisputeTransactionsTable;
  dispute_events: DisputeEventsTable;
  dispute_items: DisputeItemsTable;
  dispute_letters: DisputeLettersTable;
  dispute_clocks: DisputeClocksTable;
}
