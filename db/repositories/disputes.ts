import { sql, type Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { LetterKind, WorkflowFacts } from '../../server/domain/dispute-workflow.ts';
import { DomainError } from '../../server/domain/errors.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  DisputeChannel,
  DisputeDetermination,
  DisputeErrorType,
  DisputeEventsTable,
  DisputeItemsTable,
  DisputeLettersTable,
  DisputePoliciesTable,
  DisputeStage,
  DisputesTable,
  LetterChannel,
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
// Policies

/** A stored policy version; `document` is the JSON as stored (parsed by the use case). */
export interface PolicyRow {
  version: number;
  effectiveFrom: IsoDate;
  reviewedBy: string;
  reviewedOn: IsoDate;
  notes: string | null;
  createdAt: string;
  document: unknown;
}

function toPolicyRow(r: Selectable<DisputePoliciesTable>): PolicyRow {
  return {
    version: r.version,
    effectiveFrom: r.effective_from,
    reviewedBy: r.reviewed_by,
    reviewedOn: r.reviewed_on,
    notes: r.notes,
    createdAt: r.created_at,
    document: JSON.parse(r.policy_json) as unknown,
  };
}

/** Every policy version, newest first. */
export async function policyRows(db: DbOrTrx): Promise<PolicyRow[]> {
  const rows = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toPolicyRow);
}

export async function policyRow(db: DbOrTrx, version: number): Promise<PolicyRow | null> {
  const row = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toPolicyRow(row) : null;
}

