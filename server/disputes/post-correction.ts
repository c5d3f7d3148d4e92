import { saveDispute } from './load-case.ts';
import { authorizeMoney } from '../controls/authorize-money.ts';
import { compareIsoDates } from '../domain/dates.ts';
import { correctionProblem, moneyActorProblem } from '../domain/dispute-money.ts';
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
import type { correctionSchema, In } from './schemas.ts';

/**
 * Error found (or a different error): correct the real error within 1 business day. A
 * provisional credit already posted counts toward it; where the real error is smaller than the
 * credit, the correction is recorded and the difference is then reversed with its notice.
 */
export async function postCorrection(ctx: StepContext, input: In<typeof correctionSchema>) {
  const { today } = await todayOf(ctx);
  const postedOn = input.postedOn ?? today;
  const { after } = await changeCase(ctx, {
    action: 'dispute.correction',
    id: input.id,
    version: input.version,
    guard: (c) => {
      notClosed(c);
      const actor = moneyActorProblem(ctx.user, c.assignedTo);
      if (actor) throw new DomainError('FORBIDDEN', actor);
      notFuture(postedOn, today, 'postedOn');
      if (!c.determination || c.determination === 'no_error')
        throw new DomainError('PRECONDITION', msg('disputes.correctionNeedsError'));
      if (c.correctionOn)
        throw new DomainError('CONFLICT', msg('disputes.correctionAlreadyPosted'));
      if (compareIsoDates(postedOn, c.determinationOn ?? postedOn) < 0)
        throw new DomainError('VALIDATION', msg('disputes.correctionBeforeDetermination'), {
          fields: { postedOn: msg('disputes.fieldBeforeDetermination') },
        });
      const problem = correctionProblem({
        amountCents: input.amountCents,
        disputedCents: c.disputedCents,
        creditedCents: c.provisionalCreditCents ?? 0,
        supervisor: ctx.user.role === 'supervisor' || ctx.user.role === 'admin',
      });
      if (problem)
        throw new DomainError('VALIDATION', problem, {
          fields: { amountCents: msg('disputes.fieldMoreThanDisputed') },
        });
    },
    apply: async (c) => {
      const credited = c.provisionalCreditCents ?? 0;
      const extra = Math.max(0, input.amountCents - credited);
      // The credit already given was authorised when it was posted: only the rest is new money.
      await authorizeMoney(ctx, {
        action: 'correction',
        caseKey: `dispute:${c.id}`,
        amountCents: extra,
      });
      let ledgerEntryId: number | null = null;
      if (extra > 0) {
        const entry = await postCaseLine(ctx, c, {
          kind: 'adjustment',
          code: 'dispute-correction',
          postedOn,
          amountCents: -extra,
          description: 'Correction',
        });
        ledgerEntryId = entry.id;
      }
      await saveDispute(
        ctx.db,
        c.id,
        { correction_cents: input.amountCents, correction_on: postedOn },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'correction',
        credited > input.amountCents
          ? msg('disputes.event.correctionPartial', {
              amount: input.amountCents,
              toReverse: credited - input.amountCents,
            })
          : credited > 0
            ? extra > 0
              ? msg('disputes.event.correctionFinalPlus', { amount: input.amountCents, extra })
              : msg('disputes.event.correctionFinal', { amount: input.amountCents })
            : msg('disputes.event.correctionCredited', { amount: input.amountCents, on: postedOn }),
        { ledgerEntryId },
      );
    },
  });
  return after;
}
