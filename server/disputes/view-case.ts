import { loadCalendar } from '../calendar/load-calendar.ts';
import { requireAccount, requireCustomer } from '../customers/load-customer.ts';
import { factsOf, staffName } from '../../db/repositories/disputes.ts';
import { requireDispute } from './load-case.ts';
import { disputeEvents } from '../../db/repositories/disputes-timeline.ts';
import { disputeItems } from '../../db/repositories/disputes-items.ts';
import {
  disputeLetters,
  letterWithPdf,
  type DisputeLetter,
} from '../../db/repositories/disputes-letters.ts';
import { listCases as listCaseRows } from '../../db/repositories/disputes-work-list.ts';
import type { DbOrTrx } from '../../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { callsOf } from '../calls/link-to-call.ts';
import { computeDeadlinesOn } from '../domain/dispute-clock-state.ts';
import { earliestReversalDate } from '../domain/dispute-deadlines.ts';
import {
  caseNumber,
  closeBlockers,
  LETTER_KINDS,
  letterBlocker,
  resultsLetterFor,
  type LetterKind,
} from '../domain/dispute-workflow.ts';
import { todayOf, type ReadContext } from './change-case.ts';
import { loadPolicy } from './policies.ts';
import type { ListInput } from './schemas.ts';
import type { ServerMessage } from '../domain/shared/server-messages.ts';
import { eventMessage } from './change-case.ts';

/** The date the last reversal letter told the customer the debit would be made, if any. */
export async function plannedReversalDate(
  db: DbOrTrx,
  letters: readonly DisputeLetter[],
): Promise<IsoDate | null> {
  const last = [...letters].reverse().find((l) => l.kind === 'reversal');
  if (!last) return null;
  const letter = await letterWithPdf(db, last.id);
  const data = letter?.data as { reversalOnIso?: string } | undefined;
  return data?.reversalOnIso ?? null;
}

/** A case with its clocks at "today", timeline, items, letters and what each step needs. */
export async function viewCase(ctx: ReadContext, disputeId: number) {
  const c = await requireDispute(ctx.db, disputeId);
  const { today } = await todayOf(ctx);
  const [policy, calendar, customer, account, events, items, letters] = await Promise.all([
    loadPolicy(ctx.db, c.policyVersion),
    loadCalendar(ctx.db),
    requireCustomer(ctx.db, c.customerId),
    requireAccount(ctx.db, c.accountId),
    disputeEvents(ctx.db, c.id),
    disputeItems(ctx.db, c.id),
    disputeLetters(ctx.db, c.id),
  ]);
  const facts = factsOf(c);
  const report = computeDeadlinesOn(policy, facts, calendar, today);
  const sent = new Set(letters.map((l) => l.kind));
  const assignee = c.assignedTo ? await staffName(ctx.db, c.assignedTo) : null;
  const plannedReversal = await plannedReversalDate(ctx.db, letters);
  const calls = await callsOf(ctx.db, 'dispute', c.id);
  return {
    case: c,
    caseNumber: caseNumber(c.id),
    today,
    customer: { id: customer.id, displayName: customer.displayName, language: customer.language },
    account: {
      id: account.id,
      accountNumber: account.accountNumber,
      type: account.type,
      openedOn: account.openedOn,
      vehicle: account.vehicle,
    },
    assignee,
    /** The call(s) the case was opened on (issue 17). */
    calls,
    policy: {
      version: policy.version,
      effectiveFrom: policy.effectiveFrom,
      atRiskBusinessDays: policy.atRiskBusinessDays,
    },
    report,
    events: events.map((e) => ({ ...e, message: eventMessage(e.detail) })),
    items,
    letters,
    letterBlockers: Object.fromEntries(
      LETTER_KINDS.map((k) => [k, letterBlocker(k, facts)]),
    ) as Record<LetterKind, ServerMessage | null>,
    closeBlockers: closeBlockers(facts, sent),
    reversal: c.reversalNoticeSentOn
      ? {
          earliest: earliestReversalDate(policy, calendar, c.reversalNoticeSentOn),
          planned: plannedReversal,
        }
      : null,
    suggestedReversal: earliestReversalDate(policy, calendar, today),
  };
}

/** The work list: open cases by their next deadline. */
export async function listCases(ctx: ReadContext & { user: { id: number } }, input: ListInput) {
  const { today } = await todayOf(ctx);
  const rows = await listCaseRows(ctx.db, {
    stage: input.stage ?? null,
    assignedTo: input.mine ? ctx.user.id : null,
    customerId: input.customerId ?? null,
    limit: input.limit,
    offset: input.offset,
    today,
  });
  return { today, rows: rows.map((r) => ({ ...r, caseNumber: caseNumber(r.id) })) };
}

/** The results letter a case needs, for the UI. */
export async function resultsLetterKind(ctx: ReadContext, id: number) {
  const c = await requireDispute(ctx.db, id);
  return c.determination ? resultsLetterFor(c.determination) : null;
}
