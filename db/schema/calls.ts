import type { Generated } from 'kysely';

export type InteractionChannel = 'phone_in' | 'phone_out' | 'message' | 'letter' | 'email';
export type InteractionStatus = 'active' | 'wrap_up' | 'closed';
export type InteractionOutcome =
  'resolved' | 'follow_up' | 'transferred' | 'callback' | 'no_action';
export type CallVerificationResult = 'not_attempted' | 'passed' | 'failed' | 'locked';
export type InteractionActionKind =
  | 'balance_disclosed'
  | 'easypay_cancelled'
  | 'address_change'
  | 'dispute_started'
  | 'portal_unlocked'
  | 'link_code_resent'
  | 'email_updated'
  | 'payoff_letter'
  | 'customer_matched'
  | 'secure_message';

export interface CallReasonsTable {
  code: string;
  label_en: string;
  label_fr: string;
  sort_order: number;
  active: Generated<number>;
}

export interface InteractionsTable {
  id: Generated<number>;
  channel: InteractionChannel;
  customer_id: number | null;
  /** 10 digits as the caller ID showed it, or null. */
  caller_phone: string | null;
  caller_name: string | null;
  agent_id: number;
  /** The agent while the call is not wrapped up (unique: one open call per agent). */
  open_agent_id: number | null;
  status: InteractionStatus;
  started_at: string;
  ended_at: string | null;
  wrapped_up_at: string | null;
  handle_seconds: number | null;
  wrap_seconds: number | null;
  verification_id: number | null;
  verification_result: Generated<CallVerificationResult>;
  /** Whom the passed verification identified (holder or co-holder of the call's customer). */
  verified_customer_id: number | null;
  notes: string | null;
  outcome: InteractionOutcome | null;
  follow_up_on: string | null;
  matched_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface InteractionReasonsTable {
  interaction_id: number;
  reason_code: string;
}

export interface InteractionActionsTable {
  id: Generated<number>;
  interaction_id: number;
  kind: InteractionActionKind;
  target_type: string | null;
  target_id: string | null;
  summary: string;
  /** The summary as a message (key + parameters, JSON) for the screen; null before 0019. */
  message_json: string | null;
  at: string;
  by_user_id: number | null;
}

export interface EasyPayChangesTable {
  id: Generated<number>;
  account_id: number;
  customer_id: number;
  interaction_id: number | null;
  kind: 'cancel' | 'enrol';
  channel: 'phone' | 'mail' | 'portal';
  requested_on: string;
  /** Due date (and debit date) of the first debit the change stops. */
  stops_due_on: string | null;
  stops_debit_on: string | null;
  /** A debit past its cut-off that still goes ahead, if any. */
  goes_ahead_due_on: string | null;
  goes_ahead_debit_on: string | null;
  explanation: string;
  bank_last4: string | null;
  created_at: string;
  created_by: number | null;
}

export interface PortalAccountsTable {
  customer_id: number;
  login_email: string;
  enrolled_at: string;
  activated_at: string | null;
  paperless: Generated<number>;
  failed_sign_ins: Generated<number>;
  locked_until: string | null;
  last_sign_in_at: string | null;
  updated_at: string;
}

export interface PortalAccountLinksTable {
  customer_id: number;
  account_id: number;
  linked_at: string;
}

export interface PortalLinkCodesTable {
  id: Generated<number>;
  customer_id: number;
  account_id: number | null;
  sent_to_masked: string;
  code_hash: string;
  sent_at: string;
  expires_at: string;
  used_at: string | null;
  failed: Generated<number>;
  sent_by: number | null;
}

/** A letter produced from a call by the letter engine (migration 0015): the payoff quote. */
export interface CallLettersTable {
  id: Generated<number>;
  interaction_id: number;
  customer_id: number;
  account_id: number;
  kind: 'payoff-quote';
  language: 'en' | 'fr';
  addressed_to: string;
  body: string;
  pdf: Buffer;
  sha256: string;
  as_of: string;
  good_through: string;
  payoff_cents: number;
  per_diem_cents: number;
  created_at: string;
  created_by: number | null;
}

export interface CallsTables {
  call_letters: CallLettersTable;
  call_reasons: CallReasonsTable;
  interactions: InteractionsTable;
  interaction_reasons: InteractionReasonsTable;
  interaction_actions: InteractionActionsTable;
  easypay_changes: EasyPayChangesTable;
  portal_accounts: PortalAccountsTable;
  portal_account_links: PortalAccountLinksTable;
  portal_link_codes: PortalLinkCodesTable;
}
