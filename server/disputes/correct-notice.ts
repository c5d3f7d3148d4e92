import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { saveDispute } from './load-case.ts';
import { compareIsoDates, localDateOf } from '../domain/dates.ts';
import { isMassachusetts } from '../domain/dispute-deadlines.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { addEvent, changeCase, notClosed, todayOf, type StepContext } from './change-case.ts';
import { checkNoticeAt } from './open-case.ts';
import type { correctNoticeSchema, In } from './schemas.ts';

/**
 * Corrects when the notice was received (a letter's received stamp keyed wrong, a call logged
 * late). Audited with the reason; the residence on the new notice date, the late-notice flag and
 * every clock follow. The case keeps the policy version it was opened under.
 */
const STEP_NAMES = {
  determination: 'disputes.step.determination',
  'provisional credit': 'disputes.step.provisionalCredit',
  'written confirmation': 'disputes.step.writtenConfirmation',
} as const;
const stepName = (field: keyof typeof STEP_NAMES) => msg(STEP_NAMES[field]);

export async function correctNotice(ctx: StepContext, input: In<typeof correctNoticeSchema>) {
  const { timeZone } = await todayOf(ctx);
  const noticeAt = new Date(input.noticeAt);
  const noticeOn = localDateOf(noticeAt, timeZone);
  const { after } = await changeCase(ctx, {
    action: 'dispute.correct-notice',
    id: input.id,
    version: input.version,
    reason: input.reason,
    guard: (c) => {
      notClosed(c);
      checkNoticeAt(noticeAt, ctx.now);
      const first = c.transactions.map((t) => t.transactionOn).sort(compareIsoDates)[0];
      if (first && compareIsoDates(noticeOn, first) < 0)
        throw new DomainError(
          'VALIDATION',
          msg('disputes.noticeBeforeTransaction', { noticeOn, transactionOn: first }),
          { fields: { noticeAt: msg('disputes.fieldBeforeTransaction') } },
        );
      for (const [field, date] of [
        ['determination', c.determinationOn],
        ['provisional credit', c.provisionalCreditOn],
        ['written confirmation', c.writtenConfirmationReceivedOn],
      ] as const) {
        if (date && compareIsoDates(noticeOn, date) > 0)
          throw new DomainError(
            'VALIDATION',
            msg('disputes.noticeAfterStep', { step: stepName(field), on: date }),
            { fields: { noticeAt: msg('disputes.fieldAfterStep', { step: stepName(field) }) } },
          );
      }
      if (c.noticeAt === noticeAt.toISOString())
        throw new DomainError('VALIDATION', msg('disputes.noticeUnchanged'), {
          fields: { noticeAt: msg('fields.unchanged') },
        });
    },
    apply: async (c) => {
      const address = await addressAsOf(ctx.db, c.customerId, noticeOn);
      await saveDispute(
        ctx.db,
        c.id,
        {
          notice_at: noticeAt.toISOString(),
          notice_on: noticeOn,
          residence_region: address?.region ?? null,
          massachusetts: isMassachusetts(address?.region) ? 1 : 0,
        },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'notice_corrected',
        msg('disputes.event.noticeCorrected', {
          from: c.noticeOn,
          to: noticeOn,
          reason: input.reason,
        }),
        { from: c.noticeAt, to: noticeAt.toISOString(), reason: input.reason },
      );
    },
  });
  return after;
}
