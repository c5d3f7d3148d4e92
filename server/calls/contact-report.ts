import { closedCallsBetween } from '../../db/repositories/calls.ts';
import { listCallReasons } from '../../db/repositories/call-reasons.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { writeCsv } from '../core/csv.ts';
import { contactStats } from '../domain/contact-stats.ts';
import { addCalendarDays, instantAt, type IsoDate } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { centreDay } from './shared.ts';

const MAX_DAYS = 92;

/** Contacts between two centre-local dates (inclusive): the supervisor's calls tab. */
export async function contactReport(
  db: DbOrTrx,
  now: Date,
  input: { from?: IsoDate | undefined; to?: IsoDate | undefined },
) {
  const { today, timeZone } = await centreDay(db, now);
  const to = input.to ?? today;
  const from = input.from ?? addCalendarDays(to, -6);
  if (from > to)
    throw new DomainError('VALIDATION', msg('calls.startAfterEnd'), {
      fields: { from: msg('calls.fieldAfterEnd') },
    });
  if (addCalendarDays(from, MAX_DAYS) < to)
    throw new DomainError('VALIDATION', msg('calls.rangeTooLong', { days: MAX_DAYS }), {
      fields: { from: msg('calls.fieldRangeTooLong') },
    });
  const calls = await closedCallsBetween(
    db,
    instantAt(from, 0, timeZone).toISOString(),
    instantAt(addCalendarDays(to, 1), 0, timeZone).toISOString(),
  );
  // Labels of every code, retired ones too (old calls still carry them), as admins set them.
  const labels = await listCallReasons(db);
  return { from, to, timeZone, reasonLabels: labels, ...contactStats(calls, timeZone) };
}

export type ContactCsv = 'reasons-by-hour' | 'agents' | 'repeat-callers';

/**
 * One part of the report as CSV, through THE desk's CSV writer (formula cells neutralised: agent
 * and customer names are free text a spreadsheet could run).
 */
export async function contactReportCsv(
  db: DbOrTrx,
  now: Date,
  input: { report: ContactCsv; from?: IsoDate | undefined; to?: IsoDate | undefined },
) {
  const r = await contactReport(db, now, input);
  const name = `calls-${input.report}-${r.from}-${r.to}.csv`;
  if (input.report === 'agents') {
    return {
      filename: name,
      content: writeCsv(
        ['agent', 'calls', 'avg_handle_seconds', 'avg_wrap_seconds'],
        r.perAgent.map((a) => [a.agentName, a.calls, a.avgHandleSeconds, a.avgWrapSeconds]),
      ),
    };
  }
  if (input.report === 'repeat-callers') {
    return {
      filename: name,
      content: writeCsv(
        ['customer_id', 'customer', 'calls', 'first_call', 'last_call', 'shortest_gap_days'],
        r.repeatCallers.map((c) => [
          c.customerId,
          c.customerName ?? '',
          c.calls,
          c.firstAt,
          c.lastAt,
          c.shortestGapDays,
        ]),
      ),
    };
  }
  const reasons = r.byReason.map((x) => x.reason);
  return {
    filename: name,
    content: writeCsv(
      ['hour', 'calls', ...reasons],
      r.byHour.map((h) => [h.hour, h.calls, ...reasons.map((x) => h.byReason[x] ?? 0)]),
    ),
  };
}
