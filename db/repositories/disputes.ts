import { type Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { WorkflowFacts } from '../../server/domain/dispute-workflow.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  DisputeChannel,
  DisputeDetermination,
  DisputeErrorType,
  DisputeStage,
  DisputesTable,
} from '../schema/index.ts';

/** A disputed transaction. */
export interface DisputedTransaction {
  id: number;
  transactionOn: IsoDate;
  amountCents: number;
  description: string;
  ledgerEntryId: number | null;
}

/** A dispute case as the desk sees it (booleans, cents, dates). */
export interface DisputeCase {
  id: number;
  customerId: number;
  accountId: number;
  policyVersion: number;
  channel: DisputeChannel;
  noticeAt: string;
  noticeOn: IsoDate;
  statementOn: IsoDate | null;
  errorType: DisputeErrorType;
  reason: string;
  residenceRegion: string | null;
  massachusetts: boolean;
  newAccount: boolean;
  pointOfSale: boolean;
  foreignInitiated: boolean;
  lateNotice: boolean;
  writtenConfirmationRequired: boolean;
  writtenConfirmationReceivedOn: IsoDate | null;
  disputedCents: number;
  provisionalCreditCents: number | null;
  provisionalCreditOn: IsoDate | null;
  provisionalCreditNoticeSentOn: IsoDate | null;
  determination: DisputeDetermination | null;
  determinationOn: IsoDate | null;
  determinationExplanation: string | null;
  investigationCompletedOn: IsoDate | null;
  resultsSentOn: IsoDate | null;
  correctionCents: number | null;
  correctionOn: IsoDate | null;
  reversalNoticeSentOn: IsoDate | null;
  reversalCents: number | null;
  reversalOn: IsoDate | null;
  stage: DisputeStage;
  closedOn: IsoDate | null;
  closeNote: string | null;
  assignedTo: number | null;
  sourceThreadId: number | null;
  nextClock: string | null;
  nextTargetOn: IsoDate | null;
  /** The reason in the customer's words (printed in letters); `reason` is the agent's note. */
  customerReason: string | null;
  withdrawnOn: IsoDate | null;
  withdrawalNote: string | null;
  version: number;
  createdAt: string;
  createdBy: number | null;
  updatedAt: string;
  transactions: DisputedTransaction[];
}

export function toDisputeCase(
  row: Selectable<DisputesTable>,
  transactions: DisputedTransaction[],
): DisputeCase {
  return {
    id: row.id,
    customerId: row.customer_id,
    accountId: row.account_id,
    policyVersion: row.policy_version,
    channel: row.channel,
    noticeAt: row.notice_at,
    noticeOn: row.notice_on,
    statementOn: row.statement_on,
    errorType: row.error_type,
    reason: row.reason,
    residenceRegion: row.residence_region,
    massachusetts: row.massachusetts === 1,
    newAccount: row.new_account === 1,
    pointOfSale: row.point_of_sale === 1,
    foreignInitiated: row.foreign_initiated === 1,
    lateNotice: row.late_notice === 1,
    writtenConfirmationRequired: row.written_confirmation_required === 1,
    writtenConfirmationReceivedOn: row.written_confirmation_received_on,
    disputedCents: row.disputed_cents,
    provisionalCreditCents: row.provisional_credit_cents,
    provisionalCreditOn: row.provisional_credit_on,
    provisionalCreditNoticeSentOn: row.provisional_credit_notice_sent_on,
    determination: row.determination,
    determinationOn: row.determination_on,
    determinationExplanation: row.determination_explanation,
    investigationCompletedOn: row.investigation_completed_on,
    resultsSentOn: row.results_sent_on,
    correctionCents: row.correction_cents,
    correctionOn: row.correction_on,
    reversalNoticeSentOn: row.reversal_notice_sent_on,
    reversalCents: row.reversal_cents,
    reversalOn: row.reversal_on,
    stage: row.stage,
    closedOn: row.closed_on,
    closeNote: row.close_note,
    assignedTo: row.assigned_to,
    sourceThreadId: row.source_thread_id,
    nextClock: row.next_clock,
    nextTargetOn: row.next_target_on,
    customerReason: row.customer_reason,
    withdrawnOn: row.withdrawn_on,
    withdrawalNote: row.withdrawal_note,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    transactions,
  };
}

