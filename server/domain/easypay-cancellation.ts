import type { EasyPayDebit, EasyPayOutlook } from './easypay.ts';
import type { IsoDate } from './dates.ts';

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
  /** One sentence the agent reads to the customer. */
  summary: string;
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
  const parts: string[] = [];
  if (goesAhead) {
    parts.push(
      `The debit of ${goesAhead.debitDate} (due ${goesAhead.dueDate}) still goes ahead: the last day to stop it was ${goesAhead.cancelBy} (${goesAhead.cancelByExplanation}).`,
    );
  }
  if (stops) {
    parts.push(
      `Stops the debit of ${stops.debitDate} (due ${stops.dueDate})` +
        (stops.cancelBy === today
          ? '. Cancelled on the last day allowed for it.'
          : ` and every later one; it could be stopped until ${stops.cancelBy}.`),
    );
  } else {
    parts.push('No scheduled debit is left to stop.');
  }
  return { requestedOn: today, stops, goesAhead, summary: parts.join(' ') };
}
