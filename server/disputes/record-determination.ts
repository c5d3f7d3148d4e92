import { saveDispute } from './load-case.ts';

import {
  letterTemplate,
  MIN_NO_ERROR_EXPLANATION,
  needsDocumentsClause,
  resultsLetterFor,
} from '../domain/dispute-workflow.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { renderDisputeLetter } from '../letters/dispute-letters.ts';
import {
  addEvent,
  changeCase,
  notBeforeNotice,
  notClosed,
  notFuture,
  todayOf,
  type StepContext,
} from './change-case.ts';
import type { determinationSchema, In } from './schemas.ts';

/**
 * Error found / no error / different error. "No error" and "different error" need a written
 * explanation for the customer, and their results letter must carry the documents clause.
 */
export async function recordDetermination(ctx: StepContext, input: In<typeof determinationSchema>) {
  const { today } = await todayOf(ctx);
  const on = input.determinedOn ?? today;
  const { after } = await changeCase(ctx, {
    action: 'dispute.determination',
    id: input.id,
    version: input.version,
    guard: async (c) => {
      notClosed(c);
      notFuture(on, today, 'determinedOn');
      notBeforeNotice(on, c, 'determinedOn');
      if (c.determination)
        throw new DomainError('CONFLICT', msg('disputes.determinationAlreadyRecorded'));
      if (c.withdrawnOn) throw new DomainError('PRECONDITION', msg('disputes.customerWithdrew'));
      const kind = resultsLetterFor(input.outcome);
      if (needsDocumentsClause(kind, input.outcome)) {
        if (input.explanation.length < MIN_NO_ERROR_EXPLANATION) {
          throw new DomainError(
            'PRECONDITION',
            input.outcome === 'no_error'
              ? msg('disputes.noErrorNeedsExplanation', { min: MIN_NO_ERROR_EXPLANATION })
              : msg('disputes.differentErrorNeedsExplanation', { min: MIN_NO_ERROR_EXPLANATION }),
            { fields: { explanation: msg('disputes.fieldExplainFinding') } },
          );
        }
        // Gate: the results letter must carry the right-to-request-documents clause, in both languages.
        for (const lang of ['en', 'fr'] as const) {
          const letter = await renderDisputeLetter(
            ctx.db,
            { disputeId: c.id, kind, language: lang, sentOn: on },
            {
              ...c,
              determination: input.outcome,
              determinationOn: on,
              determinationExplanation: input.explanation,
            },
          );
          if (!letter.clauses.includes('documents')) {
            throw new DomainError(
              'PRECONDITION',
              msg('disputes.templateLacksClause', {
                language: lang.toUpperCase(),
                template: letterTemplate(kind, input.outcome),
              }),
            );
          }
        }
      } else if (input.explanation.length < 5) {
        throw new DomainError('VALIDATION', msg('disputes.describeError'), {
          fields: { explanation: msg('fields.required') },
        });
      }
    },
    apply: async (c) => {
      await saveDispute(
        ctx.db,
        c.id,
        {
          determination: input.outcome,
          determination_on: on,
          determination_explanation: input.explanation,
          investigation_completed_on: on,
        },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'determination',
        msg('disputes.event.determination', {
          outcome: msg(`disputes.outcome.${input.outcome}`),
          on,
        }),
        { explanation: input.explanation },
      );
    },
  });
  return after;
}
