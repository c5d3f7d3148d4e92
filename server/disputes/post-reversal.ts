import { loadCalendar } from '../calendar/load-calendar.ts';
import { factsOf } from '../../db/repositories/disputes.ts';
import { saveDispute } from './load-case.ts';
import { disputeLetters } from '../../db/repositories/disputes-letters.ts';
import { authorizeMoney } from '../controls/authorize-money.ts';
import { compareIsoDates } from '../domain/dates.ts';
import { earliestReversalDate, reversibleCents } from '../domain/dispute-deadlines.ts';
import { moneyActorProblem, reversalProblem } from '../domain/dispute-money.ts';
import { DomainError, msg } from '../domain/errors.ts';

import {
  addEvent,
  changeCase,
  postCaseLine,
  notClosed,
  notFuture,
  todayOf,
  type StepContext,
} from './change-case.ts';
import { loadPolicy } from './policies.ts';
import type { In, reversalSchema } from './schemas.ts';
import { plannedReversalDate } from './view-case.ts';

/**
 * Reverses the provisional credit after "no error" or a withdrawal, or the part of it beyond a
 * smaller correction ("different error"). Gate: only after the reversal notice, and never dated
 * earlier than 5 business days after it (nor before the date the letter gave).
 */
export async function postReversal(ctx: StepContext, input: In<typeof reversalSchema>) {
  const { today } = await todayOf(ctx);
  const { after } = await changeCase(ctx, {
    action: 'dispute.reversal',
    id: input.id,
    version: input.version,
    guard: async (c) => {
      notClosed(c);
      const actor = moneyActorProblem(ctx.user, c.assignedTo);
      if (actor) throw new DomainError('FORBIDDEN', actor);
      if (reversibleCents(factsOf(c)) <= 0)
        throw new DomainError('PRECONDITION', msg('disputes.nothingToReverseWhy'));
      if (c.reversalOn) throw new DomainError('CONFLICT', msg('disputes.creditAlreadyReversed'));
      if (!c.reversalNoticeSentOn)
        throw new DomainError('PRECONDITION', msg('disputes.sendReversalNoticeFirst'));
      const [policy, calendar] = await Promise.all([
        loadPolicy(ctx.db, c.policyVersion),
        loadCalendar(ctx.db),
      ]);
      const earliest = earliestReversalDate(policy, calendar, c.reversalNoticeSentOn);
      if (compareIsoDates(input.reversalOn, earliest.date) < 0) {
        throw new DomainError(
          'PRECONDITION',
          msg('disputes.reversalTooEarly', { on: earliest.date, why: earliest.explanation }),
          { fields: { reversalOn: msg('fields.notBefore', { on: earliest.date }) } },
        );
      }
      const planned = await plannedReversalDate(ctx.db, await disputeLetters(ctx.db, c.id));
      if (planned && compareIsoDates(input.reversalOn, planned) < 0) {
        throw new DomainError(
          'PRECONDITION',
          msg('disputes.reversalBeforePlanned', { on: planned }),
          { fields: { reversalOn: msg('fields.notBefore', { on: planned }) } },
        );
      }
      notFuture(input.reversalOn, today, 'reversalOn');
      const reversible = reversibleCents(factsOf(c));
      const problem = reversalProblem(input.amountCents ?? reversible, reversible);
      if (problem)
        throw new DomainError('VALIDATION', problem, {
          fields: { amountCents: msg('disputes.fieldMoreThanCredit') },
        });
    },
    apply: async (c) => {
      const amount = input.amountCents ?? reversibleCents(factsOf(c));
      await authorizeMoney(ctx, {
        action: 'reversal',
        caseKey: `dispute:${c.id}`,
        amountCents: amount,
      });
      const entry = await postCaseLine(ctx, c, {
        kind: 'provisional_credit_reversal',
        code: 'dispute',
        postedOn: input.reversalOn,
        amountCents: amount,
        description: 'Provisional credit reversed',
      });
      await saveDispute(
        ctx.db,
        c.id,
        { reversal_on: input.reversalOn, reversal_cents: amount },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'reversal',
        msg('disputes.event.creditReversed', { amount, on: input.reversalOn }),
        { ledgerEntryId: entry.id },
      );
    },
  });
  return after;
}
