import { saveDispute } from './load-case.ts';

import { DomainError, msg } from '../domain/errors.ts';
import {
  addEvent,
  changeCase,
  notBeforeNotice,
  notClosed,
  notFuture,
  todayOf,
  type StepContext,
} from './change-case.ts';
import type { In, writtenConfirmationSchema } from './schemas.ts';

/** Records the customer's written confirmation of an oral notice (stops its window). */
export async function recordWrittenConfirmation(
  ctx: StepContext,
  input: In<typeof writtenConfirmationSchema>,
) {
  const { today } = await todayOf(ctx);
  const { after } = await changeCase(ctx, {
    action: 'dispute.written-confirmation',
    id: input.id,
    version: input.version,
    guard: (c) => {
      notClosed(c);
      notFuture(input.receivedOn, today, 'receivedOn');
      notBeforeNotice(input.receivedOn, c, 'receivedOn');
      if (c.writtenConfirmationReceivedOn)
        throw new DomainError('CONFLICT', msg('disputes.confirmationAlreadyRecorded'));
    },
    apply: async (c) => {
      await saveDispute(
        ctx.db,
        c.id,
        { written_confirmation_received_on: input.receivedOn },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'written_confirmation',
        msg('disputes.event.writtenConfirmation', { on: input.receivedOn }),
      );
    },
  });
  return after;
}
