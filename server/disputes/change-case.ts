import { type DisputeCase } from '../../db/repositories/disputes.ts';
import { requireDispute } from './load-case.ts';
import { addDisputeEvent } from '../../db/repositories/disputes-timeline.ts';
import { postLedgerEntry } from '../../db/repositories/ledger.ts';
import { readSetting } from '../core/settings.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { compareIsoDates, localDateOf, type IsoDate } from '../domain/dates.ts';
import { caseNumber } from '../domain/dispute-workflow.ts';
import { DomainError, englishOf, msg, type ServerMessage } from '../domain/errors.ts';
import { isServerMessage } from '../domain/shared/server-messages.ts';
import type { Context } from '../trpc/base.ts';
import { refreshCaseClocks } from './refresh-clocks.ts';

/**
 * What every dispute step shares: "today" at the centre, the timeline event, the guards that
 * read the same on every step, and `changeCase`, the disputes' use of recordChange (load with
 * the screen's version → guard → writes → clocks refreshed once → audit → emit).
 */

export type ReadContext = Pick<Context, 'db' | 'now'> &
  Partial<Pick<Context, 'today' | 'timeZone'>>;
export type StepContext = MutationContext & Partial<Pick<Context, 'today' | 'timeZone'>>;

/** "Today" at the centre and its time zone: from the request context (computed once there). */
export async function todayOf(ctx: ReadContext): Promise<{ today: IsoDate; timeZone: string }> {
  if (ctx.today && ctx.timeZone) return { today: ctx.today, timeZone: ctx.timeZone };
  const { timeZone } = await readSetting(ctx.db, 'identity');
  return { today: localDateOf(ctx.now, timeZone), timeZone };
}

/** Appends an event to the case timeline, by the signed-in user. */
export async function addEvent(
  ctx: StepContext,
  disputeId: number,
  kind: string,
  summary: ServerMessage,
  detail?: Record<string, unknown>,
): Promise<void> {
  await addDisputeEvent(ctx.db, {
    disputeId,
    at: ctx.now.toISOString(),
    actor: { id: ctx.user.id, name: ctx.user.displayName },
    kind,
    // The English for exports and logs; the message (key + parameters) for the screen.
    summary: englishOf(summary),
    detail: { ...detail, message: summary },
  });
}

/** The timeline event's message (its key and parameters), when it was recorded with one. */
export function eventMessage(detail: unknown): ServerMessage | null {
  const message = (detail as { message?: unknown } | null)?.message;
  return isServerMessage(message) ? message : null;
}

/**
 * Posts a case's money line to its account ledger through the ledger's one writer (and its
 * checks): the case's account, reference `dispute:<id>`, the signed-in user. `description` names
 * the step; the case number is appended.
 *
 * @example await postCaseLine(ctx, c, { kind: 'provisional_credit', code: 'dispute',
 *   postedOn, amountCents: -1200, description: 'Provisional credit' })
 */
export function postCaseLine(
  ctx: StepContext,
  c: DisputeCase,
  line: {
    kind: 'provisional_credit' | 'provisional_credit_reversal' | 'adjustment';
    code: string;
    postedOn: IsoDate;
    amountCents: number;
    description: string;
  },
) {
  return postLedgerEntry(
    ctx.db,
    {
      accountId: c.accountId,
      postedOn: line.postedOn,
      kind: line.kind,
      amountCents: line.amountCents,
      code: line.code,
      description: `${line.description}, dispute ${caseNumber(c.id)}`,
      reference: `dispute:${c.id}`,
      createdBy: ctx.user.id,
    },
    ctx.now.toISOString(),
  );
}

export function notClosed(c: DisputeCase): void {
  if (c.closedOn)
    throw new DomainError(
      'PRECONDITION',
      msg('disputes.caseClosed', { caseNumber: caseNumber(c.id) }),
    );
}

export function notFuture(date: IsoDate, today: IsoDate, field: string): void {
  if (compareIsoDates(date, today) > 0) {
    throw new DomainError('VALIDATION', msg('disputes.dateInFuture', { on: date }), {
      fields: { [field]: msg('fields.notAfterToday') },
    });
  }
}

export function notBeforeNotice(date: IsoDate, c: DisputeCase, field: string): void {
  if (compareIsoDates(date, c.noticeOn) < 0) {
    throw new DomainError(
      'VALIDATION',
      msg('disputes.dateBeforeNotice', { on: date, noticeOn: c.noticeOn }),
      { fields: { [field]: msg('disputes.fieldNotBeforeNotice') } },
    );
  }
}

export interface CaseChange<Result> {
  action: string;
  id: number;
  /** The version the agent's screen showed (stale screens are refused first); optional. */
  version?: number;
  guard?: (c: DisputeCase) => void | Promise<void>;
  apply: (c: DisputeCase) => Promise<Result>;
  reason?: string | null;
}

/**
 * One dispute step: the case loaded (with the screen's version), checked, changed, its clocks
 * refreshed once, audited and announced. Returns the case as it is after the step (`after`).
 *
 * @example
 * return changeCase(ctx, { action: 'dispute.assign', id, version,
 *   guard: notClosed, apply: (c) => saveDispute(ctx.db, c.id, patch, at, version) });
 */
export async function changeCase<Result>(
  ctx: StepContext,
  spec: CaseChange<Result>,
): Promise<{ after: DisputeCase; result: Result }> {
  let first = true;
  const { after, result } = await recordChange(ctx, {
    action: spec.action,
    entityType: 'dispute',
    area: 'disputes',
    entityId: spec.id,
    load: () => {
      const version = first ? spec.version : undefined;
      first = false;
      return requireDispute(ctx.db, spec.id, version);
    },
    guard: spec.guard,
    apply: async (c) => {
      const r = await spec.apply(c);
      await refreshCaseClocks(ctx.db, c.id);
      return r;
    },
    auditView: (c) => ({ ...c, transactions: undefined }),
    reason: spec.reason ?? null,
  });
  return { after, result };
}
