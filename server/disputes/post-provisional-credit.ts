import { ledgerEntriesByIds } from '../../db/repositories/disputes.ts';
import { saveDispute } from './load-case.ts';
import { authorizeMoney } from '../controls/authorize-money.ts';

import { moneyActorProblem, provisionalCreditProblem } from '../domain/dispute-money.ts';
import { DomainError, msg } from '../domain/errors.ts';

import {
  addEvent,
  changeCase,
  postCaseLine,
  notBeforeNotice,
  notClosed,
  notFuture,
  todayOf,
  type StepContext,
} from './change-case.ts';
import type { In, provisionalCreditSchema } from './schemas.ts';

/** Posts the provisional credit to the account ledger (within the 10/20 business days). */
export async function postProvisionalCredit(
  ctx: StepContext,
  input: In<typeof provisionalCreditSchema>,
) {
  const { today } = await todayOf(ctx);
  const postedOn = input.postedOn ?? today;
  const { after } = await changeCase(ctx, {
    action: 'dispute.provisional-credit',
    id: input.id,
    version: input.version,
    guard: async (c) => {
      notClosed(c);
      const actor = moneyActorProblem(ctx.user, c.assignedTo);
      if (actor) throw new DomainError('FORBIDDEN', actor);
      notFuture(postedOn, today, 'postedOn');
      notBeforeNotice(postedOn, c, 'postedOn');
      if (c.provisionalCreditOn)
        throw new DomainError('CONFLICT', msg('disputes.creditAlreadyPosted'));
      if (c.determination)
        throw new DomainError('PRECONDITION', msg('disputes.alreadyDecidedPostCorrection'));
      if (c.withdrawnOn) throw new DomainError('PRECONDITION', msg('disputes.customerWithdrew'));
      if (input.amountCents > c.disputedCents) {
        throw new DomainError(
          'VALIDATION',
          msg('disputes.creditOverDisputed', { amount: c.disputedCents }),
          { fields: { amountCents: msg('disputes.fieldMoreThanDisputed') } },
        );
      }
      const entries = await ledgerEntriesByIds(
        ctx.db,
        c.transactions.flatMap((t) => (t.ledgerEntryId ? [t.ledgerEntryId] : [])),
      );
      const problem = provisionalCreditProblem(
        input.amountCents,
        c.transactions.map((t) => {
          const entry = entries.find((e) => e.id === t.ledgerEntryId);
          return {
            amountCents: t.amountCents,
            ledgerAmountCents: entry ? Math.abs(entry.amountCents) : null,
          };
        }),
      );
      if (problem)
        throw new DomainError('VALIDATION', problem, {
          fields: { amountCents: msg('disputes.fieldMoreThanDebits') },
        });
    },
    apply: async (c) => {
      await authorizeMoney(ctx, {
        action: 'provisional-credit',
        caseKey: `dispute:${c.id}`,
        amountCents: input.amountCents,
      });
      const entry = await postCaseLine(ctx, c, {
        kind: 'provisional_credit',
        code: 'dispute',
        postedOn,
        amountCents: -input.amountCents,
        description: 'Provisional credit',
      });
      await saveDispute(
        ctx.db,
        c.id,
        { provisional_credit_cents: input.amountCents, provisional_credit_on: postedOn },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'provisional_credit',
        msg('disputes.event.creditPosted', { amount: input.amountCents, on: postedOn }),
        { ledgerEntryId: entry.id },
      );
    },
  });
  return after;
}
