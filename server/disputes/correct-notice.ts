import { addressAsOf } from '../../db/repositories/customer-addresses.ts';
import { saveDispute } from './load-case.ts';
import { compareIsoDates, labelDate, localDateOf } from '../domain/dates.ts';
import { isMassachusetts } from '../domain/dispute-deadlines.ts';
import { DomainError } from '../domain/errors.ts';
import { addEvent, changeCase, notClosed, todayOf, type StepContext } from './change-case.ts';
import { checkNoticeAt } from './open-case.ts';
import type { correctNoticeSchema, In } from './schemas.ts';

/**
 * Corrects when the notice was received (a letter's received stamp keyed wrong, a call logged
 * late). Audited with the reason; the residence on the new notice date, the late-notice flag and
 * every clock follow. The case keeps the policy version it was opened under.
 */
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
          `The notice (${labelDate(noticeOn)}) cannot be before the disputed transaction (${labelDate(first)}).`,
          { fields: { noticeAt: 'Before a disputed transaction' } },
        );
      for (const [field, date] of [
        ['determination', c.determinationOn],
        ['provisional credit', c.provisionalCreditOn],
        ['written confirmation', c.writtenConfirmationReceivedOn],
      ] as const) {
        if (date && compareIsoDates(noticeOn, date) > 0)
          throw new DomainError(
            'VALIDATION',
            `The notice cannot be after the ${field} (${labelDate(date)}).`,
            { fields: { noticeAt: `After the ${field}` } },
          );
      }
      if (c.noticeAt === noticeAt.toISOString())
        throw new DomainError('VALIDATION', 'That is already the notice time.', {
          fields: { noticeAt: 'Unchanged' },
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
        `Notice date corrected: ${labelDate(c.noticeOn)} → ${labelDate(noticeOn)} (${input.reason})`,
        { from: c.noticeAt, to: noticeAt.toISOString(), reason: input.reason },
      );
    },
  });
  return after;
}
