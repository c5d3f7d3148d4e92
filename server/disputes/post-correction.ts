import { saveDispute } from './load-case.ts';
import { authorizeMoney } from '../controls/authorize-money.ts';
import { compareIsoDates, labelDate } from '../domain/dates.ts';
import { correctionProblem, moneyActorProblem } from '../domain/dispute-money.ts';
import { DomainError } from '../domain/errors.ts';
import { formatCents } from '../domain/money.ts';
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
        throw new DomainError(
          'PRECONDITION',
          'A correction follows an "error found" determination.',
        );
      if (c.correctionOn) throw new DomainError('CONFLICT', 'The correction was already posted.');
      if (compareIsoDates(postedOn, c.determinationOn ?? postedOn) < 0)
        throw new DomainError('VALIDATION', 'The correction cannot be before the determination.', {
          fields: { postedOn: 'Before the determination' },
        });
      const problem = correctionProblem({
        amountCents: input.amountCents,
        disputedCents: c.disputedCents,
        creditedCents: c.provisionalCreditCents ?? 0,
        supervisor: ctx.user.role === 'supervisor' || ctx.user.role === 'admin',
      });
      if (problem)
        throw new DomainError('VALIDATION', problem, {
          fields: { amountCents: 'More than disputed' },
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
          ? `Correction ${formatCents(input.amountCents)}: ${formatCents(input.amountCents)} of the provisional credit made final; ${formatCents(credited - input.amountCents)} to reverse with notice`
          : credited > 0
            ? `Correction ${formatCents(input.amountCents)}: provisional credit made final${extra > 0 ? `, plus ${formatCents(extra)} credited` : ''}`
            : `Correction of ${formatCents(input.amountCents)} credited ${labelDate(postedOn)}`,
        { ledgerEntryId },
      );
    },
  });
  return after;
}
