import type { Generated } from 'kysely';

export type MailBatchStatus = 'open' | 'approved' | 'posted';
export type InstrumentType = 'personal_check' | 'cashiers_check' | 'money_order';
/**
 * ok: passes every check; exception: failed one (in the exceptions queue); override: an agent
 * chose to post it anyway (the batch then needs a supervisor's approval); returned: sent back to
 * the remitter, never credited; posted: credited; nsf: credited, then reversed as returned unpaid.
 */
export type MailItemStatus = 'ok' | 'exception' | 'override' | 'returned' | 'posted' | 'nsf';
export type MailResolution = 'corrected' | 'override' | 'returned';
export type MailLetterKind = 'return-to-sender' | 'nsf-notice';

export interface MailBatchesTable {
  id: Generated<number>;
  lockbox_id: string;
  receipt_date: string;
  control_count: number;
  control_total_cents: number;
  status: Generated<MailBatchStatus>;
  opened_at: string;
  opened_by: number | null;
  approved_at: string | null;
  approved_by: number | null;
  approval_note: string | null;
  posted_at: string | null;
  posted_by: number | null;
}

export interface MailItemsTable {
  id: Generated<number>;
  batch_id: number;
  seq: number;
  /** As keyed, normalised (spaces and dashes removed): may not be a valid number. */
  account_number: string;
  account_id: number | null;
  amount_cents: number;
  instrument_number: string;
  instrument_type: InstrumentType;
  payee: string;
  routing_number: string;
  remitter: string;
  notes: Generated<string>;
  paid_in_full: Generated<number>;
  status: MailItemStatus;
  /** JSON array of MailItemFailure. */
  failures: Generated<string>;
  resolution: MailResolution | null;
  resolution_note: string | null;
  resolved_at: string | null;
  resolved_by: number | null;
  keyed_at: string;
  keyed_by: number | null;
  nsf_at: string | null;
  nsf_by: number | null;
  nsf_reason: string | null;
}

export interface MailPostingsTable {
  item_id: number;
  ledger_entry_id: number;
  account_id: number;
  posted_on: string;
  amount_cents: number;
  /** JSON: the bucket application of server/domain/money.ts applyInOrder. */
  allocation: string;
  return_entry_id: number | null;
  fee_entry_id: number | null;
  created_at: string;
}

export interface MailLettersTable {
  id: Generated<number>;
  item_id: number;
  kind: MailLetterKind;
  customer_id: number | null;
  addressed_to: string;
  body: string;
  /** Since 0014; earlier letters read 'en'. */
  language: Generated<'en' | 'fr'>;
  /** Since 0014: the rendered letter; null for earlier letters. */
  pdf: Buffer | null;
  created_at: string;
  created_by: number | null;
}

export interface MailPaymentsTables {
  mail_batches: MailBatchesTable;
  mail_items: MailItemsTable;
  mail_postings: MailPostingsTable;
  mail_letters: MailLettersTable;
}
