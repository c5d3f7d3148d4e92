import type { EasyPayDebit, EasyPayOutlook } from './easypay.ts';
import type { IsoDate } from './dates.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * What an EasyPay cancellation taken `today` does (seed 002: "call or write ... three business
 * days or more before the scheduled payment day"): the first debit it stops, and the debit that
 * still goes ahead because its cut-off has passed. Pure: the outlook comes from
 * `easyPayOutlook` (server/domain/easypay.ts) over the business calendar.
 */
export interface EasyPayCancellation {
  requestedOn: IsoDate;
  /** The first debit the cancellation stops; null when no debit is left on the schedule. */
  stops: EasyPayDebit | null;
  /** The next debit, when its cut-off has passed and it is still taken. */
  goesAhead: EasyPayDebit | null;
  /** What the agent reads to the customer (a message in the agent's language). */
  summary: ServerMessage;
}

/**
 * @example
 * // Debit Mon 2026-11-30, cut-off Tue 2026-11-24 (Thanksgiving skipped):
 * easyPayCancellation(outlook, '2026-11-24').summary
 * // 'Stops the debit of 2026-11-30 (due 2026-11-30). Cancelled on 2026-11-24, the last day allowed for it.'
 */
export function easyPayCancellation(outlook: EasyPayOutlook, today: IsoDate): EasyPayCancellation {
  const stops = outlook.firstStoppable;
  const goesAhead = outlook.canStopNext ? null : outlook.next;
  const parts: ServerMessage[] = [];
  if (goesAhead) {
    parts.push(
      msg('calls.easyPay.goesAhead', {
        debitOn: goesAhead.debitDate,
        dueOn: goesAhead.dueDate,
        cancelBy: goesAhead.cancelBy,
        why: goesAhead.cancelByExplanation,
      }),
    );
  }
  if (stops) {
    parts.push(
      msg(stops.cancelBy === today ? 'calls.easyPay.stopsLastDay' : 'calls.easyPay.stops', {
        debitOn: stops.debitDate,
        dueOn: stops.dueDate,
        cancelBy: stops.cancelBy,
      }),
    );
  } else {
    parts.push(msg('calls.easyPay.nothingToStop'));
  }
  return { requestedOn: today, stops, goesAhead, summary: msg('common.sentences', { parts }) };
}