/** The facts the deadline engine and workflow rules read. */
export function factsOf(c: DisputeCase): WorkflowFacts {
  return {
    noticeOn: c.noticeOn,
    channel: c.channel,
    statementOn: c.statementOn,
    transactionDates: c.transactions.map((t) => t.transactionOn),
    residenceRegion: c.residenceRegion,
    newAccount: c.newAccount,
    pointOfSale: c.pointOfSale,
    foreignInitiated: c.foreignInitiated,
    writtenConfirmationRequired: c.writtenConfirmationRequired,
    writtenConfirmationReceivedOn: c.writtenConfirmationReceivedOn,
    provisionalCreditOn: c.provisionalCreditOn,
    provisionalCreditCents: c.provisionalCreditCents,
    provisionalCreditNoticeSentOn: c.provisionalCreditNoticeSentOn,
    determination: c.determination,
    determinationOn: c.determinationOn,
    investigationCompletedOn: c.investigationCompletedOn,
    resultsSentOn: c.resultsSentOn,
    correctionPostedOn: c.correctionOn,
    reversalNoticeSentOn: c.reversalNoticeSentOn,
    reversalPostedOn: c.reversalOn,
    reversalCents: c.reversalCents,
    correctionCents: c.correctionCents,
    withdrawnOn: c.withdrawnOn,
    closedOn: c.closedOn,
  };
}

// ---------------------------------------------------------------------------------------------
// Cases

async function transactionsOf(db: DbOrTrx, disputeId: number): Promise<DisputedTransaction[]> {
  const rows = await db
    .selectFrom('dispute_transactions')
    .selectAll()
    .where('dispute_id', '=', disputeId)
    .orderBy('transaction_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    transactionOn: r.transaction_on,
    amountCents: r.amount_cents,
    description: r.description,
    ledgerEntryId: r.ledger_entry_id,
  }));
}

export async function findDispute(db: DbOrTrx, id: number): Promise<DisputeCase | null> {
  const row = await db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDisputeCase(row, await transactionsOf(db, id)) : null;
}

export interface NewDispute {
  customerId: number;
  accountId: number;
  policyVersion: number;
  channel: DisputeChannel;
  noticeAt: string;
  noticeOn: IsoDate;
  statementOn: IsoDate | null;
  errorType: DisputeErrorType;
  reason: string;
  residenceRegion: string | null;
  massachusetts: boolean;
  newAccount: boolean;
  pointOfSale: boolean;
  foreignInitiated: boolean;
  lateNotice: boolean;
  writtenConfirmationRequired: boolean;
  customerReason: string | null;
  assignedTo: number | null;
  sourceThreadId: number | null;
  transactions: Array<{
    transactionOn: IsoDate;
    amountCents: number;
    description: string;
    ledgerEntryId?: number | null;
  }>;
  createdBy: number | null;
}

