import { factsOf } from '../../db/repositories/disputes.ts';
import { saveDispute } from './load-case.ts';
import { disputeLetters } from '../../db/repositories/disputes-letters.ts';
import { closeBlockers } from '../domain/dispute-workflow.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { addEvent, changeCase, todayOf, type StepContext } from './change-case.ts';
import type { closeSchema, In } from './schemas.ts';

/** Closes the case. Gate: every required notice sent, every required posting made. */
export async function closeCase(ctx: StepContext, input: In<typeof closeSchema>) {
  const keep = input.keepProvisionalCredit ?? false;
  const { today } = await todayOf(ctx);
  const { after } = await changeCase(ctx, {
    action: 'dispute.close',
    id: input.id,
    version: input.version,
    reason: input.note,
    guard: async (c) => {
      if (keep) {
        if (ctx.user.role !== 'supervisor' && ctx.user.role !== 'admin')
          throw new DomainError('FORBIDDEN', msg('disputes.keepCreditSupervisorOnly'));
        if (!input.note || input.note.length < 10)
          throw new DomainError('VALIDATION', msg('disputes.sayWhyCreditKept'), {
            fields: { note: msg('fields.required') },
          });
      }
      const letters = await disputeLetters(ctx.db, c.id);
      const blockers = closeBlockers(factsOf(c), new Set(letters.map((l) => l.kind)), keep);
      if (blockers.length > 0) {
        throw new DomainError('PRECONDITION', msg('disputes.cannotCloseYet', { blockers }), {
          detail: { blockers },
        });
      }
    },
    apply: async (c) => {
      await saveDispute(
        ctx.db,
        c.id,
        { closed_on: today, close_note: input.note ?? null, stage: 'closed' },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'closed',
        input.note
          ? msg('disputes.event.closedWithNote', { note: input.note })
          : msg('disputes.event.closed'),
      );
    },
  });
  return after;
}
