import { sql } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { DbOrTrx } from '../database.ts';
import type { DisputeChannel, DisputeStage } from '../schema/index.ts';

// The dispute work list: open cases (or one stage, or one customer's) by next deadline.

export interface CaseListQuery {
  stage?: DisputeStage | null;
  assignedTo?: number | null;
  customerId?: number | null;
  /** The business day the next deadline is read as of (a clock suspended by then is skipped). */
  today: IsoDate;
  limit: number;
  offset: number;
}

export interface CaseListRow {
  id: number;
  stage: DisputeStage;
  noticeOn: IsoDate;
  channel: DisputeChannel;
  disputedCents: number;
  massachusetts: boolean;
  lateNotice: boolean;
  nextClock: string | null;
  nextTargetOn: IsoDate | null;
  accountNumber: string;
  customerName: string;
  assignedName: string | null;
}

/**
 * Open cases (or one stage, or one customer's cases) by their next deadline as of `today`: the
 * open lender deadline with the earliest target that is not suspended by then. Computed from the
 * stored clocks at read time, because a clock becomes suspended by the passing of days
 * (server/domain/dispute-clock-state.ts) while `disputes.next_target_on` is written only when
 * the case changes.
 */
export async function listCases(db: DbOrTrx, q: CaseListQuery): Promise<CaseListRow[]> {
  let cases = db
    .selectFrom('disputes as d')
    .innerJoin('customers as cu', 'cu.id', 'd.customer_id')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .leftJoin('users as u', 'u.id', 'd.assigned_to')
    .select((eb) => {
      // The case's next open, not-yet-suspended lender deadline (the same clock for both).
      const nextOpen = () =>
        eb
          .selectFrom('dispute_clocks as dc')
          .whereRef('dc.dispute_id', '=', 'd.id')
          .where('dc.owner', '=', 'lender')
          .where('dc.kind', '=', 'deadline')
          .where('dc.applicable', '=', 1)
          .where('dc.completed_on', 'is', null)
          .where('dc.frozen_on', 'is', null)
          .where('dc.target_on', 'is not', null)
          .where((w) =>
            w.or([w('dc.suspended_from', 'is', null), w('dc.suspended_from', '>', q.today)]),
          )
          .orderBy('dc.target_on')
          .orderBy('dc.clock_id')
          .limit(1);
      return [
        'd.id',
        'd.stage',
        'd.notice_on',
        'd.channel',
        'd.disputed_cents',
        'd.massachusetts',
        'd.late_notice',
        nextOpen().select('dc.clock_id').as('next_clock'),
        nextOpen().select('dc.target_on').as('next_target_on'),
        'a.account_number',
        'u.display_name as assigned_name',
        sql<string>`coalesce(cu.business_name, cu.first_name || ' ' || cu.last_name)`.as(
          'customer_name',
        ),
      ];
    });
  if (q.stage) cases = cases.where('d.stage', '=', q.stage);
  else if (!q.customerId) cases = cases.where('d.stage', '<>', 'closed');
  if (q.assignedTo) cases = cases.where('d.assigned_to', '=', q.assignedTo);
  if (q.customerId) cases = cases.where('d.customer_id', '=', q.customerId);
  const rows = await db
    .selectFrom(cases.as('w'))
    .selectAll()
    .orderBy(sql`w.next_target_on is null`)
    .orderBy('w.next_target_on')
    .orderBy('w.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    noticeOn: r.notice_on,
    channel: r.channel,
    disputedCents: r.disputed_cents,
    massachusetts: r.massachusetts === 1,
    lateNotice: r.late_notice === 1,
    nextClock: r.next_clock,
    nextTargetOn: r.next_target_on,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    assignedName: r.assigned_name,
  }));
}