export async function insertDispute(db: DbOrTrx, input: NewDispute, at: string): Promise<number> {
  const disputed = input.transactions.reduce((s, t) => s + t.amountCents, 0);
  const row = await db
    .insertInto('disputes')
    .values({
      customer_id: input.customerId,
      account_id: input.accountId,
      policy_version: input.policyVersion,
      channel: input.channel,
      notice_at: input.noticeAt,
      notice_on: input.noticeOn,
      statement_on: input.statementOn,
      error_type: input.errorType,
      reason: input.reason,
      residence_region: input.residenceRegion,
      massachusetts: input.massachusetts ? 1 : 0,
      new_account: input.newAccount ? 1 : 0,
      point_of_sale: input.pointOfSale ? 1 : 0,
      foreign_initiated: input.foreignInitiated ? 1 : 0,
      late_notice: input.lateNotice ? 1 : 0,
      written_confirmation_required: input.writtenConfirmationRequired ? 1 : 0,
      customer_reason: input.customerReason,
      disputed_cents: disputed,
      stage: 'investigation',
      assigned_to: input.assignedTo,
      source_thread_id: input.sourceThreadId,
      created_at: at,
      created_by: input.createdBy,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const t of input.transactions) {
    await db
      .insertInto('dispute_transactions')
      .values({
        dispute_id: row.id,
        transaction_on: t.transactionOn,
        amount_cents: t.amountCents,
        description: t.description,
        ledger_entry_id: t.ledgerEntryId ?? null,
      })
      .execute();
  }
  return row.id;
}

/** Columns a workflow step may change. */
export type DisputePatch = Partial<
  Pick<
    Selectable<DisputesTable>,
    | 'written_confirmation_received_on'
    | 'provisional_credit_cents'
    | 'provisional_credit_on'
    | 'provisional_credit_notice_sent_on'
    | 'determination'
    | 'determination_on'
    | 'determination_explanation'
    | 'investigation_completed_on'
    | 'results_sent_on'
    | 'correction_cents'
    | 'correction_on'
    | 'reversal_notice_sent_on'
    | 'reversal_cents'
    | 'reversal_on'
    | 'closed_on'
    | 'close_note'
    | 'assigned_to'
    | 'stage'
    | 'notice_at'
    | 'notice_on'
    | 'residence_region'
    | 'massachusetts'
    | 'late_notice'
    | 'customer_reason'
    | 'withdrawn_on'
    | 'withdrawal_note'
  >
>;

/**
 * Applies a step's changes. With `expectedVersion`, changes nothing and returns false when
 * someone else changed the case since the agent loaded it (saveDispute turns that into CONFLICT).
 */
export async function updateDispute(
  db: DbOrTrx,
  id: number,
  patch: DisputePatch,
  at: string,
  expectedVersion?: number,
): Promise<boolean> {
  let q = db
    .updateTable('disputes')
    .set((eb) => ({ ...patch, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Look-ups the use cases need

/** A staff member's id and display name, or null. */
export async function staffName(
  db: DbOrTrx,
  userId: number,
): Promise<{ id: number; name: string } | null> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return u ? { id: u.id, name: u.display_name } : null;
}

/** Ledger entries by id (account and amount), to check what a case disputes. */
export async function ledgerEntriesByIds(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Array<{ id: number; accountId: number; amountCents: number; postedOn: IsoDate }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['id', 'account_id', 'amount_cents', 'posted_on'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    amountCents: r.amount_cents,
    postedOn: r.posted_on,
  }));
}

/** Debits of an account between two dates, newest first (what intake offers to pick from). */
export async function recentDebits(
  db: DbOrTrx,
  accountId: number,
  from: IsoDate,
  to: IsoDate,
): Promise<Array<{ id: number; postedOn: IsoDate; amountCents: number; description: string }>> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['id', 'posted_on', 'amount_cents', 'code', 'description', 'kind'])
    .where('account_id', '=', accountId)
    .where('kind', 'in', ['payment', 'fee', 'charge'])
    .where('posted_on', '>=', from)
    .where('posted_on', '<=', to)
    .orderBy('posted_on', 'desc')
    .orderBy('id', 'desc')
    .limit(30)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    postedOn: r.posted_on,
    amountCents: Math.abs(r.amount_cents),
    description: r.description ?? `${r.kind}${r.code ? ` (${r.code})` : ''}`,
  }));
}

/** Marks an open task of a case done; false when there was no such open task. */
export async function completeDisputeTask(
  db: DbOrTrx,
  disputeId: number,
  itemId: number,
  at: string,
  userId: number,
): Promise<boolean> {
  const r = await db
    .updateTable('dispute_items')
    .set({ done_at: at, done_by: userId })
    .where('id', '=', itemId)
    .where('dispute_id', '=', disputeId)
    .where('kind', '=', 'task')
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A secure-message thread handed off to a dispute: its customer, account and first message. */
export async function handOffSource(
  db: DbOrTrx,
  threadId: number,
): Promise<{
  customerId: number;
  accountId: number | null;
  receivedAt: string;
  body: string;
} | null> {
  const thread = await db
    .selectFrom('message_threads')
    .select(['customer_id', 'account_id'])
    .where('id', '=', threadId)
    .executeTakeFirst();
  if (!thread) return null;
  const first = await db
    .selectFrom('messages')
    .select(['created_at', 'body'])
    .where('thread_id', '=', threadId)
    .where('direction', '=', 'inbound')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!first) return null;
  return {
    customerId: thread.customer_id,
    accountId: thread.account_id,
    receivedAt: first.created_at,
    body: first.body,
  };
}
