import type { Selectable } from 'kysely';
import type { BusinessCalendar } from '../../server/domain/calendar.ts';
import type { IsoDate } from '../../server/domain/dates.ts';
import { scheduleClocks, type ClockSchedule } from '../../server/domain/dispute-deadlines.ts';
import { parseDisputePolicy, type DisputePolicy } from '../../server/domain/dispute-policy.ts';
import {
  stageOf,
  type LetterKind,
  type WorkflowFacts,
} from '../../server/domain/dispute-workflow.ts';
import { DomainError } from '../../server/domain/errors.ts';
import type { DbOrTrx } from '../database.ts';
import type {
  DisputeChannel,
  DisputeDetermination,
  DisputeErrorType,
  DisputeEventsTable,
  DisputeItemsTable,
  DisputeLettersTable,
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
    closedOn: c.closedOn,
  };
}

// ---------------------------------------------------------------------------------------------
// Policies

export interface PolicyVersion {
  version: number;
  effectiveFrom: IsoDate;
  reviewedBy: string;
  reviewedOn: IsoDate;
  notes: string | null;
  createdAt: string;
  policy: DisputePolicy;
}

export async function listPolicies(db: DbOrTrx): Promise<PolicyVersion[]> {
  const rows = await db
    .selectFrom('dispute_policies')
    .selectAll()
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effective_from,
    reviewedBy: r.reviewed_by,
    reviewedOn: r.reviewed_on,
    notes: r.notes,
    createdAt: r.created_at,
    policy: { ...parseDisputePolicy(JSON.parse(r.policy_json)), version: r.version },
  }));
}

export async function loadPolicy(db: DbOrTrx, version: number): Promise<DisputePolicy> {
  const row = await db
    .selectFrom('dispute_policies')
    .select(['version', 'policy_json'])
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `Dispute policy version ${version} does not exist.`);
  return { ...parseDisputePolicy(JSON.parse(row.policy_json)), version: row.version };
}

/** The policy in effect on a date: the newest version effective on or before it. */
export async function policyInEffect(db: DbOrTrx, on: IsoDate): Promise<DisputePolicy> {
  const row = await db
    .selectFrom('dispute_policies')
    .select(['version', 'policy_json'])
    .where('effective_from', '<=', on)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new DomainError('PRECONDITION', `No dispute policy is in effect on ${on}.`);
  return { ...parseDisputePolicy(JSON.parse(row.policy_json)), version: row.version };
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
// Clocks: the computed dates, stored so the cockpit can aggregate with indexed SQL.

/**
 * Recomputes and stores every clock of a case, its stage and its next deadline. Call it after
 * every change to a case (in the same transaction) and after the business calendar changes.
 */
export async function recomputeDispute(
  db: DbOrTrx,
  id: number,
  calendar: BusinessCalendar,
  policy?: DisputePolicy,
): Promise<ClockSchedule[]> {
  const c = await requireDispute(db, id);
  const p =
    policy && policy.version === c.policyVersion ? policy : await loadPolicy(db, c.policyVersion);
  const facts = factsOf(c);
  const schedules = scheduleClocks(p, facts, calendar);
  await writeClocks(db, id, schedules, c.closedOn);
  const next = nextOpenClock(schedules);
  await db
    .updateTable('disputes')
    .set({
      stage: stageOf(facts),
      next_clock: c.closedOn ? null : (next?.id ?? null),
      next_target_on: c.closedOn ? null : (next?.target ?? null),
    })
    .where('id', '=', id)
    .execute();
  return schedules;
}

/** The open lender deadline with the earliest target. */
export function nextOpenClock(schedules: readonly ClockSchedule[]): ClockSchedule | null {
  let best: ClockSchedule | null = null;
  for (const s of schedules) {
    if (
      s.owner !== 'lender' ||
      s.kind !== 'deadline' ||
      !s.applicable ||
      !s.target ||
      s.completedOn
    )
      continue;
    if (!best || (best.target ?? '') > s.target) best = s;
  }
  return best;
}

export async function writeClocks(
  db: DbOrTrx,
  disputeId: number,
  schedules: readonly ClockSchedule[],
  closedOn: IsoDate | null,
): Promise<void> {
  await db.deleteFrom('dispute_clocks').where('dispute_id', '=', disputeId).execute();
  if (schedules.length === 0) return;
  await db
    .insertInto('dispute_clocks')
    .values(
      schedules.map((s) => ({
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
      })),
    )
    .execute();
}

/** Recomputes every open case (after a closure was added or removed). Returns how many. */
export async function recomputeOpenDisputes(
  db: DbOrTrx,
  calendar: BusinessCalendar,
): Promise<number> {
  const ids = await db.selectFrom('disputes').select('id').where('stage', '<>', 'closed').execute();
  const policies = new Map<number, DisputePolicy>();
  for (const { id } of ids) {
    const version = (
      await db
        .selectFrom('disputes')
        .select('policy_version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).policy_version;
    let policy = policies.get(version);
    if (!policy) {
      policy = await loadPolicy(db, version);
      policies.set(version, policy);
    }
    await recomputeDispute(db, id, calendar, policy);
  }
  return ids.length;
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