/** The newest version effective on or before a date. */
export async function policyRowInEffect(db: DbOrTrx, on: IsoDate): Promise<PolicyRow | null> {
  const row = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .where('effective_from', '<=', on)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toPolicyRow(row) : null;
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

const STALE_CASE = 'Someone else changed this case while you had it open. Reload it and try again.';

/**
 * The case, or NOT_FOUND. With `expectedVersion` (the version the agent's screen showed), a stale
 * screen is refused first, before any business rule: whatever the other agent's step changed,
 * the answer is "reload", never a rule message about a state this agent has not seen.
 */
export async function requireDispute(
  db: DbOrTrx,
  id: number,
  expectedVersion?: number,
): Promise<DisputeCase> {
  const found = await findDispute(db, id);
  if (!found) throw new DomainError('NOT_FOUND', 'No such dispute.');
  if (expectedVersion !== undefined && found.version !== expectedVersion)
    throw new DomainError('CONFLICT', STALE_CASE);
  return found;
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
 * Applies a step's changes. With `expectedVersion`, refuses (CONFLICT) when someone else changed
 * the case since the agent loaded it.
 */
export async function updateDispute(
  db: DbOrTrx,
  id: number,
  patch: DisputePatch,
  at: string,
  expectedVersion?: number,
): Promise<void> {
  let q = db
    .updateTable('disputes')
    .set((eb) => ({ ...patch, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    throw new DomainError('CONFLICT', STALE_CASE);
  }
}

// ---------------------------------------------------------------------------------------------
// Clocks: the computed dates, stored so the cockpit can aggregate with indexed SQL. The dates
// are computed by server/disputes/refresh-clocks.ts (the rule lives in server/domain/).

/** A clock's stored dates (what `dispute_clocks` holds per case and clock). */
export interface StoredClock {
  id: string;
  owner: 'lender' | 'customer';
  kind: 'deadline' | 'not_before';
  applicable: boolean;
  startOn: IsoDate | null;
  legalDue: IsoDate | null;
  target: IsoDate | null;
  atRiskFrom: IsoDate | null;
  completedOn: IsoDate | null;
  suspendedFrom: IsoDate | null;
}

/** Replaces a case's stored clocks; `closedOn` freezes the open ones. */
export async function writeClocks(
  db: DbOrTrx,
  disputeId: number,
  clocks: readonly StoredClock[],
  closedOn: IsoDate | null,
): Promise<void> {
  await db.deleteFrom('dispute_clocks').where('dispute_id', '=', disputeId).execute();
  if (clocks.length === 0) return;
  await db
    .insertInto('dispute_clocks')
    .values(
      clocks.map((s) => ({
        dispute_id: disputeId,
        clock_id: s.id,
        owner: s.owner,
        kind: s.kind,
        applicable: s.applicable ? 1 : 0,
        start_on: s.startOn,
        legal_due_on: s.legalDue,
        target_on: s.target,
        at_risk_from: s.atRiskFrom,
        completed_on: s.completedOn,
        frozen_on: closedOn && !s.completedOn ? closedOn : null,
        suspended_from: s.suspendedFrom,
      })),
    )
    .execute();
}

/** Stores the stage and next deadline derived from the clocks (list order, filters). */
export async function writeCaseSchedule(
  db: DbOrTrx,
  id: number,
  schedule: {
    stage: DisputeStage;
    nextClock: string | null;
    nextTargetOn: IsoDate | null;
    lateNotice: boolean;
  },
): Promise<void> {
  await db
    .updateTable('disputes')
    .set({
      stage: schedule.stage,
      late_notice: schedule.lateNotice ? 1 : 0,
      next_clock: schedule.nextClock,
      next_target_on: schedule.nextTargetOn,
    })
    .where('id', '=', id)
    .execute();
}

/** Ids and policy versions of every open case. */
export async function openCaseIds(
  db: DbOrTrx,
): Promise<Array<{ id: number; policyVersion: number }>> {
  const rows = await db
    .selectFrom('disputes')
    .select(['id', 'policy_version'])
    .where('stage', '<>', 'closed')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, policyVersion: r.policy_version }));
}

// ---------------------------------------------------------------------------------------------
// Timeline, items, letters

export interface DisputeEvent {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string;
  kind: string;
  summary: string;
  detail: unknown;
}

function toEvent(r: Selectable<DisputeEventsTable>): DisputeEvent {
  return {
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    kind: r.kind,
    summary: r.summary,
    detail: r.detail_json ? (JSON.parse(r.detail_json) as unknown) : null,
  };
}

export async function addDisputeEvent(
  db: DbOrTrx,
  input: {
    disputeId: number;
    at: string;
    actor: { id: number | null; name: string };
    kind: string;
    summary: string;
    detail?: unknown;
  },
): Promise<void> {
  await db
    .insertInto('dispute_events')
    .values({
      dispute_id: input.disputeId,
      at: input.at,
      actor_user_id: input.actor.id,
      actor_name: input.actor.name,
      kind: input.kind,
      summary: input.summary,
      detail_json: input.detail === undefined ? null : JSON.stringify(input.detail),
    })
    .execute();
}

export async function disputeEvents(db: DbOrTrx, disputeId: number): Promise<DisputeEvent[]> {
  const rows = await db
    .selectFrom('dispute_events')
    .selectAll()
    .where('dispute_id', '=', disputeId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(toEvent);
}

export interface DisputeItem {
  id: number;
  kind: 'note' | 'document' | 'task';
  body: string;
  fileName: string | null;
  mimeType: string | null;
  size: number | null;
  dueOn: IsoDate | null;
  doneAt: string | null;
  createdAt: string;
  createdBy: number | null;
}

export async function disputeItems(db: DbOrTrx, disputeId: number): Promise<DisputeItem[]> {
  const rows = await db
    .selectFrom('dispute_items')
    .select([
      'id',
      'kind',
      'body',
      'file_name',
      'mime_type',
      'due_on',
      'done_at',
      'created_at',
      'created_by',
    ])
    .select((eb) => eb.fn<number | null>('length', ['content']).as('size'))
    .where('dispute_id', '=', disputeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    body: r.body,
    fileName: r.file_name,
    mimeType: r.mime_type,
    size: r.size,
    dueOn: r.due_on,
    doneAt: r.done_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

export async function addDisputeItem(
  db: DbOrTrx,
  input: Omit<Selectable<DisputeItemsTable>, 'id' | 'done_at' | 'done_by'>,
): Promise<number> {
  const row = await db
    .insertInto('dispute_items')
    .values(input)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface DisputeLetter {
  id: number;
  kind: LetterKind;
  language: 'en' | 'fr';
  sentOn: IsoDate;
  channel: LetterChannel;
  sha256: string | null;
  createdAt: string;
  createdBy: number | null;
}

function toLetter(r: Omit<Selectable<DisputeLettersTable>, 'pdf' | 'data_json'>): DisputeLetter {
  return {
    id: r.id,
    kind: r.kind,
    language: r.language,
    sentOn: r.sent_on,
    channel: r.channel,
    sha256: r.sha256,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function disputeLetters(db: DbOrTrx, disputeId: number): Promise<DisputeLetter[]> {
  const rows = await db
    .selectFrom('dispute_letters')
    .select([
      'id',
      'dispute_id',
      'kind',
      'language',
      'sha256',
      'sent_on',
      'channel',
      'created_at',
      'created_by',
    ])
    .where('dispute_id', '=', disputeId)
    .orderBy('id')
    .execute();
  return rows.map(toLetter);
}

export async function insertLetter(
  db: DbOrTrx,
  input: {
    disputeId: number;
    kind: LetterKind;
    language: 'en' | 'fr';
    data: unknown;
    pdf: Uint8Array | null;
    sha256: string | null;
    sentOn: IsoDate;
    channel: LetterChannel;
    createdBy: number | null;
  },
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('dispute_letters')
    .values({
      dispute_id: input.disputeId,
      kind: input.kind,
      language: input.language,
      data_json: JSON.stringify(input.data),
      pdf: input.pdf,
      sha256: input.sha256,
      sent_on: input.sentOn,
      channel: input.channel,
      created_at: at,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A stored letter with its PDF bytes (null for seeded letters: re-render from data_json). */
export async function letterWithPdf(
  db: DbOrTrx,
  letterId: number,
): Promise<(DisputeLetter & { disputeId: number; pdf: Uint8Array | null; data: unknown }) | null> {
  const r = await db
    .selectFrom('dispute_letters')
    .selectAll()
    .where('id', '=', letterId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    ...toLetter(r),
    disputeId: r.dispute_id,
    pdf: r.pdf,
    data: JSON.parse(r.data_json) as unknown,
  };
}

// ---------------------------------------------------------------------------------------------
// Work list and look-ups the use cases need

export interface CaseListQuery {
  stage?: DisputeStage | null;
  assignedTo?: number | null;
  customerId?: number | null;
  limit: number;
  offset: number;
}

export interface CaseListRow {
  id: number;
  stage: DisputeStage;
  noticeOn: IsoDate;
  channel: DisputeChannel;
  disputedCents: number;
  massachusetts: boolean;
  lateNotice: boolean;
  nextClock: string | null;
  nextTargetOn: IsoDate | null;
  accountNumber: string;
  customerName: string;
  assignedName: string | null;
}

/** Open cases (or one stage, or one customer's cases) by their next deadline. */
export async function listCases(db: DbOrTrx, q: CaseListQuery): Promise<CaseListRow[]> {
  let query = db
    .selectFrom('disputes as d')
    .innerJoin('customers as cu', 'cu.id', 'd.customer_id')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .leftJoin('users as u', 'u.id', 'd.assigned_to')
    .select([
      'd.id',
      'd.stage',
      'd.notice_on',
      'd.channel',
      'd.disputed_cents',
      'd.massachusetts',
      'd.late_notice',
      'd.next_clock',
      'd.next_target_on',
      'a.account_number',
      'u.display_name as assigned_name',
      sql<string>`coalesce(cu.business_name, cu.first_name || ' ' || cu.last_name)`.as(
        'customer_name',
      ),
    ]);
  if (q.stage) query = query.where('d.stage', '=', q.stage);
  else if (!q.customerId) query = query.where('d.stage', '<>', 'closed');
  if (q.assignedTo) query = query.where('d.assigned_to', '=', q.assignedTo);
  if (q.customerId) query = query.where('d.customer_id', '=', q.customerId);
  const rows = await query
    .orderBy(sql`d.next_target_on is null`)
    .orderBy('d.next_target_on')
    .orderBy('d.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    noticeOn: r.notice_on,
    channel: r.channel,
    disputedCents: r.disputed_cents,
    massachusetts: r.massachusetts === 1,
    lateNotice: r.late_notice === 1,
    nextClock: r.next_clock,
    nextTargetOn: r.next_target_on,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    assignedName: r.assigned_name,
  }));
}

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

/** A document of a case with its bytes, or null. */
export async function disputeDocument(
  db: DbOrTrx,
  disputeId: number,
  itemId: number,
): Promise<{
  id: number;
  fileName: string;
  mimeType: string;
  content: Uint8Array;
  sha256: string | null;
  body: string;
} | null> {
  const r = await db
    .selectFrom('dispute_items')
    .select(['id', 'file_name', 'mime_type', 'content', 'sha256', 'body'])
    .where('id', '=', itemId)
    .where('dispute_id', '=', disputeId)
    .where('kind', '=', 'document')
    .executeTakeFirst();
  if (!r?.content || !r.file_name || !r.mime_type) return null;
  return {
    id: r.id,
    fileName: r.file_name,
    mimeType: r.mime_type,
    content: r.content,
    sha256: r.sha256,
    body: r.body,
  };
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

/** Inserts a published policy version (rows are immutable once written). */
export async function insertPolicy(
  db: DbOrTrx,
  row: Omit<PolicyRow, 'document'> & { document: unknown },
): Promise<void> {
  await db
    .insertInto('dispute_policies')
    .values({
      version: row.version,
      effective_from: row.effectiveFrom,
      reviewed_by: row.reviewedBy,
      reviewed_on: row.reviewedOn,
      policy_json: JSON.stringify(row.document),
      notes: row.notes,
      created_at: row.createdAt,
    })
    .execute();
}
